"""Every staff user writes as an Author: linked on demand and when made staff."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Author


def _unique_slug(base):
    base = (base or "author")[:90]
    slug, n = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def author_for(user):
    """The Author of ``user``, created (named after the user) if missing.

    Returns None for anonymous users.
    """
    if not user or not user.is_authenticated:
        return None
    try:
        return user.author
    except Author.DoesNotExist:
        pass
    name = (user.get_full_name() or user.get_username()).strip()[:100] or user.get_username()
    try:
        with transaction.atomic():
            return Author.objects.create(
                user=user, name=name, slug=_unique_slug(slugify(user.get_username(), allow_unicode=True))
            )
    except IntegrityError:
        # Created meanwhile by a concurrent request (user is one-to-one), or a
        # slug taken between the check and the insert: read it back or retry.
        existing = Author.objects.filter(user=user).first()
        if existing:
            return existing
        return Author.objects.create(
            user=user, name=name, slug=_unique_slug(f"{slugify(name, allow_unicode=True)}-{user.pk}")
        )


def link_staff_author(sender, instance, created, raw=False, **kwargs):
    """post_save on the user model: a user who is (or becomes) staff gets an Author."""
    if raw or not instance.is_staff or not instance.is_active:
        return
    author_for(instance)  # reads the existing Author first
