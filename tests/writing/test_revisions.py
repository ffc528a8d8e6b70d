"""Every save that changes a post's text keeps the previous text; one can be restored."""

import re

from django.contrib.auth.models import Permission, User
from django.test import Client

from blog.models import Post, Revision
from blog.writing.posts import save_post
from tests.admin_helpers import post_data


def change_url(post):
    return f"/admin/blog/post/{post.pk}/change/"


def restore_url(post, revision):
    return f"/admin/blog/post/{post.pk}/revisions/{revision.pk}/restore/"


def edit(client, post, **fields):
    data = post_data(
        post.author,
        title=post.title,
        subtitle=post.subtitle,
        body=post.body,
        slug=post.slug,
        status=post.status,
        publish_0="2025-06-19",
        publish_1="10:56:26",
    )
    data.update(fields)
    response = client.post(change_url(post), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    return response


def test_admin_save_keeps_the_previous_text_with_time_and_user(admin_client, admin_user, make_post):
    post = make_post(title="第一版", subtitle="副一", body="原来的正文")
    assert post.revisions.count() == 0  # creating keeps nothing: there was nothing before
    edit(admin_client, post, title="第二版", body="新的正文")
    revision = post.revisions.get()
    assert (revision.title, revision.subtitle, revision.body) == ("第一版", "副一", "原来的正文")
    assert revision.user == admin_user
    assert revision.created is not None

    edit(admin_client, post, body="第三次的正文")
    assert [r.body for r in post.revisions.all()] == ["新的正文", "原来的正文"]


def test_saving_without_changes_adds_no_revision(admin_client, make_post):
    post = make_post(status=Post.Status.DRAFT, tags=["AI"])
    edit(admin_client, post, status="draft", tags="AI", publish_0="2025-06-19", publish_1="10:56:26")
    edit(admin_client, post, status="draft", tags="AI")
    assert post.revisions.count() == 1  # the first save moved the publish time; the second changed nothing


def test_saves_outside_the_admin_are_kept_too(make_post):
    post = make_post(body="shell v1")
    post.body = "shell v2"
    save_post(post)
    revision = post.revisions.get()
    assert revision.body == "shell v1" and revision.user is None
    post.status = Post.Status.DRAFT
    save_post(post, update_fields=["status"])
    assert [r.status for r in post.revisions.all()] == ["published", "published"]
    save_post(post)
    assert post.revisions.count() == 2  # nothing changed


def test_revisions_are_listed_on_the_change_page(admin_client, admin_user, make_post):
    post = make_post(title="Old title", body="old")
    edit(admin_client, post, title="New title")
    html = admin_client.get(change_url(post)).content.decode()
    section = html[html.index('id="revisions"') :]
    revision = post.revisions.get()
    assert "Old title" in section
    assert admin_user.username in section
    assert f'action="{restore_url(post, revision)}"' in section
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", section)


def test_restore_puts_the_text_back_and_keeps_the_replaced_one(admin_client, admin_user, make_post):
    post = make_post(title="v1", subtitle="s1", body="body v1")
    edit(admin_client, post, title="v2", subtitle="s2", body="body v2")
    old = post.revisions.get()
    response = admin_client.post(restore_url(post, old))
    assert response.status_code == 302
    assert response["Location"] == change_url(post)
    post.refresh_from_db()
    assert (post.title, post.subtitle, post.body) == ("v1", "s1", "body v1")
    assert post.body_html == "<p>body v1</p>"  # rendered again
    newest = post.revisions.first()
    assert (newest.title, newest.body, newest.user) == ("v2", "body v2", admin_user)
    assert post.revisions.count() == 2


def test_restore_is_a_csrf_protected_post_for_staff_who_may_change_posts(admin_user, make_post, client):
    post = make_post(body="a")
    post.body = "b"
    save_post(post)
    revision = post.revisions.get()
    url = restore_url(post, revision)

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403  # no CSRF token

    assert client.post(url).status_code == 302 and "/admin/login/" in client.post(url)["Location"]
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_post"))
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    assert 'class="restore-form"' not in client.get(change_url(post)).content.decode()
    post.refresh_from_db()
    assert post.body == "b"


def test_a_revision_of_another_post_cannot_be_restored_here(admin_client, make_post):
    a, b = make_post(body="a1"), make_post(body="b1")
    b.body = "b2"
    save_post(b)
    assert admin_client.post(restore_url(a, b.revisions.get())).status_code == 404
    assert admin_client.post(f"/admin/blog/post/999999/revisions/{b.revisions.get().pk}/restore/").status_code == 404


def test_revision_page_shows_what_changed(admin_client, make_post):
    post = make_post(body="line one\nline two")
    post.body = "line one\nline 2"
    save_post(post)
    html = admin_client.get(f"/admin/blog/revision/{post.revisions.get().pk}/change/").content.decode()
    assert '<span class="diff-del">-line two</span>' in html
    assert '<span class="diff-add">+line 2</span>' in html
    assert Revision.objects.count() == 1
