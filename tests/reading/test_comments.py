"""Commenting on a post page that the page cache serves: posting, replies, what the writer and
other readers see, cross-site posts, refusals that keep the text, signed delete links."""

import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from blog.models import Comment, Post
from blog.writing import comment_tokens
from blog.writing.spam import form_token

from ..comment_helpers import form_data, send_comment


@pytest.fixture
def post(make_post):
    return make_post(title="评论测试", body="正文。")


@pytest.fixture
def policy(settings):
    def set_policy(name, **more):
        settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MODERATION": name, "RATE": "0", **more}

    return set_policy


def page(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response


def text(response):
    return response.content.decode()


def test_an_approved_comment_shows_on_the_next_request_of_a_cached_page(client, post, policy):
    policy("open")
    reader = Client()
    assert page(reader, post).headers["X-Cache"] == "miss"
    assert page(reader, post).headers["X-Cache"] == "hit"
    response = send_comment(client, post, body="第一条**评论**")
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    fresh = page(reader, post)
    assert fresh.headers["X-Cache"] == "miss"
    assert "第一条<strong>评论</strong>" in text(fresh)
    assert page(reader, post).headers["X-Cache"] == "hit"
    post.refresh_from_db()
    assert post.comment_count == 1


def test_the_cached_page_carries_nothing_of_one_reader(client, post):
    first, second = page(Client(), post), page(Client(), post)
    assert second.headers["X-Cache"] == "hit" and first.content == second.content
    html = text(first)
    assert "csrfmiddlewaretoken" not in html and 'name="token"' not in html
    assert not first.cookies and not second.cookies
    assert f'href="/comments/new/{post.pk}/"' in html and "data-comment-form" in html  # the form: a page of its own


def test_the_form_page_is_dated_when_opened_and_never_cached(client, post):
    for _ in range(2):
        before = int(time.time())
        response = client.get(f"/comments/new/{post.pk}/")
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert "X-Cache" not in response and not response.cookies
        token = re.search(r'name="token" value="([^"]+)"', text(response)).group(1)
        token_post, opened = token.split(":")[0].split(".")
        assert token_post == str(post.pk) and int(opened) >= before  # the post and a date, nothing else
    assert 'href="/2' in text(response) and "#comments" in text(response)  # Cancel: back to the post


def test_a_held_comment_is_shown_to_its_writer_alone_and_never_cached(client, post, policy):
    policy("all")
    other = Client()
    page(other, post)
    send_comment(client, post, body="等待审核的评论")
    mine = page(client, post)
    assert "等待审核的评论" in text(mine)
    assert "only you can see" in text(mine) or "只有你能看到" in text(mine)
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    assert "X-Cache" not in mine
    for _ in range(2):
        theirs = page(other, post)
        assert "等待审核的评论" not in text(theirs)
    assert theirs.headers["X-Cache"] == "hit"


def test_the_writers_cookie_is_signed_and_scoped_to_the_post(client, post, policy):
    policy("all")
    response = send_comment(client, post)
    cookie = response.cookies["blog_comments"]
    assert cookie["path"] == post.get_absolute_url()
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    forged = Client()
    forged.cookies["blog_comments"] = "[1,2,3]"
    assert "写得很好" not in text(page(forged, post))


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {},
    ],
    ids=["other-origin", "null-origin", "other-referer", "neither"],
)
def test_a_cross_site_post_is_refused_and_keeps_the_text(client, post, headers):
    response = client.post(f"/comments/post/{post.pk}/", form_data(post, body="跨站提交的内容"), **headers)
    assert response.status_code == 403
    assert "跨站提交的内容" in text(response)
    assert Comment.objects.count() == 0


def test_a_same_site_referer_is_enough_without_origin(client, post):
    response = client.post(
        f"/comments/post/{post.pk}/", form_data(post), HTTP_REFERER=f"http://testserver{post.get_absolute_url()}"
    )
    assert response.status_code == 303


