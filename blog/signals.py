"""Invalidate the page cache whenever something a public page shows changes.

A write in autocommit mode bumps the content version at once. A write inside
a transaction bumps it once, after the commit: a bump before it would let
another worker cache the old rows under the new version. Until then this
process alone sees its uncommitted rows, so it is told to bump before its
next page lookup (which is what a test inside a never-committed transaction
relies on).

Bulk operations (``QuerySet.update``, ``bulk_create``) send no signals: code
that uses them calls ``blog.cache.bump()`` itself (``seed_demo`` does).
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import cache

logger = logging.getLogger(__name__)


def _bump_now():
    try:
        cache.bump()
    except Exception:  # a cache outage must not fail the write itself
        logger.exception("Could not invalidate the page cache")


def _bump_after_commit():
    _bump_now()


def content_changed(sender, using="default", **kwargs):
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _bump_now()  # autocommit: the row is already committed
        return
    cache.mark_changed_locally()
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _bump_after_commit for entry in pending):
        return  # one bump per transaction is enough
    transaction.on_commit(_bump_after_commit, using=using)


def _tags_changed(sender, action, using="default", **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed(sender, using=using)


def connect():
    from .models import Author, LegacyURL, Page, Post

    through = Post.tags.through
    models = [Post, Author, Page, LegacyURL, through, through.tag_model()]
    for model in models:
        uid = f"blog.pagecache.{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(_tags_changed, sender=through, dispatch_uid="blog.pagecache.tags")
