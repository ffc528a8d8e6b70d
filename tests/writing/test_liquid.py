"""Liquid in saved posts and pages: what it reads from the database (site variables, includes,
other posts and pages), and the re-renders when one of those changes."""

import pytest

from blog.models import LiquidInclude, Page, Post, SiteVariable
from blog.writing.posts import save_post

from ..helpers import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def liquid_post(make_post):
    def make(body, **fields):
        return make_post(body=body, liquid=True, **fields)

    return make


def test_a_post_without_liquid_keeps_its_braces(make_post):
    post = make_post(body="Vue: `{{ message }}` and {% raw %}")
    assert "{{ message }}" in post.body_html and "{% raw %}" in post.body_html
    assert post.liquid_error == "" and post.liquid_uses == ""


def test_page_variables_come_from_the_post_and_its_front_matter(liquid_post):
    post = liquid_post(
        "{{ page.title }} / {{ page.url }} / {{ page.mood }} / {{ page.date | date: '%Y-%m-%d' }}",
        title="Hello",
        slug="hello",
        publish=local(2024, 5, 6, 7, 8),
        front_matter={"mood": "calm"},
    )
    assert post.body_html == "<p>Hello / /2024/05/06/hello/ / calm / 2024-05-06</p>"


def test_site_variables_come_from_the_imported_config(liquid_post):
    SiteVariable.objects.create(name="repository", value="https://github.com/me/blog")
    post = liquid_post("[issues]({{ site.repository }}/issues)")
    assert 'href="https://github.com/me/blog/issues"' in post.body_html
    assert "\nsite\n" in post.liquid_uses


def test_site_posts_tags_and_categories(liquid_post):
    liquid_post("x", title="Older", tags=["t"], publish=local(2024, 1, 1, 9, 0), front_matter={"categories": ["c"]})
    post = liquid_post(
        "{{ site.posts | size }} {{ site.tags.t.first.title }} {{ site.categories.c | map: 'title' | join }}",
        title="Newer",
    )
    assert post.body_html == "<p>2 Older Older</p>"


def test_site_posts_skip_drafts_and_scheduled_posts(liquid_post, make_post):
    make_post(title="Draft", status=Post.Status.DRAFT)
    make_post(title="Later", publish=local(2999, 1, 1, 0, 0))
    post = liquid_post("{{ site.posts | map: 'title' | join: ',' }}", title="Now")
    assert post.body_html == "<p>Now</p>"


def test_includes_come_from_the_database(liquid_post):
    LiquidInclude.objects.create(path="_includes/note.html", source="<b>{{ include.text }}</b>")
    post = liquid_post('{% include note.html text="hi" %}')
    assert "<b>hi</b>" in post.body_html
    assert "\n_includes/note.html\n" in post.liquid_uses


def test_a_changed_include_rerenders_the_posts_that_use_it(liquid_post, django_capture_on_commit_callbacks):
    note = LiquidInclude.objects.create(path="_includes/note.html", source="old")
    user = liquid_post("{% include note.html %}")
    other = liquid_post("no include here")
    note.source = "new"
    with django_capture_on_commit_callbacks(execute=True):
        note.save()
    user.refresh_from_db()
    other_before = other.updated
    other.refresh_from_db()
    assert user.body_html == "<p>new</p>"
    assert other.updated == other_before


def test_a_deleted_include_shows_the_liquid_as_written(liquid_post, django_capture_on_commit_callbacks):
    note = LiquidInclude.objects.create(path="_includes/note.html", source="note")
    user = liquid_post("Before {% include note.html %}")
    with django_capture_on_commit_callbacks(execute=True):
        note.delete()
    user.refresh_from_db()
    assert "{% include note.html %}" in user.body_html
    assert "could not find" in user.liquid_error


def test_a_missing_include_added_later_fixes_the_post(liquid_post, django_capture_on_commit_callbacks):
    post = liquid_post("{% include later.html %}")
    assert post.liquid_error
    with django_capture_on_commit_callbacks(execute=True):
        LiquidInclude.objects.create(path="_includes/later.html", source="here now")
    post.refresh_from_db()
    assert post.body_html == "<p>here now</p>" and post.liquid_error == ""


def test_a_changed_variable_rerenders(liquid_post, django_capture_on_commit_callbacks):
    variable = SiteVariable.objects.create(name="title", value="Old name")
    post = liquid_post("{{ site.title }}")
    variable.value = "New name"
    with django_capture_on_commit_callbacks(execute=True):
        variable.save()
    post.refresh_from_db()
    assert post.body_html == "<p>New name</p>"


def test_a_new_post_rerenders_the_lists_of_posts(liquid_post, make_post, django_capture_on_commit_callbacks):
    listing = liquid_post("{% for p in site.posts %}{{ p.title }};{% endfor %}", title="List")
    with django_capture_on_commit_callbacks(execute=True):
        make_post(title="Fresh")
    listing.refresh_from_db()
    assert "Fresh;" in listing.body_html


