"""Old addresses of posts: the URLs another site served them at, and the images it linked.

Imports record each old URL as a ``LegacyURL`` (stored percent-decoded, so a Chinese path matches
whether it arrives encoded or not), answered with a 301 by ``blog.reading.redirects``. Images an
imported post links to by a path of the old site are kept in media under ``ASSET_PREFIX``, at that
path, and the old path redirects there.
"""

import posixpath
from urllib.parse import unquote

from ..models import LegacyURL

ASSET_PREFIX = "jekyll"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
MAX_PATH = 500  # LegacyURL.path's length


def safe_relative(path):
    """A URL path as a relative file path that cannot climb out of its folder, or None."""
    clean = posixpath.normpath("/" + unquote(path).lstrip("/")).lstrip("/")
    if not clean or clean.startswith("..") or "\x00" in clean:
        return None
    return clean


def imported_asset_name(path):
    """The media name an old site's image path is kept under, or None if it is not an image path."""
    if posixpath.splitext(path)[1].lower() not in IMAGE_EXTENSIONS:
        return None
    relative = safe_relative(path)
    return f"{ASSET_PREFIX}/{relative}" if relative else None


def record_old_urls(post, paths):
    """Make each of ``paths`` redirect to ``post``; returns the paths that already redirect to
    another post (left as they are)."""
    canonical = unquote(post.get_absolute_url())
    wanted = [
        old for old in dict.fromkeys(paths) if old not in (canonical, canonical.rstrip("/")) and len(old) <= MAX_PATH
    ]
    existing = dict(LegacyURL.objects.filter(path__in=wanted).values_list("path", "post_id"))
    # One INSERT for the new ones; a path another import took meanwhile stays that import's.
    LegacyURL.objects.bulk_create(
        [LegacyURL(path=old, post=post) for old in wanted if old not in existing], ignore_conflicts=True
    )
    return [old for old in wanted if existing.get(old, post.pk) != post.pk]
