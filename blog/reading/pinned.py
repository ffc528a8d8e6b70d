"""Pinned posts on the home page: they lead its list in the editor's order, marked as pinned;
everywhere else (archives, tags, feeds, search) posts keep their date order.

The home list is read as one sequence, the pinned posts then every other listed post newest
first, so that page 2 neither repeats a pinned post nor skips one that page 1 made room for. The
pinned posts are few and kept with the site's figures until the content changes (a scheduled
pinned post going live renews the figures too, see ``Post.objects.next_publication``); the rest
is the plain newest-first read of ``listed()``, sliced per page, with the same query plan and
paginator count as without pins.
"""

from pagecache.figures import cached

from .. import dependencies
from ..models import Post
from ..querysets import attach_tags


def pinned_posts(fields):
    """The listed pinned posts ready for previews (author and tags included), each marked
    ``shown_pinned``. Shared between requests: read-only."""
    return cached(
        "pinned_posts",
        lambda: _pinned_posts(fields),
        lambda posts: [dependencies.LIST_HOME, *(key for post in posts for key in dependencies.post_shows(post))],
    )


def _pinned_posts(fields):
    posts = list(Post.objects.listed().pinned().select_related("author").only(*fields))
    attach_tags(posts)
    for post in posts:
        post.shown_pinned = True
    return posts


class PinnedFirst:
    """The home list as the paginator reads it: ``pinned`` (a list), then the posts of
    ``others`` (a queryset, newest first) that are not among them.

    ``count()`` is the length of ``listed`` (the pinned posts are listed posts too), so the
    paginator's cached count is the home page's as before.
    """

    ordered = True  # for Paginator's check: the order is the one described above

    def __init__(self, pinned, others, listed):
        self.pinned = pinned
        ids = [post.pk for post in pinned]
        self.others = others.exclude(pk__in=ids) if ids else others
        self.listed = listed

    def count(self):
        return self.listed.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("PinnedFirst is read by slices of a page")
        start, stop = index.start or 0, index.stop
        lead = len(self.pinned)
        page = list(self.pinned[start:stop])
        if stop is None or stop > lead:
            rest = self.others[max(start - lead, 0) : None if stop is None else stop - lead]
            page += list(rest)
        return page