def test_rerenders_make_no_revisions(liquid_post, make_post, django_capture_on_commit_callbacks):
    listing = liquid_post("{{ site.posts | size }}")
    with django_capture_on_commit_callbacks(execute=True):
        make_post()
    assert listing.revisions.count() == 0


def test_a_template_error_keeps_the_post_and_shows_its_liquid_escaped(liquid_post):
    post = liquid_post("Text {% if %} and <script>alert(1)</script> {{ x")
    assert Post.objects.filter(pk=post.pk).exists()
    assert "{% if %}" in post.body_html and "<script" not in post.body_html
    assert post.liquid_error


def test_a_resave_renders_the_same(liquid_post):
    LiquidInclude.objects.create(path="_includes/a.md", source="**{{ page.title }}**")
    post = liquid_post("{% include a.md %}", title="T")
    first = post.body_html
    post.refresh_from_db()
    save_post(post)
    assert post.body_html == first == "<p><strong>T</strong></p>"


def test_relative_links_to_the_sites_markdown_files(liquid_post, make_post):
    target = make_post(
        title="One", slug="one", publish=local(2020, 6, 19, 10, 0), source_path="_posts/2020-06-19-one.md"
    )
    Page.objects.create(slug="about", title="About", path="/about/", source_path="about.md")
    post = make_post(
        body="[one](2020-06-19-one.md#part) [about](../about.md) [code](`x.md`) [other](missing.md) [web](https://e.org/a.md)",
        source_path="_posts/2020-07-01-two.md",
    )
    assert f'href="{target.get_absolute_url()}#part"' in post.body_html
    assert 'href="/about/"' in post.body_html
    assert 'href="missing.md"' in post.body_html and 'href="https://e.org/a.md"' in post.body_html


def test_a_page_renders_liquid_and_html_pages_skip_markdown(liquid_post):
    SiteVariable.objects.create(name="title", value="站名")
    page = Page.objects.create(
        slug="x", title="X", body="<div>{{ site.title }} *no md*</div>", liquid=True, format="html"
    )
    assert page.body_html == "<div>站名 *no md*</div>" and page.path == "/x/"
    md = Page.objects.create(slug="y", title="Y", body="{{ page.title }} *md*", liquid=True)
    assert md.body_html == "<p>Y <em>md</em></p>"


def test_post_url_and_link_find_imported_files(liquid_post, make_post):
    target = make_post(slug="105626", publish=local(2010, 7, 21, 9, 0), source_path="_posts/2010-07-21-my-post.md")
    Page.objects.create(slug="about", title="About", path="/about.html", source_path="about.md")
    post = liquid_post("[a]({% post_url 2010-07-21-my-post %}) [b]({% link about.md %}) [c]({% link img/x.png %})")
    assert f'href="{target.get_absolute_url()}"' in post.body_html
    assert 'href="/about.html"' in post.body_html and 'href="/img/x.png"' in post.body_html


def test_post_url_of_a_post_not_imported_from_a_file_is_its_date_and_name(liquid_post):
    post = liquid_post("[prev]({% post_url 2010-07-21-my-post %})")
    assert 'href="/2010/07/21/my-post/"' in post.body_html


def test_a_moved_post_rerenders_the_posts_linking_to_it_and_only_those(make_post, django_capture_on_commit_callbacks):
    target = make_post(
        title="One", slug="one", publish=local(2020, 6, 19, 10, 0), source_path="_posts/2020-06-19-one.md"
    )
    linking = make_post(body="[one](2020-06-19-one.md)", source_path="_posts/2020-07-01-two.md")
    by_name = make_post(body="[one]({% post_url 2020-06-19-one %})", liquid=True)
    assert linking.liquid_uses == "\nfile:_posts/2020-06-19-one.md\n"
    assert by_name.liquid_uses == "\npost:2020-06-19-one\n"
    target.slug = "first"
    with django_capture_on_commit_callbacks(execute=True):
        save_post(target)
    linking.refresh_from_db()
    by_name.refresh_from_db()
    assert 'href="/2020/06/19/first/"' in linking.body_html and 'href="/2020/06/19/first/"' in by_name.body_html
    untouched = linking.updated
    with django_capture_on_commit_callbacks(execute=True):
        make_post(title="Unrelated")
    linking.refresh_from_db()
    assert linking.updated == untouched


def test_the_users_of_thousands_of_names_are_found_in_one_pass(make_post):
    """An import changes a name per file: thousands at once (one LIKE each would overflow
    SQLite's expression depth)."""
    from blog.models import Post
    from blog.writing.liquid import users_of

    user = make_post(title="Reads the list", body="{{ site.posts | size }}", liquid=True)
    make_post(title="Reads nothing", body="plain")
    names = {f"file:_posts/2020-01-01-p{n}.md" for n in range(3000)} | {"site.posts"}
    posts, pages = users_of(names)
    assert [post.pk for post in posts] == [user.pk] and pages == []
    assert Post.objects.get(pk=user.pk).liquid_uses.strip() == "site.posts"
