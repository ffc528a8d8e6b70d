"""Revisions: every save of a post that changes its text keeps the text it had before.

``save_post`` reads the stored text before saving (``stored_text``) and, when the saved text
differs, keeps the previous one with who saved (``record``). ``posts.restore_revision`` puts a
revision back.
"""

from ..models import Post, Revision

TRACKED_FIELDS = ("title", "subtitle", "body")


def stored_text(post):
    """The tracked fields as stored for ``post`` (None for a post not saved yet)."""
    if post.pk is None or post._state.adding:
        return None
    return Post.objects.filter(pk=post.pk).values(*TRACKED_FIELDS).first()


def record(post, previous, user=None):
    """Keep ``previous`` (``stored_text`` before the save) as a revision if the text changed."""
    if previous is None or all(previous[field] == getattr(post, field) for field in TRACKED_FIELDS):
        return None
    user = user if user is not None and user.is_authenticated else None
    return Revision.objects.create(post_id=post.pk, user=user, **previous)