def test_trusted_origins_are_accepted(client, post, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://blog.example.com"]
    assert send_comment(client, post, origin="https://blog.example.com").status_code == 303


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"body": "   \n\t "}, "Please write your comment"),
        ({"body": "字" * 5001}, "5001"),
        ({"name": ""}, "Please give a name"),
        ({"name": "\x01\x02\u202e"}, "Please give a name"),
        ({"name": "a\x00b"}, "Null characters"),
        ({"email": "not-an-email"}, "does not look like an email"),
        ({"website": "javascript:alert(1)"}, "full address of your website"),
        ({"website": "ftp://example.com/"}, "full address of your website"),
    ],
    ids=["blank", "too-long", "no-name", "control-name", "null-name", "email", "js-website", "ftp-website"],
)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(client, post, settings, fields, error):
    settings.LANGUAGE_CODE = "en"
    data = {"body": "我的评论内容", "name": "读者", "email": "reader@example.com", **fields}
    response = send_comment(client, post, **data)
    assert response.status_code == 400
    html = text(response)
    assert error in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    kept = fields.get("body", "我的评论内容")
    if len(kept) < 100 and kept.strip():
        assert kept in html
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"url": "http://spam.example"}, "Leave this empty"),
        ({"token": "forged"}, "could not be checked"),
        ({"token": form_token(999999, time.time() - 60)}, "could not be checked"),
        ({"token": form_token(0, 0)}, "could not be checked"),
        ("fast", "very quick"),
        ("old", "too long ago"),
    ],
    ids=["honeypot", "forged", "other-post", "zero", "too-fast", "too-old"],
)
def test_spam_defences_refuse_in_words_and_keep_the_text(client, post, settings, change, words):
    settings.LANGUAGE_CODE = "en"
    if change == "fast":
        change = {"token": form_token(post.pk, time.time() - 1)}
    elif change == "old":
        change = {"token": form_token(post.pk, time.time() - 4 * 24 * 3600)}
    response = send_comment(client, post, body="被拒绝但保留的文字", **change)
    assert response.status_code == 400
    assert words in text(response) and "被拒绝但保留的文字" in text(response)
    # The form sent back carries a fresh token: sending it again (later) works.
    assert Comment.objects.count() == 0


def test_rate_limit_per_address_says_when_to_come_back(client, post, settings):
    settings.LANGUAGE_CODE = "en"
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "RATE": "3/600"}
    for n in range(3):
        assert send_comment(client, post, body=f"评论 {n}").status_code == 303
    response = send_comment(client, post, body="第四条")
    assert response.status_code == 429
    assert "wait 10 minutes" in text(response) and "第四条" in text(response)
    # Another address is not limited.
    assert send_comment(client, post, body="别人的", meta={"REMOTE_ADDR": "203.0.113.9"}).status_code == 303


def test_rate_limit_per_email_holds_across_addresses(client, post, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "RATE": "2/600"}
    for n in range(2):
        send_comment(client, post, body=f"评论 {n}", email="a@example.com", meta={"REMOTE_ADDR": f"203.0.113.{n + 1}"})
    response = send_comment(client, post, body="再来", email="A@example.com", meta={"REMOTE_ADDR": "203.0.113.50"})
    assert response.status_code == 429


def test_the_same_comment_twice_is_refused(client, post):
    assert send_comment(client, post, body="重复").status_code == 303
    response = send_comment(client, post, body="重复")
    assert response.status_code == 400 and Comment.objects.count() == 1


def test_comments_closed_on_a_post(client, post, settings):
    Post.objects.filter(pk=post.pk).update(comments_open=False)
    html = text(page(Client(), post))
    assert "/comments/new/" not in html and "data-comment-form" not in html
    assert client.get(f"/comments/new/{post.pk}/").status_code == 404
    assert send_comment(client, post).status_code == 403
    assert Comment.objects.count() == 0


def test_comments_close_after_the_sites_number_of_days(client, make_post, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "CLOSE_AFTER_DAYS": 30}
    old = make_post(publish=timezone.now() - timezone.timedelta(days=31))
    recent = make_post(publish=timezone.now() - timezone.timedelta(days=29))
    assert send_comment(client, old).status_code == 403
    assert send_comment(client, recent).status_code == 303


def test_no_comments_on_drafts_or_scheduled_posts(client, make_post):
    draft = make_post(status=Post.Status.DRAFT)
    later = make_post(publish=timezone.now() + timezone.timedelta(days=1))
    assert send_comment(client, draft).status_code == 404
    assert send_comment(client, later).status_code == 404


def test_get_is_not_allowed_on_the_posting_address(client, post):
    assert client.get(f"/comments/post/{post.pk}/").status_code == 405


def test_replies_are_threaded_and_deep_ones_flattened(client, post, policy):
    policy("open")
    parent = None
    for depth in range(6):
        send_comment(client, post, body=f"层级 {depth}", name=f"读者{depth}", parent=parent.pk if parent else "")
        parent = Comment.objects.latest("pk")
    html = text(page(Client(), post))
    depths = [int(d) for d in re.findall(r'style="--d:(\d+);', html)]
    assert depths == [0, 1, 2, 3, 3, 3]
    assert "读者4" in html and html.index("层级 4") < html.index("层级 5")


def test_a_reply_to_another_posts_comment_or_a_held_one_is_refused(client, post, make_post, policy):
    policy("open")
    other = make_post()
    send_comment(client, other, body="另一篇的评论")
    elsewhere = Comment.objects.get()
    response = send_comment(client, post, body="回复", parent=elsewhere.pk)
    assert response.status_code == 400 and "回复" in text(response)
    policy("all")
    send_comment(client, post, body="待审")
    held = Comment.objects.latest("pk")
    assert send_comment(client, post, body="回复待审", parent=held.pk).status_code == 400
    assert send_comment(client, post, body="回复", parent="abc").status_code == 400


