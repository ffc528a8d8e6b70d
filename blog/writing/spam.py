"""Spam defence without a paid service, and Akismet when a key is configured.

A comment is *refused* (the reader is told why, in words, and keeps the text) when its form
token is forged, too fresh or too old, when the honeypot field is filled, when its writer has
posted too much lately, or when it repeats one already posted. It is *stored as spam* (its
writer sees it as awaiting moderation, spammers learn nothing) when it matches the blocklist or
Akismet says so. Rate limits are counted in the shared cache, so they hold across workers and
hosts; when the cache is down they are skipped rather than blocking every reader.
"""

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from ..models import Comment, CommentBlock

logger = logging.getLogger(__name__)

_TOKEN_SALT = "blog.comments.form"
AKISMET_TIMEOUT = 3  # seconds a comment waits for Akismet at most


class Refused(Exception):
    """A comment turned away: ``message`` tells the reader why; ``status`` is the HTTP answer."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


# --- The signed form token ---------------------------------------------------------------
def form_token(post_id, now=None):
    """A token for the comment form of post ``post_id``, saying when the form was opened.

    The same for every reader (it may sit in a cached page): it proves the form came from this
    site for this post, and dates it; it carries nothing about the reader.
    """
    opened = int(now if now is not None else time.time())
    return signing.Signer(salt=_TOKEN_SALT).sign(f"{post_id}.{opened}")


def check_token(token, post_id, now=None):
    """Refuse a forged token, one for another post, one sent too soon after the form was
    opened (a script) or long after (a stale page)."""
    now = now if now is not None else time.time()
    try:
        token_post, opened = (int(part) for part in signing.Signer(salt=_TOKEN_SALT).unsign(token or "").split("."))
    except (signing.BadSignature, ValueError):
        raise Refused(_("The form could not be checked. Please send your comment again.")) from None
    if token_post != post_id:
        raise Refused(_("The form could not be checked. Please send your comment again."))
    limits = settings.BLOG_COMMENTS
    if now - opened < limits["MIN_SECONDS"]:
        raise Refused(_("That was very quick. Please read your comment over, then send it again."))
    if now - opened > limits["FORM_MAX_AGE"]:
        raise Refused(_("The form was opened too long ago. Please send your comment again."))


def check_honeypot(value):
    if value:
        raise Refused(_("Please leave the field “Leave this empty” empty, then send your comment again."))


# --- Rate limits ----------------------------------------------------------------------------
def rate():
    """(comments, seconds) allowed per address and per email, or None when off."""
    spec = str(settings.BLOG_COMMENTS["RATE"]).strip()
    if spec in ("", "0"):
        return None
    count, _sep, window = spec.partition("/")
    return int(count), int(window or 3600)


def _hit(key, window):
    """Count one more comment under ``key`` in the window; the count so far."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def check_rate(client_hash, email):
    limit = rate()
    if limit is None:
        return
    count, window = limit
    keys = []
    if client_hash:
        keys.append(f"comments:rate:address:{client_hash}")
    if email:
        keys.append("comments:rate:email:" + hashlib.sha256(email.casefold().encode()).hexdigest())
    try:
        over = max((_hit(key, window) for key in keys), default=0) > count
    except Exception:
        logger.exception("Comment rate limits unavailable (cache down); not applied")
        return
    if over:
        minutes = max(1, round(window / 60))
        raise Refused(
            _("You have sent several comments in a short time. Please wait %(minutes)s minutes and send it again.")
            % {"minutes": minutes},
            status=429,
        )


# --- Duplicates -------------------------------------------------------------------------------
def check_duplicate(post, body, name, email, client_hash):
    """The same text on the same post from the same writer (name, email or address) again."""
    same_writer = {"name": name}
    if email:
        same_writer = {"email__iexact": email}
    same = Comment.objects.filter(post=post, body=body, **same_writer)
    if not same.exists() and client_hash:
        same = Comment.objects.filter(post=post, body=body, client_hash=client_hash)
    if same.exists():
        raise Refused(_("You have already posted this comment."))


# --- Blocklist ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Writer:
    """Who is commenting, as the spam checks see them."""

    name: str
    email: str
    website: str
    body: str
    address: str  # the raw client address: used for this check, never stored
    client_hash: str
    user_agent: str = ""


def _address_matches(value, writer):
    if value == writer.client_hash:
        return True
    if not writer.address:
        return False
    try:
        return ipaddress.ip_address(writer.address) in ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False


def _matches(block, writer):
    value = block.value.strip().casefold()
    if not value:
        return False
    if block.kind == CommentBlock.Kind.WORD:
        return any(value in part.casefold() for part in (writer.name, writer.email, writer.website, writer.body))
    if block.kind == CommentBlock.Kind.EMAIL:
        email = writer.email.casefold()
        return bool(email) and (email.endswith(value) if value.startswith("@") else email == value)
    return _address_matches(block.value.strip(), writer)


def blocked(writer):
    """The blocklist entry the comment matches, or None."""
    return next((block for block in CommentBlock.objects.all() if _matches(block, writer)), None)


# --- Akismet ----------------------------------------------------------------------------------
def akismet_http_client():
    """The HTTP client the Akismet library talks through: its user agent, a short timeout."""
    import akismet

    return httpx.Client(headers={"User-Agent": akismet.USER_AGENT}, timeout=AKISMET_TIMEOUT)


def akismet_says_spam(writer, permalink, comment_type="comment"):
    """Akismet's verdict when a key is configured; False without one or when it cannot be
    reached (the site's own rules still apply)."""
    key = settings.BLOG_COMMENTS["AKISMET_KEY"]
    site = settings.BLOG.get("SITE_URL")
    if not key or not site or not writer.address:
        return False
    import akismet

    try:
        with akismet_http_client() as http:
            client = akismet.SyncClient(config=akismet.Config(key=key, url=site), http_client=http)
            return bool(
                client.comment_check(
                    user_ip=writer.address,
                    user_agent=writer.user_agent,
                    permalink=permalink,
                    comment_type=comment_type,
                    comment_author=writer.name,
                    comment_author_email=writer.email,
                    comment_author_url=writer.website,
                    comment_content=writer.body,
                )
            )
    except Exception:
        logger.exception("Akismet unavailable; the comment is judged by the site's rules alone")
        return False
