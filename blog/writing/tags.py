"""Tags: giving a post its tags, whatever their names, and merging tags (every object tagged with
one of the merged tags ends up tagged with the target, once, and the merged tags are deleted)."""

import hashlib

from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from ..content import characters


def set_tags(post, names):
    """Make ``names`` the tags of ``post`` (made if new; existing ones matched case-insensitively).

    A name such as "🚀" slugifies to nothing; it gets a slug a URL can carry.
    """
    names = [name for name in (characters.storable(str(name)).strip() for name in names) if name]
    for name in names:
        if not slugify(name, allow_unicode=True) and not Tag.objects.filter(name__iexact=name).exists():
            Tag.objects.create(name=name, slug="tag-" + hashlib.sha1(name.encode()).hexdigest()[:8])
    post.tags.set(names, clear=False)


def merge_tags(target, others):
    """Merge the tags ``others`` into ``target``; returns how many tags were removed.

    Items are re-pointed one by one (not with a bulk update) so that
    TaggedItem signals fire for whatever listens to them (cache invalidation).
    """
    others = [tag for tag in others if tag.pk != target.pk]
    if not others:
        return 0
    with transaction.atomic():
        tagged = set(TaggedItem.objects.filter(tag=target).values_list("content_type_id", "object_id"))
        for item in TaggedItem.objects.filter(tag__in=others).order_by("pk"):
            key = (item.content_type_id, item.object_id)
            if key in tagged:
                item.delete()  # the object already carries the target tag
            else:
                item.tag = target
                item.save(update_fields=["tag"])
                tagged.add(key)
        for tag in others:
            tag.delete()
    return len(others)
