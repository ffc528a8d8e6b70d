"""import_jekyll moves a site's Liquid in (its _config.yml, _data/, _includes/, the files
include_relative names), its pages at their URLs, and says what it skipped or could not render;
export_jekyll writes it all back out."""

import pytest
import yaml

from blog.models import LiquidInclude, Page, Post, SiteVariable
from blog.writing.posts import save_post

from .utils import image_bytes, import_ok, post_text, run, write

pytestmark = pytest.mark.django_db

CONFIG = """
title: 小站
url: https://old.example.com
repository: me/blog
author:
  name: Ada
"""


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    write(root, "_config.yml", CONFIG)
    write(root, "_includes/note.html", '<p class="note">{{ include.text }}</p>')
    write(root, "_includes/about/zh.md", "## 你好\n\n我是 **{{ site.author.name }}**。\n")
    write(root, "_data/links.yml", "- name: GitHub\n  url: https://github.com/me\n")
    write(root, "_data/nav/main.json", '[{"title": "首页"}]')
    write(root, "_posts/part.md", "included {{ page.title }}")
    write(
        root,
        "_posts/2024-01-02-first.md",
        post_text("title: First\nmood: calm", '{% include note.html text="hi" %}\n\n{% include_relative part.md %}\n'),
    )
    write(root, "_posts/2024-01-03-second.md", post_text("title: Second", "See [the first](2024-01-02-first.md).\n"))
    write(
        root,
        "about.html",
        "---\nlayout: page\ntitle: 关于\ndescription: 关于我\nheader-img: img/about-bg.jpg\n---\n"
        '<div class="zh">{% capture zh %}{% include about/zh.md %}{% endcapture %}{{ zh | markdownify }}</div>\n',
    )
    write(
        root,
        "notes/links.md",
        "---\ntitle: Links\n---\n{% for l in site.data.links %}[{{ l.name }}]({{ l.url }}){% endfor %}\n",
    )
    write(root, "index.html", "---\nlayout: default\n---\n{% for p in paginator.posts %}{% endfor %}\n")
    write(root, "archive.html", "---\nlayout: page\ntitle: Archive\n---\n{% for p in site.posts %}{% endfor %}\n")
    write(root, "README.md", "# Not a page: no front matter\n")
    write(root, "_drafts/idea.md", post_text("title: Idea"))
    return root


def test_config_data_and_includes_move_in(site):
    import_ok(site)
    variables = dict(SiteVariable.objects.values_list("name", "value"))
    assert variables["title"] == "小站" and variables["author"] == {"name": "Ada"}
    assert variables["data"] == {
        "links": [{"name": "GitHub", "url": "https://github.com/me"}],
        "nav": {"main": [{"title": "首页"}]},
    }
    assert set(LiquidInclude.objects.values_list("path", flat=True)) == {
        "_includes/note.html",
        "_includes/about/zh.md",
        "_posts/part.md",  # what include_relative named
    }


def test_posts_render_their_liquid_and_keep_what_page_reads(site):
    import_ok(site)
    first = Post.objects.get(title="First")
    assert first.liquid and first.source_path == "_posts/2024-01-02-first.md"
    assert first.front_matter == {"title": "First", "mood": "calm"}
    assert '<p class="note">hi</p>' in first.body_html and "included First" in first.body_html
    second = Post.objects.get(title="Second")
    assert f'href="{first.get_absolute_url()}"' in second.body_html


def test_pages_import_at_their_urls_and_theme_pages_are_skipped(site, client):
    result = import_ok(site)
    about = Page.objects.get(source_path="about.html")
    assert (about.path, about.title, about.description, about.header_image_url) == (
        "/about.html",
        "关于",
        "关于我",
        "img/about-bg.jpg",
    )
    assert about.format == Page.Format.HTML and "<strong>Ada</strong>" in about.body_html
    links = Page.objects.get(source_path="notes/links.md")
    assert links.path == "/notes/links.html" and 'href="https://github.com/me"' in links.body_html
    assert not Page.objects.filter(source_path__in=["index.html", "archive.html", "README.md"]).exists()
    assert "Pages: 2 created" in result.stdout
    assert "Theme pages skipped (the blog has its own): archive.html, index.html." in result.stdout
    assert client.get("/about.html").status_code == 200
    assert client.get("/archive.html")["Location"] == "/archive/"


def test_a_page_with_a_permalink_and_the_sites_pretty_style(tmp_path):
    write(tmp_path, "_config.yml", "permalink: pretty\n")
    write(tmp_path, "about.md", "---\ntitle: About\npermalink: /about/\n---\nhi\n")
    write(tmp_path, "docs/setup.md", "---\ntitle: Setup\n---\nsteps\n")
    write(tmp_path, "docs/index.md", "---\ntitle: Docs\n---\nall docs\n")
    import_ok(tmp_path)
    assert sorted(Page.objects.values_list("path", flat=True)) == ["/about/", "/docs/", "/docs/setup/"]


def test_the_about_page_made_before_is_updated_not_doubled(tmp_path, seed):
    assert Page.objects.filter(slug="about").exists()
    write(tmp_path, "_config.yml", "title: x\n")
    write(tmp_path, "about.md", "---\ntitle: About me\npermalink: /about/\n---\nnew text\n")
    import_ok(tmp_path)
    [page] = Page.objects.filter(slug="about")
    assert page.title == "About me" and page.path == "/about/" and "new text" in page.body_html


