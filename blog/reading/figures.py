"""Site-wide figures over every published post: tag counts, the tag cloud, featured tags, the
years of the archive, list lengths, neighbours and related posts.

Each is a query through ``Post.objects.published()`` that grows with the number of posts, so the
result is kept until a change touches what it depends on (``pagecache.figures.cached``, with the
keys of ``blog.dependencies``): lists stay as fast with 10,000 posts as with 10, and a post's
edit leaves the figures of other posts alone.
"""

import math
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from pagecache.figures import cached

from .. import dependencies as keys
from .. import links
from ..models import Post
from ..querysets import local_date

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
        return links.tag_url(self.slug)

    @property
    def anchor(self):
        """The tag's anchor on the tags page: its name, as Hux Blog's ``/tags/#AI`` links it,
        or its slug when the name has a space (an id cannot)."""
        return self.slug if any(char.isspace() for char in self.name) else self.name


@dataclass(frozen=True)
class TagPost:
    """A post as the tags page lists it under each of its tags."""

    title: str
    subtitle: str
    url: str
    publish: object


def tag_counts():
    """Every tag carried by at least one published post, with that number."""
    return cached("tags", _tag_counts, [keys.SITE_TAGS])


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


def tag_posts():
    """``{tag pk: [TagPost, ...]}``: every published post under each of its tags, newest
    first, read in one query."""
    # Titles of every post under every tag: any public post's change, any tagging's.
    return cached("tag_posts", _tag_posts, [keys.SITE_POSTS, keys.SITE_TAGS, keys.LIST_ALL])


def _tag_posts():
    rows = (
        Post.objects.published()
        .filter(tags__isnull=False)
        .values_list("tags__id", "title", "subtitle", "slug", "publish")
        .order_by("-publish", "-pk")
    )
    listing = {}
    for tag_id, title, subtitle, slug, publish in rows:
        url = links.post_url(local_date(publish), slug)
        listing.setdefault(tag_id, []).append(TagPost(title, subtitle, url, publish))
    return listing


# Posts the tags page lists under each tag, newest first; a tag with more links to its own page
# for the rest. Hux's static page lists them all, which for a blog of thousands of posts is a
# page of megabytes no cache keeps.
TAG_LISTING_LIMIT = 20


def tag_listing(limit=TAG_LISTING_LIMIT):
    """``[(TagCount, [TagPost, ...])]`` in the cloud's order: the tags page's lists, at most
    ``limit`` posts a tag (``TagCount.count`` says how many it has)."""
    posts = tag_posts()
    return [(tag, posts.get(tag.pk, [])[:limit]) for tag in tag_cloud()]


def featured_tags(minimum=FEATURED_MIN_POSTS, limit=FEATURED_LIMIT):
    """Tags used by at least ``minimum`` published posts, most used first (Hux's sidebar)."""
    counts = [tag for tag in tag_counts() if tag.count >= minimum]
    counts.sort(key=lambda tag: (-tag.count, tag.name.casefold()))
    return counts[:limit]


def archive_years():
    """[(year, number of published posts)], newest year first, in the site's time zone."""
    return cached("archive_years", _archive_years, [keys.SITE_DATE_COUNTS])


def _archive_years():
    rows = (
        Post.objects.published()
        .annotate(year=ExtractYear("publish", tzinfo=timezone.get_default_timezone()))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], row["count"]) for row in rows]


def count(name, queryset, depends_on, volatile=False):
    """``queryset.count()`` for a list page's paginator, cached as ``name`` until a change
    touches the list's keys ``depends_on`` (``volatile``: a list named by what a reader typed)."""
    return cached(f"count:{name}", queryset.count, depends_on, volatile=volatile)


def related_posts(post):
    """``post.related_posts()``, cached per post: candidates come from its tags' lists."""
    tag_lists = [keys.post(post.pk), *(keys.list_tag(tag.pk) for tag in post.tag_list)]
    return cached(f"related:{post.pk}", post.related_posts, lambda found: tag_lists + keys.links_to(found))


def neighbours(post):
    """(previous, next) published posts around ``post``, cached per post."""
    return cached(
        f"neighbours:{post.pk}",
        lambda: (post.get_previous_published(), post.get_next_published()),
        lambda found: [keys.post(post.pk), keys.around(post.pk), *keys.links_to(found)],
    )


def published_tags():
    """Tags carried by at least one published post (a tag only drafts use stays unknown)."""
    return Tag.objects.filter(pk__in=Post.objects.published().values("tags"))


def published_tag_or_404(slug):
    """The ``TagCount`` (pk, name, slug...) of the tag with this slug, if a
    published post carries it: read from the tag counts, without a query."""
    by_slug = cached("tags_by_slug", lambda: {tag.slug: tag for tag in tag_counts()}, [keys.SITE_TAGS], declare=False)
    tag = by_slug.get(slug)
    if tag is None:
        raise Http404("No such tag.")
    # A page of this tag changes with its name and its posts, not with other tags' counts.
    keys.declare_tag(tag.pk)
    return tag
