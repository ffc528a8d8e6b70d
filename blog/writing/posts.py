"""Saving a post, the one way the admin, the importers and the demo data all use.

``save_post`` is everything a save involves, in order:

1. a newly assigned header image is cleaned (``content.images``) and its resized variants made;
2. ``Post.save()`` renders the body into ``Post.DERIVED_FIELDS`` (and fills in a missing slug);
3. the post's ``SearchText`` row is written;
4. when the text changed, the previous text is kept as a ``Revision`` (by whom: ``user``).

The page cache sees the change through the model signals it watches (``pagecache``), once per
transaction and after the commit. Bulk writers (``seed_demo``) call ``index_for_search`` and
``version.bump`` themselves, as ``QuerySet.update``/``bulk_create`` send no signals.
"""

from django.db import transaction

from ..content import images
from ..models import SearchText
from . import revisions


def save_post(post, *, user=None, update_fields=None):
    """Save ``post`` with everything that goes with it (see the module docstring)."""
    with transaction.atomic():
        previous = revisions.stored_text(post)
        header_changed = prepare_header(post)
        if update_fields is not None and header_changed:
            update_fields = {*update_fields, "header_image", "header_image_variants"}
        post.save(update_fields=update_fields)
        index_for_search([post])
        revisions.record(post, previous, user)
    return post


def prepare_header(post):
    """Clean a newly assigned header image and (re)make its variants; drop the variants of a
    removed one. True when the header changed."""
    new_upload = images.process_upload(post.header_image)
    if new_upload or (post.header_image and not post.header_image_variants):
        images.delete_variants(post.header_image_variants)
        post.header_image_variants = images.make_variants(post.header_image.name)
        return True
    if not post.header_image and post.header_image_variants:
        images.delete_variants(post.header_image_variants)
        post.header_image_variants = {}
        return True
    return False


def index_for_search(posts):
    """Write the ``SearchText`` rows of ``posts`` (their rendered text, casefolded)."""
    rows = [SearchText(post=post, text=post.search_text()) for post in posts]
    SearchText.objects.bulk_create(rows, update_conflicts=True, unique_fields=["post"], update_fields=["text"])


def set_state(post, status, *, user=None):
    """Publish a draft or move a post back to draft; False when it already was."""
    if post.status == status:
        return False
    post.status = status
    save_post(post, user=user, update_fields=["status", "updated"])
    return True


def restore_revision(revision, user):
    """Put a revision's text back into its post; the text it replaces becomes a revision too."""
    post = revision.post
    for field in revisions.TRACKED_FIELDS:
        setattr(post, field, getattr(revision, field))
    return save_post(post, user=user)
