"""The admin side of Liquid: the preview renders as a save does, a post's Liquid settings, and the
site's includes and variables, whose edits re-render what uses them."""

import json

import pytest

from blog.models import LiquidInclude, Page, Post, SiteVariable

from ..admin_helpers import post_data
from ..helpers import local

pytestmark = pytest.mark.django_db
PREVIEW = "/admin/blog/post/preview/"


def test_the_preview_renders_liquid_with_what_the_form_says(admin_client):
    LiquidInclude.objects.create(path="_includes/note.html", source="<b>{{ include.t }}</b>")
    SiteVariable.objects.create(name="title", value="站")
    data = {
        "body": '{% include note.html t="x" %} {{ page.title }} {{ page.mood }} {{ site.title }} {{ page.url }}',
        "liquid": "on",
        "title": "标题",
        "slug": "s",
        "publish_0": "2024-02-03",
        "publish_1": "10:00:00",
        "front_matter": json.dumps({"mood": "calm"}),
    }
    html = admin_client.post(PREVIEW, data).json()["html"]
    assert html == "<p><b>x</b> 标题 calm 站 /2024/02/03/s/</p>"
    # Without the Liquid switch the same text is shown as written.
    assert "{{ page.title }}" in admin_client.post(PREVIEW, {**data, "liquid": ""}).json()["html"]


def test_the_preview_of_a_saved_post_equals_its_saved_render(admin_client, make_post):
    post = make_post(title="T", body="{{ page.tags | join: ',' }}/{{ site.posts | size }}", liquid=True, tags=["a"])
    post.save()  # tags are set after the first save
    data = {"body": post.body, "object_id": post.pk, "liquid": "on", "title": post.title, "slug": post.slug}
    assert admin_client.post(PREVIEW, data).json()["html"] == post.body_html == "<p>a/1</p>"


def test_a_broken_front_matter_in_the_preview_is_ignored(admin_client):
    data = {"body": "{{ page.title }}", "liquid": "on", "title": "T", "front_matter": "{not json"}
    assert admin_client.post(PREVIEW, data).json()["html"] == "<p>T</p>"


def test_the_editor_sends_what_liquid_reads(admin_client, make_post):
    post = make_post()
    html = admin_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert 'data-preview-fields="title slug publish_0 publish_1 liquid front_matter source_path"' in html
    assert f'data-object-id="{post.pk}"' in html


def test_saving_a_liquid_post_in_the_admin(admin_client, author):
    data = post_data(author, body="{{ page.title }}!", liquid="on", front_matter='{"x": 1}', status="published")
    response = admin_client.post("/admin/blog/post/add/", data)
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.body_html == f"<p>{post.title}!</p>" and post.front_matter == {"x": 1}


def test_a_post_saved_without_front_matter_has_an_empty_one(admin_client, author):
    assert admin_client.post("/admin/blog/post/add/", post_data(author)).status_code == 302
    assert Post.objects.get().front_matter in ({}, None)


def test_a_posts_liquid_error_is_shown_in_its_form(admin_client, make_post):
    post = make_post(body="{% include nope.html %}", liquid=True)
    html = admin_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "could not find _includes/nope.html" in html


def test_editing_an_include_rerenders_its_users(admin_client, make_post, django_capture_on_commit_callbacks):
    include = LiquidInclude.objects.create(path="_includes/a.html", source="old")
    post = make_post(body="{% include a.html %}", liquid=True, publish=local(2024, 1, 1, 0, 0))
    page = Page.objects.create(slug="p", title="P", body="{% include a.html %}", liquid=True)
    html = admin_client.get(f"/admin/blog/liquidinclude/{include.pk}/change/").content.decode()
    assert str(post) in html and "P" in html  # used by
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/blog/liquidinclude/{include.pk}/change/", {"path": include.path, "source": "new"}
        )
    assert response.status_code == 302
    post.refresh_from_db()
    page.refresh_from_db()
    assert post.body_html == "<p>new</p>" and page.body_html == "<p>new</p>"


def test_editing_a_site_variable_rerenders(admin_client, make_post, django_capture_on_commit_callbacks):
    variable = SiteVariable.objects.create(name="title", value="Old")
    post = make_post(body="{{ site.title }}", liquid=True)
    with django_capture_on_commit_callbacks(execute=True):
        url = f"/admin/blog/sitevariable/{variable.pk}/change/"
        response = admin_client.post(url, {"name": "title", "value": '"New"'})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_html == "<p>New</p>"


def test_pages_list_and_form(admin_client):
    Page.objects.create(slug="a", title="A page", path="/a.html", body="x")
    assert "/a.html" in admin_client.get("/admin/blog/page/").content.decode()
    response = admin_client.post(
        "/admin/blog/page/add/",
        {
            "title": "New",
            "slug": "new",
            "path": "",
            "description": "",
            "header_image_url": "",
            "format": "markdown",
            "body": "*hi*",
            "source_path": "",
            "front_matter": "",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="new")
    assert page.path == "/new/" and page.body_html == "<p><em>hi</em></p>"


def test_a_front_matter_that_is_not_a_mapping_is_refused(admin_client, author, settings):
    settings.LANGUAGE_CODE = "en"
    response = admin_client.post("/admin/blog/post/add/", post_data(author, front_matter="[1, 2]"))
    assert response.status_code == 200 and not Post.objects.exists()
    assert "mapping of names to values" in response.content.decode()