def test_the_reply_form_page_without_javascript(client, post, policy):
    policy("open")
    send_comment(client, post, body="原评论")
    comment = Comment.objects.get()
    html = text(page(Client(), post))
    assert f'href="/comments/reply/{comment.pk}/"' in html
    form_page = client.get(f"/comments/reply/{comment.pk}/")
    assert form_page.status_code == 200
    assert f'name="parent" value="{comment.pk}"' in text(form_page) and "原评论" in text(form_page)
    assert client.get("/comments/reply/999999/").status_code == 404


def test_the_post_authors_reply_is_marked(client, post, author, django_user_model):
    user = django_user_model.objects.create_user("tester", "tester@example.com", "pw")
    author.user = user
    author.save()
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert send_comment(client, post, body="作者的回复", name="Tester").status_code == 303
    comment = Comment.objects.get()
    assert comment.by_author and comment.status == Comment.Status.APPROVED and comment.user == user
    assert 'class="comment by-author"' in text(page(Client(), post))


def test_emails_never_appear_and_avatars_are_made_here(client, post, policy):
    policy("open")
    send_comment(client, post, body="有邮箱的评论", email="secret.reader@example.com", name="alice")
    for url in [post.get_absolute_url(), "/comments/feed/", f"{post.get_absolute_url()}comments/feed/", "/"]:
        html = text(Client().get(url))
        assert "secret.reader" not in html and "gravatar" not in html.lower(), url
    assert '<span class="avatar" aria-hidden="true">A</span>' in text(page(Client(), post))


def test_lists_show_comment_counts(client, post, policy):
    policy("open")
    for n in range(2):
        send_comment(client, post, body=f"第 {n} 条")
    html = text(Client().get("/"))
    assert f'href="{post.get_absolute_url()}#comments"' in html
    assert re.search(r"2 (comments|条评论)", html)


DELETE_LINK = re.compile(r'href="/comments/delete/([^/"]+)/"')


def test_delete_through_the_signed_link(client, post, policy):
    policy("open")
    send_comment(client, post, body="要删除的评论", name="甲")
    parent = Comment.objects.get()
    send_comment(client, post, body="回复一", name="乙", parent=parent.pk)
    reply = Comment.objects.latest("pk")
    # Each link's token is signed with the time it was made: read them back, do not remake them.
    links = {
        comment_tokens.read("delete", token): f"/comments/delete/{token}/"
        for token in DELETE_LINK.findall(text(page(client, post)))
    }
    assert set(links) == {parent.pk, reply.pk}  # both are this writer's
    url = links[parent.pk]
    assert not DELETE_LINK.findall(text(page(Client(), post)))
    confirm = Client().get(url)
    assert confirm.status_code == 200 and "要删除的评论" in text(confirm)
    assert Comment.objects.filter(pk=parent.pk).exists()  # a GET changes nothing
    assert Client().post(url).status_code == 200
    assert not Comment.objects.filter(pk=parent.pk).exists()
    reply.refresh_from_db()
    assert reply.parent_id is None  # the reply stays, moved up
    post.refresh_from_db()
    assert post.comment_count == 1
    assert "要删除的评论" not in text(page(Client(), post))


@pytest.mark.parametrize("kind", ["delete", "confirm", "unsubscribe"])
def test_forged_or_crossed_links_change_nothing(client, post, kind):
    send_comment(client, post)
    comment = Comment.objects.get()
    other_kind = "confirm" if kind == "delete" else "delete"
    for token in ["x", comment_tokens.make(other_kind, comment.pk), "W10:1xY:abc"]:
        response = client.post(f"/comments/{kind}/{token}/")
        assert response.status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_feeds_of_comments_hold_approved_comments_only(client, post, policy):
    policy("open")
    send_comment(client, post, body="公开的评论 <script>alert(1)</script>", name="丙")
    policy("all")
    send_comment(client, post, body="待审的评论", name="丁")
    for url in ["/comments/feed/", f"{post.get_absolute_url()}comments/feed/"]:
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
        xml = text(response)
        assert "公开的评论" in xml and "待审的评论" not in xml and "<script>" not in xml
        assert "<name>丙</name>" in xml
    assert Client().get("/2025/01/01/nothing/comments/feed/").status_code == 404


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=100),
    body=st.text(max_size=400),
    email=st.text(max_size=40),
    website=st.text(max_size=40),
    parent=st.one_of(st.just(""), st.integers(min_value=-5, max_value=10**30).map(str), st.text(max_size=5)),
)
def test_any_input_gets_an_answer_never_an_error(client, post, policy, name, body, email, website, parent):
    policy("open")
    response = send_comment(client, post, name=name, body=body, email=email, website=website, parent=parent)
    assert response.status_code in (303, 400), response.status_code
    if response.status_code == 400 and body.strip() and "\x00" not in body:
        kept = text(response)
        assert 'role="alert"' in kept
