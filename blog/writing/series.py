"""Series: finding or making one by name (the importers), and moving posts in and out of one
and within it. Every change to a post goes through ``save_post``."""

from ..models import Series
from .posts import save_post

SERIES_FIELDS = ["series", "series_order"]


def series_named(name, *, slug=None, description=None, create=True):
    """The series with ``slug`` (by default made from ``name``), made if new.

    An existing series keeps its name (its editor may have changed it since), and its
    description unless ``description`` is given. With ``create`` false nothing is written: a new
    series is returned unsaved, a new description only set on the object.
    """
    slug = slug or Series.slug_for(name)
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        series = Series(name=name, slug=slug, description=description or "")
        if create:
            series.save()
    elif description is not None and description != series.description:
        series.description = description
        if create:
            series.save()
    return series


def place_in_series(post, series, order=None, *, user=None):
    """Make ``post`` part ``order`` of ``series`` (None: placed by publish date after the
    numbered parts), or take it out of any series with ``series=None``."""
    post.series = series
    post.series_order = order if series is not None else None
    return save_post(post, user=user, update_fields=SERIES_FIELDS)
