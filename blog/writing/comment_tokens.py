"""Signed links for commenters, who have no account: confirming an address for reply mail,
unsubscribing from it, and deleting one's own comment.

Each token is a row's id signed with ``SECRET_KEY`` under its own salt (a confirmation token
cannot delete a comment); none carries an email address, so nothing personal ends up in a URL
or a log. Confirmation links expire; unsubscribe and delete links do not (an old mail must
still work).
"""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600

_SALTS = {
    "confirm": "blog.comments.confirm",
    "unsubscribe": "blog.comments.unsubscribe",
    "delete": "blog.comments.delete",
}


def make(kind, pk):
    return signing.dumps(pk, salt=_SALTS[kind])


def read(kind, token):
    """The id in a token of this kind, or None if it is forged, of another kind, or expired."""
    max_age = CONFIRM_MAX_AGE if kind == "confirm" else None
    try:
        value = signing.loads(token, salt=_SALTS[kind], max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
