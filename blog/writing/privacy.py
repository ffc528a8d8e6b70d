"""What the blog keeps about the people who comment, and for how long.

A client address is never stored: only a keyed hash of it (HMAC-SHA256 under a key derived from
``SECRET_KEY``), enough to rate-limit, spot repeats and block an address, and useless to anyone
without the key. It and the browser string are dropped ``KEEP_ADDRESSES_DAYS`` after the comment
(a deferred task per comment, and ``manage.py forget_comment_addresses`` for the rest).
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..models import Comment

_SALT = "blog.comments.client-address"


def client_address(request):
    """The reader's IP address: REMOTE_ADDR, or the address ``PROXY_HOPS`` proxies in front
    of the site wrote into X-Forwarded-For (each appends the address it was reached from)."""
    hops = settings.BLOG_COMMENTS["PROXY_HOPS"]
    address = request.META.get("REMOTE_ADDR", "")
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def address_hash(address):
    """The keyed hash a comment keeps instead of its client address ("" for none)."""
    if not address:
        return ""
    return salted_hmac(_SALT, address, algorithm="sha256").hexdigest()


def keep_days():
    return settings.BLOG_COMMENTS["KEEP_ADDRESSES_DAYS"]


def forget_after(created):
    """When the address of a comment made at ``created`` is dropped."""
    return created + timedelta(days=keep_days())


def forget_old_addresses(now=None):
    """Drop the address hash and browser of every comment older than the setting allows;
    returns how many comments were cleared."""
    cutoff = (now or timezone.now()) - timedelta(days=keep_days())
    old = Comment.objects.filter(created__lt=cutoff).exclude(client_hash="", user_agent="")
    # update(): no signal, and nothing a page shows changes.
    return old.update(client_hash="", user_agent="")


def forget_address(comment_id):
    """Drop one comment's address hash and browser (the task deferred at its posting)."""
    return Comment.objects.filter(pk=comment_id).update(client_hash="", user_agent="")
