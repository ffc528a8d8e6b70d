"""Mail about comments, through Django's email framework, sent by the background worker.

Three messages: the post's author hears of each new comment (held ones too: they need a
moderator); a commenter who ticks "notify me" gets a confirmation link first (double opt-in);
once confirmed, they hear of replies to their comments, each mail with a one-click unsubscribe
link and ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058).

Requests only queue a task (a row in the task table, in the comment's own transaction); the
worker (``manage.py db_worker``) composes the mail from the rows as they are then, so a comment
deleted or an address unsubscribed in between sends nothing. A failed delivery is tried again
later (``RETRY_DELAYS``); a refused recipient is not.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .. import links
from ..content import html
from ..models import Comment, CommentSubscriber
from . import comment_tokens, privacy

logger = logging.getLogger(__name__)

# Seconds before each new attempt at a delivery that failed (then it is given up, and logged).
RETRY_DELAYS = (60, 300, 1800, 7200)
# A new confirmation mail goes to an unconfirmed address at most this often.
CONFIRMATION_INTERVAL = timedelta(hours=12)


def mail_enabled():
    """Mail is configured: an SMTP host, or another email backend."""
    return bool(settings.EMAIL_HOST) or not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend")


# --- What a change queues (called inside its transaction) ---------------------------------
def comment_posted(comment, base_url):
    """A new comment: mail its post's author, ask its writer to confirm their address, and
    plan forgetting its client address."""
    if comment.client_hash:
        forget_address.using(run_after=privacy.forget_after(comment.created)).enqueue(comment.pk)
    if not mail_enabled():
        return
    author = comment.post.author.user
    if author is not None and author.email and comment.status != Comment.Status.SPAM and author.pk != comment.user_id:
        send_comment_mail.enqueue("author", comment.pk, base_url)
    if comment.notify:
        _ask_for_confirmation(comment, base_url)
    if comment.is_public:
        comment_published(comment, base_url)


def _ask_for_confirmation(comment, base_url):
    subscriber, _created = CommentSubscriber.objects.get_or_create(email=comment.email.casefold())
    now = timezone.now()
    recently = subscriber.confirmation_sent and now - subscriber.confirmation_sent < CONFIRMATION_INTERVAL
    if subscriber.confirmed or recently:
        return
    subscriber.confirmation_sent = now
    subscriber.save(update_fields=["confirmation_sent"])
    send_comment_mail.enqueue("confirm", comment.pk, base_url)


def comment_published(comment, base_url):
    """A comment readers can now see: tell the writer of the comment it answers."""
    if mail_enabled() and comment.parent_id:
        send_comment_mail.enqueue("reply", comment.pk, base_url)


# --- Subscriptions ------------------------------------------------------------------------------
def confirm(subscriber):
    if not subscriber.confirmed:
        subscriber.confirmed = timezone.now()
        subscriber.save(update_fields=["confirmed"])


def unsubscribe(subscriber):
    """No more reply mail to this address, for any comment, until it confirms again."""
    subscriber.confirmed = None
    subscriber.save(update_fields=["confirmed"])
    Comment.objects.filter(email__iexact=subscriber.email, notify=True).update(notify=False)


def confirmed_subscriber(email):
    return CommentSubscriber.objects.filter(email=email.casefold(), confirmed__isnull=False).first()


# --- Composing ------------------------------------------------------------------------------------
def _absolute(base_url, path):
    return f"{(settings.BLOG.get('SITE_URL') or base_url).rstrip('/')}{path}"


def _message(template, context, to, language, headers=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, _sep, body = render_to_string(template, context).strip().partition("\n")
    return EmailMessage(subject.strip(), body.strip() + "\n", to=[to], headers=headers or {})


def _context(comment, base_url):
    return {
        "site": settings.BLOG["TITLE"],
        "comment": comment,
        "text": html.html_to_text(comment.body_html),
        "post_url": _absolute(base_url, comment.post.get_absolute_url()),
        "comment_url": _absolute(base_url, comment.get_absolute_url()),
        "delete_url": _absolute(
            base_url, links.reverse("blog:comment_delete", token=comment_tokens.make("delete", comment.pk))
        ),
    }


def compose_author(comment, base_url):
    author = comment.post.author.user
    if author is None or not author.email or comment.status == Comment.Status.SPAM:
        return None
    context = _context(comment, base_url)
    context["admin_url"] = _absolute(base_url, links.reverse("admin:blog_comment_change", comment.pk))
    return _message("blog/email/comment_to_author.txt", context, author.email, settings.LANGUAGE_CODE)


def compose_confirm(comment, base_url):
    subscriber = CommentSubscriber.objects.filter(email=comment.email.casefold()).first()
    if subscriber is None or subscriber.confirmed or not comment.notify:
        return None
    context = _context(comment, base_url)
    token = comment_tokens.make("confirm", subscriber.pk)
    context["confirm_url"] = _absolute(base_url, links.reverse("blog:comment_confirm", token=token))
    return _message("blog/email/confirm_address.txt", context, comment.email, comment.language)


def compose_reply(reply, base_url):
    parent = reply.parent
    if parent is None or not reply.is_public or not parent.notify or not parent.email:
        return None
    if parent.email.casefold() == reply.email.casefold():
        return None  # answering oneself
    subscriber = confirmed_subscriber(parent.email)
    if subscriber is None:
        return None
    context = _context(reply, base_url)
    context["parent"] = parent
    context["parent_text"] = html.html_to_text(parent.body_html)
    unsubscribe_url = _absolute(
        base_url, links.reverse("blog:comment_unsubscribe", token=comment_tokens.make("unsubscribe", subscriber.pk))
    )
    context["unsubscribe_url"] = unsubscribe_url
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return _message("blog/email/reply.txt", context, parent.email, parent.language, headers)


COMPOSERS = {"author": compose_author, "confirm": compose_confirm, "reply": compose_reply}


# --- Tasks (run by the worker) ----------------------------------------------------------------
@task()
def send_comment_mail(kind, comment_id, base_url, attempt=1):
    """Compose and send one message about a comment; on a delivery failure, queue the next
    attempt. Returns what happened ("sent", "skipped", "retry", "refused")."""
    comment = Comment.objects.select_related("post__author__user", "parent").filter(pk=comment_id).first()
    message = COMPOSERS[kind](comment, base_url) if comment is not None else None
    if message is None:
        return "skipped"
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        logger.warning("Comment mail %s for comment %s: recipient refused; not retried", kind, comment_id)
        return "refused"
    except (smtplib.SMTPException, OSError):
        if attempt > len(RETRY_DELAYS):
            logger.exception("Comment mail %s for comment %s failed %d times; given up", kind, comment_id, attempt)
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning("Comment mail %s for comment %s failed; retrying in %d s", kind, comment_id, delay)
        later = timezone.now() + timedelta(seconds=delay)
        send_comment_mail.using(run_after=later).enqueue(kind, comment_id, base_url, attempt + 1)
        return "retry"
    return "sent"


@task()
def forget_address(comment_id):
    """Drop a comment's client address hash and browser, ``KEEP_ADDRESSES_DAYS`` after it."""
    return privacy.forget_address(comment_id)
