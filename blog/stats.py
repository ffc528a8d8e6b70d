"""Site-wide figures over every published post: tag counts, the tag cloud,
featured tags, the years of the archive, list lengths and related posts.

Each is one aggregate query through ``Post.objects.published()``, and each
grows with the number of posts, so the result is kept in the cache: lists
stay as fast with 10,000 posts as with 10. Figures are keyed on the shared
content version, so any change forgets them all at once and none outlives
the moment the next scheduled post goes public.
"""

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from . import cache as page_cache
from .models import Post, tag_url

MAX_AGE = 10 * 60  # seconds; a safety net: changes invalidate at once
LOCAL_ENTRIES = 500  # figures each process keeps in memory (see LocalFigures)
_MISSING = object()


class LocalFigures:
    """This process's copies of the figures read under one content version.

    Only a shortcut past the shared cache (a file read and unpickling, or a
    round trip to Redis, per figure): entries are kept for the current
    version's token alone and dropped as soon as it changes, so no worker
    ever answers from figures another worker has already invalidated; and,
    like the shared entries, for MAX_AGE at most. The values are shared
    between requests and must be treated as read-only.
    """

    def __init__(self, max_entries, max_age=MAX_AGE):
        self.max_entries = max_entries
        self.max_age = max_age
        self.token = None
        self.values = OrderedDict()  # name -> (value, expiry on the monotonic clock)
        self.lock = threading.Lock()

    def get(self, token, name):
        with self.lock:
            if token != self.token:
                return _MISSING
            value, expires = self.values.get(name, (_MISSING, 0))
            if value is _MISSING or time.monotonic() >= expires:
                return _MISSING
            self.values.move_to_end(name)
            return value

    def put(self, token, name, value):
        with self.lock:
            if token != self.token:
                self.token = token
                self.values.clear()
            self.values[name] = (value, time.monotonic() + self.max_age)
            self.values.move_to_end(name)
            while len(self.values) > self.max_entries:
                self.values.popitem(last=False)


_local = LocalFigures(LOCAL_ENTRIES)


def cached(name, compute):
    """``compute()``, remembered under ``name`` until the content changes.

    Keyed on the page cache's shared content version (``blog.cache``), which
    every change to posts, tags, authors and pages bumps, in every worker and
    on every host, and which runs out when the next scheduled post goes live.
    """
    token = page_cache.current_version().token
    value = _local.get(token, name)
    if value is not _MISSING:
        return value
    key = f"blog:stats:{token}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, MAX_AGE)
    _local.put(token, name, value)
    return value


FEATURED_MIN_POSTS = 2
FEATURED_LIMIT = 20
CLOUD_SIZES = 5


@dataclass(frozen=True)
class TagCount:
    pk: int
    name: str
    slug: str
    count: int
    size: int = 1  # 1..CLOUD_SIZES, for the cloud

    @property
    def url(self):
        return tag_url(self.slug)


def tag_counts():
    """Every tag carried by at least one published post, with that number."""
    return cached("tags", _tag_counts)


def _tag_counts():
    rows = (
        Post.objects.published()
        .filter(tags__isnull=False)
        .values("tags__id", "tags__name", "tags__slug")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    return [TagCount(row["tags__id"], row["tags__name"], row["tags__slug"], row["count"]) for row in rows]


def tag_cloud():
    """All tags by name, each sized 1..5 by (logarithmic) use."""
    counts = tag_counts()
    if not counts:
        return []
    low = min(tag.count for tag in counts)
    high = max(tag.count for tag in counts)
    spread = math.log(high) - math.log(low)

    def size(count):
        if not spread:
            return 1 if high == 1 else 3
        return 1 + round((math.log(count) - math.log(low)) / spread * (CLOUD_SIZES - 1))

    cloud = [TagCount(tag.pk, tag.name, tag.slug, tag.count, size(tag.count)) for tag in counts]
    return sorted(cloud, key=lambda tag: tag.name.casefold())


def featured_tags(minimum=FEATURED_MIN_POSTS, limit=FEATURED_LIMIT):
    """Tags used by at least ``minimum`` published posts, most used first (Hux's sidebar)."""
    counts = [tag for tag in tag_counts() if tag.count >= minimum]
    counts.sort(key=lambda tag: (-tag.count, tag.name.casefold()))
    return counts[:limit]


def archive_years():
    """[(year, number of published posts)], newest year first, in the site's time zone."""
    return cached("archive_years", _archive_years)


def _archive_years():
    rows = (
        Post.objects.published()
        .annotate(year=ExtractYear("publish", tzinfo=timezone.get_default_timezone()))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], row["count"]) for row in rows]


def count(name, queryset):
    """``queryset.count()`` for a list page's paginator, cached as ``name``."""
    return cached(f"count:{name}", queryset.count)


def related_posts(post):
    """``post.related_posts()``, cached per post."""
    return cached(f"related:{post.pk}", post.related_posts)


def neighbours(post):
    """(previous, next) published posts around ``post``, cached per post."""
    return cached(f"neighbours:{post.pk}", lambda: (post.get_previous_published(), post.get_next_published()))


def published_tags():
    """Tags carried by at least one published post (a tag only drafts use stays unknown)."""
    return Tag.objects.filter(pk__in=Post.objects.published().values("tags"))


def published_tag_or_404(slug):
    """The ``TagCount`` (pk, name, slug...) of the tag with this slug, if a
    published post carries it: read from the tag counts, without a query."""
    tag = cached("tags_by_slug", lambda: {tag.slug: tag for tag in tag_counts()}).get(slug)
    if tag is None:
        raise Http404("No such tag.")
    return tag
