"""Revisions: every save of a post that changes its text keeps the text it had before.

A ``pre_save`` receiver compares the stored title/subtitle/body with the ones
being saved, so saves from anywhere (admin, shell, imports) are covered. Who
saved is known only to the caller: the admin wraps its saves in
``saved_by(request.user)``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from .models import Post, Revision

TRACKED_FIELDS = ("title", "subtitle", "body")

_current_user = ContextVar("blog_revision_user", default=None)


@contextmanager
def saved_by(user):
    """Attribute the revisions recorded inside this block to ``user``."""
    token = _current_user.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _current_user.reset(token)


def record_previous_text(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save on Post: keep the stored text as a Revision when it is about to change."""
    if raw or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and not set(update_fields) & set(TRACKED_FIELDS):
        return
    previous = Post.objects.filter(pk=instance.pk).values(*TRACKED_FIELDS).first()
    if previous is None:
        return
    if all(previous[field] == getattr(instance, field) for field in TRACKED_FIELDS):
        return
    Revision.objects.create(post_id=instance.pk, user=_current_user.get(), **previous)


def restore(revision, user):
    """Put a revision's text back into its post; the replaced text becomes a revision too."""
    post = revision.post
    with transaction.atomic(), saved_by(user):
        for field in TRACKED_FIELDS:
            setattr(post, field, getattr(revision, field))
        post.save()
    return post
