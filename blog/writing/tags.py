"""Tags: giving a post its tags, whatever their names, and merging tags (every object tagged with
one of the merged tags ends up tagged with the target, once, and the merged tags are deleted)."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from ..content import characters


def tag_named(name):
    """The tag called ``name`` as taggit matches it (case-insensitively, the oldest first), made
    if missing. A name such as "🚀" slugifies to nothing; it gets a slug a URL can carry."""
    tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    if tag is not None:
        return tag
    slug = None if slugify(name, allow_unicode=True) else "tag-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name, slug=slug)  # taggit makes a unique slug when None
    except IntegrityError:
        made_meanwhile = Tag.objects.filter(name__iexact=name).order_by("pk").first()
        if made_meanwhile is None:
            raise
        return made_meanwhile


def set_tags(post, names, known=None):
    """Make ``names`` the tags of ``post`` (made if new; existing ones matched case-insensitively);
    returns ``{name: Tag}``.

    ``known`` (``{name: Tag}``, from earlier calls) spares the lookups of names seen before: a
    writer of many posts keeps it, filled only with what has been committed.
    """
    names = [name for name in (characters.storable(str(name)).strip() for name in names) if name]
    known = known or {}
    tags = {name: known.get(name) or tag_named(name) for name in dict.fromkeys(names)}
    post.tags.set(list(tags.values()), clear=False)
    return tags


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
