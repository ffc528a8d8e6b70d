"""Which posts: the one public gate (``published()``) and the questions lists ask."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Min
from django.utils import timezone

from . import links


def day_bounds(day):
    """Aware [start, end) datetimes of a calendar day in the site's time zone."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)
    return start, end


def local_date(value):
    """The calendar date of an aware datetime in the site's time zone."""
    return timezone.localtime(value, timezone.get_default_timezone()).date()


def attach_tags(posts):
    """Fetch the tags of ``posts`` in one query into ``post.prefetched_tags`` (read through
    ``Post.tag_list``), each post's in the order they were added, each tag with its ``url``.

    taggit's own prefetch (``prefetch_related("tags")``) joins the content types, adds DISTINCT
    and an ``extra()`` column and makes a tag per post: several times the cost of this plain
    join read as tuples, on every list.
    """
    if not posts:
        return
    model = type(posts[0])
    through = model.tags.through
    tag_model = through.tag_model()
    rows = through.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[post.pk for post in posts]
    ).values_list("pk", "object_id", "tag_id", "tag__name", "tag__slug")
    # Sorted here, not by ORDER BY, which would turn SQLite away from the (content type,
    # object id) index to scanning every tagged post.
    by_post, tags = {}, {}
    for _pk, post_id, tag_id, name, slug in sorted(rows):
        tag = tags.get(tag_id)
        if tag is None:
            tag = tags[tag_id] = tag_model.from_db(through.objects.db, ["id", "name", "slug"], (tag_id, name, slug))
            tag.url = links.tag_url(slug)
        by_post.setdefault(post_id, []).append(tag)
    for post in posts:
        post.prefetched_tags = by_post.get(post.pk, [])


class PostsWithTags(models.query.ModelIterable):
    """Posts, then their tags in one more query (see ``attach_tags``)."""

    def __iter__(self):
        posts = list(super().__iter__())
        attach_tags(posts)
        return iter(posts)


class PostQuerySet(models.QuerySet):
    def with_tags(self):
        """Fetch every post's tags in one query, read back through ``Post.tag_list``."""
        clone = self._chain()
        clone._iterable_class = PostsWithTags
        return clone

    def published(self):
        """The single gate for everything the public sees."""
        return self.filter(status=self.model.Status.PUBLISHED, publish__lte=timezone.now())

    def scheduled(self):
        """Published posts whose time has not come: they go public by themselves."""
        return self.filter(status=self.model.Status.PUBLISHED, publish__gt=timezone.now())

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def in_state(self, state):
        """Posts in one ``Post.State`` (what ``Post.state`` answers for each)."""
        return {"draft": self.drafts, "scheduled": self.scheduled, "published": self.published}[state]()

    def listed(self):
        """Published posts shown in the home page list (Hux's ``hidden`` left out)."""
        return self.published().filter(hidden=False)

    def pinned(self):
        """Pinned posts in the editor's order: ``pin_order`` (posts without one after those with
        one), then newest first. Not a gate: the home page asks ``listed().pinned()``."""
        return self.filter(pinned=True).order_by(F("pin_order").asc(nulls_last=True), "-publish", "-pk")

    def in_series(self, series_id):
        """The parts of a series in reading order: ``series_order`` (parts without one after those
        with one), then by publish date. Not a gate: readers get ``published().in_series(...)``."""
        return self.filter(series_id=series_id).order_by(F("series_order").asc(nulls_last=True), "publish", "pk")

    def on_day(self, day):
        start, end = day_bounds(day)
        return self.filter(publish__gte=start, publish__lt=end)

    def at(self, day, slug):
        """Posts at the address of ``day`` and ``slug``, the earliest first.

        The day comes first in the WHERE clause, before ``published()`` when that is added:
        SQLite bounds its index range by the first upper bound on ``publish`` it meets, and "until
        now" first would make it read every post since that day.
        """
        return self.on_day(day).filter(slug=slug).order_by("publish", "pk")

    def tagged(self, tag_id):
        """Posts carrying the tag with this primary key (see ``tagged_with``)."""
        return self.filter(tagged_with(self.model, [tag_id]))

    def next_publication(self):
        """When the next scheduled post goes live (an aware datetime), or None."""
        return self.scheduled().aggregate(first=Min("publish"))["first"]


def tagged_with(model, tag_ids):
    """True for a post carrying any of these tags: a subquery per post (EXISTS), not a join with
    the tags' taggings, so that a list reads posts newest first and stops at the end of its page
    (PostgreSQL would join and sort every post of a big tag; on SQLite it is the same plan)."""
    taggings = model.tags.through.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=models.OuterRef("pk"), tag_id__in=tag_ids
    )
    return models.Exists(taggings)


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """The single gate for the comments readers see: approved ones of public posts."""
        from .models import Post

        return self.filter(status=self.model.Status.APPROVED, post__in=Post.objects.published())

    def approved(self):
        return self.filter(status=self.model.Status.APPROVED)

    def pending(self):
        return self.filter(status=self.model.Status.PENDING)

    def spam(self):
        return self.filter(status=self.model.Status.SPAM)

    def held(self):
        """Not shown to readers (their writers still see them, as awaiting moderation)."""
        return self.exclude(status=self.model.Status.APPROVED)
