"""Tags: giving a post its tags, whatever their names, and merging tags (every object tagged with
one of the merged tags ends up tagged with the target, once, and the merged tags are deleted)."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from pagecache import invalidation

from .. import dependencies
from ..models import Post


def set_tags(post, names, new=False, known=None):
    """Make ``names`` the tags of ``post`` (made if new; existing ones matched case-insensitively).

    A name such as "🚀" slugifies to nothing; it gets a slug a URL can carry. ``new``: the post
    has no tags yet (just made); ``known``: a dict of tags already read by name, kept by a caller
    that tags many posts (an import).
    """
    known = {} if known is None else known
    missing = [name for name in names if name not in known]
    for name in missing:
        if not slugify(name, allow_unicode=True) and not Tag.objects.filter(name__iexact=name).exists():
            Tag.objects.create(name=name, slug="tag-" + hashlib.sha1(name.encode()).hexdigest()[:8])
    if not names or not (new or not post.tags.exists()):
        post.tags.set(names, clear=False)
        return
    # A post without tags yet: its taggings in one INSERT instead of a query and a savepoint per
    # tag. bulk_create sends no signals, so the page cache is told here.
    for name in missing:  # one at a time: "AI" and "ai" are one tag
        known[name] = post.tags._to_tag_model_instances([name], {})[0]
    tags = list({known[name].pk: known[name] for name in names}.values())
    through = Post.tags.through
    content_type = ContentType.objects.get_for_model(Post)
    through.objects.bulk_create([through(tag=tag, content_type=content_type, object_id=post.pk) for tag in tags])
    invalidation.changed(dependencies.tags_added(post, tags))


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
