"""Merging tags: every object tagged with one of the merged tags ends up tagged
with the target, once, and the merged tags are deleted."""

from django.db import transaction
from taggit.models import TaggedItem


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
