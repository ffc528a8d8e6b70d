"""Mail about comments, delivered through a real SMTP server (aiosmtpd, started here) by the
queued tasks: the author hears of comments, double opt-in for reply mail, one-click
unsubscribe with List-Unsubscribe, retries when the server is down, nothing when mail is off."""

import re
import smtplib

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from blog.models import Comment, CommentSubscriber
from blog.writing import comments, notifications
from blog.writing.comments import Submission

from ..comment_helpers import SMTPServer, body_of, run_tasks, send_comment


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    server.settings(settings)
    settings.DEFAULT_FROM_EMAIL = "blog@example.com"
    yield server
    server.stop()


@pytest.fixture
def post(make_post, author, django_user_model):
    user = django_user_model.objects.create_user("writer", "writer@example.com", "pw")
    author.user = user
    author.save()
    return make_post(title="通知测试")


@pytest.fixture
def open_comments(settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MODERATION": "open", "RATE": "0"}


def link_in(message, kind):
    match = re.search(rf"http://testserver(/comments/{kind}/[^/\s]+/)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def test_the_author_hears_of_a_new_comment_through_smtp(client, post, smtp, settings):
    settings.LANGUAGE_CODE = "en"
    send_comment(client, post, body="A question about *this*", name="Reader")
    assert smtp.messages == []  # the request only queued it
    results = run_tasks()
    assert [r.return_value for r in results if r.task_path.endswith("send_comment_mail")] == ["sent"]
    (message,) = smtp.messages
    assert message.envelope_to == ["writer@example.com"] and message["From"] == "blog@example.com"
    assert "awaits moderation" in message["Subject"] and "通知测试" in message["Subject"]
    text = body_of(message)
    assert "Reader wrote:" in text and "A question about this" in text
    assert re.search(r"http://testserver/admin/blog/comment/\d+/change/", text)


def test_double_opt_in_then_reply_mail_with_one_click_unsubscribe(client, post, smtp, open_comments):
    send_comment(client, post, body="我想知道回复", name="甲", email="jia@example.com", notify="on")
    run_tasks()
    confirm = next(m for m in smtp.messages if m.envelope_to == ["jia@example.com"])
    assert "jia@example.com" not in link_in(confirm, "confirm")  # no address in any link
    parent = Comment.objects.get()
    # Unconfirmed: a reply sends nothing to the commenter.
    send_comment(Client(), post, body="第一个回复", name="乙", parent=parent.pk)
    smtp.messages.clear()
    run_tasks()
    assert [m.envelope_to for m in smtp.messages] == [["writer@example.com"]]
    # Confirming takes a POST (the button); a GET (a mail scanner) changes nothing.
    url = link_in(confirm, "confirm")
    assert Client().get(url).status_code == 200
    assert not CommentSubscriber.objects.get().confirmed
    assert Client().post(url).status_code == 200
    assert CommentSubscriber.objects.get().confirmed
    send_comment(Client(), post, body="第二个回复", name="丙", parent=parent.pk)
    smtp.messages.clear()
    run_tasks()
    reply = next(m for m in smtp.messages if m.envelope_to == ["jia@example.com"])
    assert "丙" in reply["Subject"] and "第二个回复" in body_of(reply) and "我想知道回复" in body_of(reply)
    unsubscribe = link_in(reply, "unsubscribe")
    assert reply["List-Unsubscribe"].strip() == f"<http://testserver{unsubscribe}>"  # (folded: long)
    assert reply["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The mail client's one-click POST: no cookies, no Origin, RFC 8058's body.
    response = Client().post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    parent.refresh_from_db()
    assert not parent.notify and not CommentSubscriber.objects.get().confirmed
    send_comment(Client(), post, body="第三个回复", name="丁", parent=parent.pk)
    smtp.messages.clear()
    run_tasks()
    assert all(m.envelope_to != ["jia@example.com"] for m in smtp.messages)


def test_no_mail_for_answering_oneself_or_for_spam(client, post, smtp, open_comments, settings):
    send_comment(client, post, body="原文", name="甲", email="jia@example.com", notify="on")
    run_tasks()
    CommentSubscriber.objects.update(confirmed="2025-01-01T00:00:00Z")
    parent = Comment.objects.get()
    send_comment(client, post, body="自己补充", name="甲", email="JIA@example.com", parent=parent.pk)
    smtp.messages.clear()
    run_tasks()
    assert all(m.envelope_to != ["jia@example.com"] for m in smtp.messages)
    from blog.models import CommentBlock

    CommentBlock.objects.create(kind="word", value="casino")
    send_comment(client, post, body="casino!", name="Bot")
    smtp.messages.clear()
    run_tasks()
    assert smtp.messages == []  # spam goes to the queue silently


def test_a_confirmation_is_not_sent_again_and_again(client, post, smtp, open_comments):
    for n in range(3):
        send_comment(client, post, body=f"第 {n} 条", email="same@example.com", notify="on")
    run_tasks()
    assert sum(m.envelope_to == ["same@example.com"] for m in smtp.messages) == 1


def test_a_failed_delivery_is_retried_later(client, post, smtp, settings):
    smtp.stop()  # nothing listens any more: connection refused
    send_comment(client, post, body="服务器停了")
    (first,) = [r for r in run_tasks() if r.task_path.endswith("send_comment_mail")]
    assert first.return_value == "retry"
    later = DBTaskResult.objects.filter(status="READY").get(task_path__endswith="send_comment_mail")
    assert later.args_kwargs["args"][-1] == 2 and later.run_after > first.finished_at
    assert run_tasks() == []  # not due yet


def test_the_last_attempt_fails_loudly(post, settings, caplog):
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard port: refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    comment = comments.submit(Submission(post=post, name="甲", body="一"))
    last = len(notifications.RETRY_DELAYS) + 1
    with pytest.raises((OSError, smtplib.SMTPException)):
        notifications.send_comment_mail.call("author", comment.pk, "http://testserver", last)


def test_without_a_mail_host_nothing_is_queued_or_offered(client, post, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    assert 'name="notify"' not in Client().get(f"/comments/new/{post.pk}/").content.decode()
    settings.EMAIL_HOST = "smtp.example.com"
    assert 'name="notify"' in Client().get(f"/comments/new/{post.pk}/").content.decode()
    settings.EMAIL_HOST = ""
    send_comment(client, post, body="没有邮件", email="x@example.com", notify="on")
    assert not Comment.objects.get().notify
    assert not DBTaskResult.objects.filter(task_path__endswith="send_comment_mail").exists()


def test_mail_is_written_in_the_commenters_language(client, post, smtp, open_comments):
    client.cookies["django_language"] = "en"
    send_comment(client, post, body="in English", email="en@example.com", notify="on")
    run_tasks()
    confirm = next(m for m in smtp.messages if m.envelope_to == ["en@example.com"])
    assert confirm["Subject"].startswith("Confirm reply notifications")
    author_mail = next(m for m in smtp.messages if m.envelope_to == ["writer@example.com"])
    assert "评论" in author_mail["Subject"]  # the site's language (zh-hans) for its author
