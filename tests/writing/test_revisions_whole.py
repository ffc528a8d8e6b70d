"""Revisions keep every field an editor can change, so any save can be restored whole: text,
slug, tags, status, publish time, summary, header image, path and mask, hidden, author. Older
revisions (text only) still restore their text."""

from decimal import Decimal

from django.core.files.storage import default_storage

from blog.models import Author, Post, Revision
from blog.writing.posts import restore_revision, save_post
from tests.admin_helpers import image_bytes, post_data, upload
from tests.helpers import local


def change_url(post):
    return f"/admin/blog/post/{post.pk}/change/"


def test_an_admin_save_keeps_every_field_and_restore_puts_them_all_back(admin_client, make_post, author):
    other = Author.objects.create(name="Other", slug="other")
    post = make_post(
        title="v1",
        subtitle="s1",
        slug="first-slug",
        body="body v1",
        summary="summary v1",
        status=Post.Status.DRAFT,
        publish=local(2025, 6, 19, 10, 56, 26),
        header_image=upload(image_bytes(size=(1200, 600)), "one.jpg"),
        header_image_url="img/a.jpg",
        header_mask=Decimal("0.30"),
        hidden=False,
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
    revision = post.revisions.get()
    assert revision.version is not None
    assert (revision.slug, revision.status, revision.summary, revision.author) == (
        "first-slug",
        "draft",
        "summary v1",
        author,
    )
    assert revision.publish == local(2025, 6, 19, 10, 56, 26)
    assert sorted(revision.tags) == ["alpha", "共同"]
    assert (revision.header_image, revision.header_image_url, revision.header_mask) == (
        first_header,
        "img/a.jpg",
        Decimal("0.30"),
    )

    page = admin_client.get(f"/admin/blog/revision/{revision.pk}/change/").content.decode()
    for row in (
        "post-change-title",
        "post-change-slug",
        "post-change-tags",
        "post-change-status",
        "post-change-publish",
        "post-change-author",
        "post-change-hidden",
        "post-change-header_image",
        "post-change-header_mask",
        "post-change-summary",
        "post-change-body",
    ):
        assert row in page, row

    assert admin_client.post(f"/admin/blog/post/{post.pk}/revisions/{revision.pk}/restore/").status_code == 302
    post.refresh_from_db()
    assert (post.title, post.subtitle, post.slug, post.body, post.summary) == (
        "v1",
        "s1",
        "first-slug",
        "body v1",
        "summary v1",
    )
    assert (post.status, post.publish, post.author, post.hidden) == (
        "draft",
        local(2025, 6, 19, 10, 56, 26),
        author,
        False,
    )
    assert sorted(post.tags.names()) == ["alpha", "共同"]
    assert (post.header_image.name, post.header_image_url, post.header_mask) == (
        first_header,
        "img/a.jpg",
        Decimal("0.30"),
    )
    assert post.header_image_variants["jpeg"] and all(
        default_storage.exists(n) for _w, n in post.header_image_variants["jpeg"]
    )
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
