"""Pinning: which posts lead the home page, and in what order (``Post.pinned``,
``Post.pin_order``; the home page reads them through ``blog.reading.pinned``).

A pinned post is pinned whatever its state: a draft or a scheduled post appears pinned once it
is public. A hidden post stays off the home page, pinned or not, so it is not pinned here.
"""

from .posts import save_post

PIN_FIELDS = ["pinned", "pin_order"]


def pin(posts, *, user=None):
    """Pin ``posts``: (pinned now, hidden ones left as they are). Their pin order is kept (none:
    after the numbered pinned posts, newest first)."""
    pinned, hidden = [], []
    for post in posts:
        if post.hidden:
            hidden.append(post)
        elif not post.pinned:
            post.pinned = True
            save_post(post, user=user, update_fields=PIN_FIELDS)
            pinned.append(post)
    return pinned, hidden


def unpin(posts, *, user=None):
    """Unpin ``posts`` (their pin order forgotten); the ones that were pinned."""
    unpinned = []
    for post in posts:
        if post.pinned or post.pin_order is not None:
            was_pinned = post.pinned
            post.pinned, post.pin_order = False, None
            save_post(post, user=user, update_fields=PIN_FIELDS)
            if was_pinned:
                unpinned.append(post)
    return unpinned
