"""Moderating in the admin: counts on its index, the queue, approve / spam / hold / delete in
bulk, editing, replying as staff, blocking writers, the blocklist."""

import pytest
from django.test import Client

from blog.models import Comment, CommentBlock

from ..comment_helpers import send_comment


@pytest.fixture
def post(make_post):
    return make_post(title="管理评论")


@pytest.fixture
def held(client, post, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MODERATION": "all", "RATE": "0"}
    for n in range(3):
        send_comment(client, post, body=f"待审 {n}", name=f"读者{n}", email=f"r{n}@example.com")
    return list(Comment.objects.order_by("pk"))


def action(admin_client, name, comments):
    return admin_client.post(
        "/admin/blog/comment/",
        {"action": name, "_selected_action": [c.pk for c in comments], "index": 0},
        follow=True,
    )


def test_the_admin_index_counts_the_queue(admin_client, held):
    Comment.objects.filter(pk=held[0].pk).update(status="spam")
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/blog/comment/?status__exact=pending" in html
    assert "2 awaiting moderation" in html or "2 条待审核" in html
    assert "1 spam" in html or "1 条垃圾评论" in html


def test_the_queue_lists_held_comments(admin_client, held):
    html = admin_client.get("/admin/blog/comment/?status__exact=pending").content.decode()
    assert all(f"待审 {n}" in html for n in range(3))


def test_approving_in_bulk_publishes_them_at_once(admin_client, held, post):
    reader = Client()
    assert "待审 0" not in reader.get(post.get_absolute_url()).content.decode()
    reader.get(post.get_absolute_url())  # now cached
    response = action(admin_client, "approve", held[:2])
    assert response.status_code == 200
    assert "2 comments approved" in response.content.decode() or "已批准 2 条评论" in response.content.decode()
    html = reader.get(post.get_absolute_url()).content.decode()
    assert "待审 0" in html and "待审 1" in html and "待审 2" not in html
    post.refresh_from_db()
    assert post.comment_count == 2


def test_spam_hold_and_delete_actions(admin_client, held, post):
    action(admin_client, "approve", held)
    action(admin_client, "mark_spam", held[:1])
    action(admin_client, "hold", held[1:2])
    assert list(Comment.objects.order_by("pk").values_list("status", flat=True)) == ["spam", "pending", "approved"]
    response = admin_client.post(
        "/admin/blog/comment/",
        {"action": "delete_selected", "_selected_action": [held[2].pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200 and Comment.objects.count() == 2
    post.refresh_from_db()
    assert post.comment_count == 0


def test_editing_a_comment_renders_it_again(admin_client, held, post):
    comment = held[0]
    response = admin_client.post(
        f"/admin/blog/comment/{comment.pk}/change/",
        {
            "name": comment.name,
            "email": comment.email,
            "website": "",
            "body": "改过的 **正文**",
            "status": "approved",
            "notify": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    comment.refresh_from_db()
    assert comment.body_html == "<p>改过的 <strong>正文</strong></p>" and comment.status == "approved"
    post.refresh_from_db()
    assert post.comment_count == 1
    assert "改过的" in Client().get(post.get_absolute_url()).content.decode()


def test_staff_reply_from_the_admin(admin_client, held, post, admin_user):
    url = f"/admin/blog/comment/{held[0].pk}/reply/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "待审 0" in page.content.decode()
    assert admin_client.post(url, {"body": ""}).status_code == 200  # an empty reply: the form again
    response = admin_client.post(url, {"body": "谢谢你的评论"})
    assert response.status_code == 302
    reply = Comment.objects.latest("pk")
    assert reply.parent == held[0] and reply.user == admin_user and reply.status == "approved"
    held[0].refresh_from_db()
    assert held[0].status == "approved"
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "谢谢你的评论" in html and "待审 0" in html
    assert admin_client.get("/admin/blog/comment/999999/reply/").status_code in (302, 404)


def test_a_reply_needs_the_change_permission(client, held, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(viewer)
    assert client.get(f"/admin/blog/comment/{held[0].pk}/reply/").status_code in (302, 403, 404)


def test_blocking_writers_adds_their_email_and_address(admin_client, held, post, client):
    action(admin_client, "block_writers", held[:1])
    blocks = set(CommentBlock.objects.values_list("kind", "value"))
    assert ("email", "r0@example.com") in blocks
    assert ("address", held[0].client_hash) in blocks
    assert "127.0.0.1" not in {value for _kind, value in blocks}
    send_comment(client, post, body="又来了", name="读者0", email="r0@example.com")
    assert Comment.objects.latest("pk").status == "spam"


def test_the_blocklist_is_edited_in_the_admin(admin_client):
    response = admin_client.post("/admin/blog/commentblock/add/", {"kind": "word", "value": "博彩", "note": "广告"})
    assert response.status_code == 302
    assert CommentBlock.objects.get().value == "博彩"
    assert admin_client.get("/admin/blog/commentblock/").status_code == 200


def test_comments_are_not_added_by_hand(admin_client):
    assert admin_client.get("/admin/blog/comment/add/").status_code == 403
