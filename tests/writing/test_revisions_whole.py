"""Revisions keep every field an editor can change, so any save can be restored whole: text,
slug, tags, status, publish time, summary, header image, path and mask, hidden, author. Older
revisions (text only) still restore their text."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from blog.models import Author, Post, Revision
from blog.writing.posts import restore_revision, save_post
from tests.admin_helpers import image_bytes, post_data, upload
from tests.helpers import local


def change_url(post):
    return f"/admin/blog/post/{post.pk}/change/"


FIRST = {
    "title": "v1",
    "subtitle": "s1",
    "slug": "first-slug",
    "body": "body v1",
    "summary": "summary v1",
    "status": Post.Status.DRAFT,
    "header_image_url": "img/a.jpg",
    "header_mask": Decimal("0.30"),
    "hidden": False,
}
ROWS = (
    "title",
    "slug",
    "tags",
    "status",
    "publish",
    "author",
    "hidden",
    "header_image",
    "header_mask",
    "summary",
    "body",
)


@pytest.fixture
def edited(admin_client, make_post, author):
    """A post made with every field set, then saved in the admin with every field changed."""
    other = Author.objects.create(name="Other", slug="other")
    post = make_post(
        **FIRST,
        publish=local(2025, 6, 19, 10, 56, 26),
        header_image=upload(image_bytes(size=(1200, 600)), "one.jpg"),
        tags=["alpha", "共同"],
    )
    first_header = post.header_image.name
    data = post_data(
        other,
        title="v2",
        subtitle="s2",
        slug="second-slug",
        body="body v2",
        summary="summary v2",
        status="published",
        publish_0="2025-07-01",
        publish_1="08:00:00",
        tags="beta, 共同",
        header_image_url="img/b.jpg",
        header_mask="0.60",
        hidden="on",
        opened_version=str(post.version),
        header_image=upload(image_bytes(size=(1000, 500), color=(1, 2, 3)), "two.jpg"),
    )
    response = admin_client.post(change_url(post), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert (post.title, post.slug, post.author, post.hidden) == ("v2", "second-slug", other, True)
    assert sorted(post.tags.names()) == ["beta", "共同"]
    return post, first_header


def test_an_admin_save_keeps_every_field(edited, author):
    post, first_header = edited
    revision = post.revisions.get()
    assert revision.version is not None
    assert {field: getattr(revision, field) for field in FIRST} == FIRST
    assert (revision.author, revision.publish) == (author, local(2025, 6, 19, 10, 56, 26))
    assert sorted(revision.tags) == ["alpha", "共同"]
    assert revision.header_image == first_header


def test_the_revision_page_shows_every_changed_field(admin_client, edited):
    post, _first_header = edited
    page = admin_client.get(f"/admin/blog/revision/{post.revisions.get().pk}/change/").content.decode()
    for row in ROWS:
        assert f"post-change-{row}" in page, row


def test_restore_puts_every_field_back(admin_client, edited, author):
    post, first_header = edited
    revision = post.revisions.get()
    assert admin_client.post(f"/admin/blog/post/{post.pk}/revisions/{revision.pk}/restore/").status_code == 302
    post.refresh_from_db()
    assert {field: getattr(post, field) for field in FIRST} == FIRST
    assert (post.publish, post.author, post.header_image.name) == (local(2025, 6, 19, 10, 56, 26), author, first_header)
    assert sorted(post.tags.names()) == ["alpha", "共同"]
    variants = post.header_image_variants["jpeg"]
    assert variants and all(default_storage.exists(name) for _w, name in variants)
    assert post.body_html == "<p>body v1</p>"
    newest = post.revisions.first()
    assert (newest.title, newest.slug, sorted(newest.tags)) == ("v2", "second-slug", ["beta", "共同"])


def test_a_tags_only_change_is_a_revision_too(make_post):
    post = make_post(tags=["one"])
    save_post(post, tags=["one", "two"])
    assert post.revisions.get().tags == ["one"]


def test_an_older_text_only_revision_still_restores_its_text(make_post):
    post = make_post(title="now", body="now", tags=["kept"], status=Post.Status.PUBLISHED)
    old = Revision.objects.create(post=post, title="before", subtitle="", body="old body")  # as 0004 kept them
    restore_revision(old, None)
    post.refresh_from_db()
    assert (post.title, post.body, post.status) == ("before", "old body", "published")
    assert list(post.tags.names()) == ["kept"]


def test_restoring_onto_an_address_now_taken_is_a_clear_error(admin_client, make_post, settings):
    settings.LANGUAGE_CODE = "en"
    when = local(2025, 6, 19, 9, 0)
    post = make_post(slug="shared", publish=when)
    post.slug = "moved"
    save_post(post)
    make_post(slug="shared", publish=when)  # another post takes the old address
    revision = post.revisions.get()
    response = admin_client.post(f"/admin/blog/post/{post.pk}/revisions/{revision.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert "cannot be restored" in response.content.decode()
    post.refresh_from_db()
    assert post.slug == "moved"