def test_a_reimport_updates_pages_and_includes(site):
    import_ok(site)
    write(site, "_includes/note.html", "<em>{{ include.text }}</em>")
    write(site, "notes/links.md", "---\ntitle: Links again\n---\nchanged\n")
    result = import_ok(site)
    assert "<em>hi</em>" in Post.objects.get(title="First").body_html
    assert Page.objects.get(source_path="notes/links.md").title == "Links again"
    assert Page.objects.count() == 2 and "Pages: 0 created, 2 updated" in result.stdout


def test_liquid_errors_are_reported_and_the_post_is_kept(tmp_path):
    write(tmp_path, "_config.yml", "title: x\n")
    write(
        tmp_path, "_posts/2024-01-02-broken.md", post_text("title: Broken", "Hi {% include nowhere.html %} {% if %}\n")
    )
    result = run("import_jekyll", tmp_path)
    assert result.error is None
    post = Post.objects.get(title="Broken")
    assert "{% include nowhere.html %}" in post.body_html and post.liquid_error
    assert "Liquid not rendered, shown as written" in result.stderr
    assert "Liquid could not be rendered in 1 posts or pages" in result.stdout


def test_page_variables_come_with_the_sites_defaults(tmp_path):
    """page.* is the front matter over _config.yml's defaults:, as Jekyll gives it."""
    write(
        tmp_path,
        "_config.yml",
        'defaults:\n  - scope: {path: "", type: posts}\n    values: {mood: 平静, layout: post}\n',
    )
    write(tmp_path, "_posts/2024-01-02-a.md", post_text("title: A", "心情：{{ page.mood }}；{{ page.layout }}\n"))
    write(tmp_path, "_posts/2024-01-03-b.md", post_text("title: B\nmood: 开心", "心情：{{ page.mood }}\n"))
    import_ok(tmp_path)
    assert "心情：平静；post" in Post.objects.get(title="A").body_html
    assert "心情：开心" in Post.objects.get(title="B").body_html


def test_render_with_liquid_false_is_respected(tmp_path):
    write(tmp_path, "_posts/2024-01-02-vue.md", post_text("title: Vue\nrender_with_liquid: false", "`{{ msg }}`\n"))
    import_ok(tmp_path)
    post = Post.objects.get()
    assert not post.liquid and "{{ msg }}" in post.body_html


def test_a_dry_run_stores_no_liquid(site):
    result = run("import_jekyll", site, dry_run=True)
    assert result.error is None
    assert not (SiteVariable.objects.exists() or LiquidInclude.objects.exists() or Page.objects.exists())


def test_include_relative_cannot_read_outside_the_site(tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    root = tmp_path / "site"
    write(root, "_config.yml", "title: x\n")
    write(root, "_posts/2024-01-02-a.md", post_text("title: A", "{% include_relative ../../secret.txt %}"))
    import_ok(root)
    assert "secret" not in Post.objects.get().body_html.replace("secret.txt", "")
    assert not LiquidInclude.objects.exists()


# --- Export ----------------------------------------------------------------------------------
def test_export_writes_pages_includes_config_and_data(site, tmp_path):
    import_ok(site)
    out = tmp_path / "out"
    result = run("export_jekyll", out)
    assert result.error is None, result.stderr
    assert (out / "_includes/note.html").read_text() == '<p class="note">{{ include.text }}</p>'
    assert (out / "_posts/part.md").read_text() == "included {{ page.title }}"
    assert (out / "_posts/2024-01-02-first.md").exists()  # where it came from: relative links hold
    about = (out / "about.html").read_text()
    assert "permalink: /about.html" in about and about.endswith("{{ zh | markdownify }}</div>\n")
    config = yaml.safe_load((out / "_config.yml").read_text())
    assert config["repository"] == "me/blog" and "data" not in config
    assert yaml.safe_load((out / "_data/links.yml").read_text()) == [{"name": "GitHub", "url": "https://github.com/me"}]
    assert "mood: calm" in (out / "_posts/2024-01-02-first.md").read_text()


def liquid_state():
    return {
        "pages": sorted(Page.objects.values_list("path", "title", "body", "body_html", "format")),
        "includes": sorted(LiquidInclude.objects.values_list("path", "source")),
        # (the export adds jekyll-redirect-from to the plugins when posts have old URLs)
        "variables": sorted(
            (n, repr(v)) for n, v in SiteVariable.objects.exclude(name="plugins").values_list("name", "value")
        ),
        "posts": sorted(Post.objects.values_list("title", "body", "body_html", "liquid")),
    }


def test_round_trip_keeps_pages_includes_and_liquid(site, tmp_path, make_post):
    import_ok(site)
    save_post(Post(title="Written here", body="Vue `{{ msg }}`", author=Post.objects.first().author))
    before = liquid_state()
    out = tmp_path / "out"
    assert run("export_jekyll", out).error is None
    Post.objects.all().delete()
    Page.objects.all().delete()
    LiquidInclude.objects.all().delete()
    SiteVariable.objects.all().delete()
    import_ok(out)
    assert liquid_state() == before


def test_a_pages_header_image_from_the_site_is_copied(tmp_path, client):
    write(tmp_path, "_config.yml", "title: x\n")
    write(tmp_path, "img/me.jpg", image_bytes())
    write(tmp_path, "about.md", '---\ntitle: About\nheader-img: "{{ site.baseurl }}/img/me.jpg"\n---\nhi\n')
    import_ok(tmp_path)
    page = Page.objects.get()
    assert page.header_image_url == "/media/jekyll/img/me.jpg"
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'src="/media/jekyll/img/me.jpg"' in html
    assert client.get("/img/me.jpg")["Location"] == "/media/jekyll/img/me.jpg"
