"""The series box a post of a series shows: the series' name and page, "part N of M", and every
part linked in reading order, the current one marked.

Readers see the published parts only, kept with the site's figures until the content changes (so
a post page costs no query for its box once warm); a staff preview of an unpublished part lists
every part, each with its state.
"""

from dataclasses import dataclass

from pagecache.figures import cached

from .. import dependencies
from ..models import Post

PART_FIELDS = ("title", "slug", "publish", "status", "series_order")


@dataclass(frozen=True)
class Part:
    pk: int
    title: str
    url: str
    state: str  # Post.State value


@dataclass(frozen=True)
class SeriesBox:
    name: str
    url: str
    parts: tuple
    current: int  # the pk of the post showing the box

    @property
    def number(self):
        """The current post's place, from 1; 0 when it is not among the parts."""
        for n, part in enumerate(self.parts, 1):
            if part.pk == self.current:
                return n
        return 0

    @property
    def total(self):
        return len(self.parts)


def published_parts(series_id):
    """The published parts of a series in reading order (a tuple of ``Part``), cached."""
    return cached(
        f"series_parts:{series_id}",
        lambda: _parts(Post.objects.published().in_series(series_id)),
        lambda parts: dependencies.series_parts_keys(series_id, parts),
    )


def _parts(queryset):
    return tuple(
        Part(post.pk, post.title, post.get_absolute_url(), post.state.value) for post in queryset.only(*PART_FIELDS)
    )


def series_box(post, preview=False):
    """The box for ``post`` (its ``series`` fetched with it), or None outside a series."""
    if post.series_id is None:
        return None
    series = post.series
    parts = _parts(Post.objects.in_series(series.pk)) if preview else published_parts(series.pk)
    return SeriesBox(series.name, series.get_absolute_url(), parts, post.pk)
