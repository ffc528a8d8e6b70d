"""What a response shows, as dependency keys, collected while it is rendered.

A view (or anything it calls) declares what it shows::

    from pagecache import deps
    deps.declare("post:12", "author:3", "list:home")

and figures (``pagecache.figures.cached``) add the keys of what they hold when they are read.
The middleware collects everything declared during one request; the page is stored with those
keys, invalidated when a change touches one of them (``pagecache.invalidation``), and sent to
edge caches as surrogate keys (``pagecache.headers``). Keys are short strings without spaces or
commas; their names belong to the content's app (the blog's are in ``blog/dependencies.py``).

A response for which nothing was declared depends on ``version.ANY``, which every change
touches: a view that forgets to declare is invalidated by every change, never served stale.
``declare()`` with no key says "this response shows no content" (robots.txt).
"""

import contextvars
import functools

from .version import ANY

_collected = contextvars.ContextVar("pagecache_collected_keys", default=None)


class Collected:
    def __init__(self):
        self.keys = set()
        self.declared = False

    def final(self):
        """The keys to store the response under."""
        return frozenset(self.keys) if self.declared else frozenset({ANY})


def declare(*keys):
    """The response being rendered shows what ``keys`` name."""
    collected = _collected.get()
    if collected is not None:
        collected.keys.update(keys)
        collected.declared = True


def declare_all(keys):
    declare(*keys)


class collecting:
    """``with collecting() as collected:`` gathers what is declared inside, and passes it on to
    the enclosing block unless ``propagate`` is False (a figure's computation: the figure
    declares its keys itself, when it is read)."""

    def __init__(self, propagate=True):
        self.propagate = propagate

    def __enter__(self):
        self.outer = _collected.get()
        self.collected = Collected()
        self.token = _collected.set(self.collected)
        return self.collected

    def __exit__(self, *exc):
        _collected.reset(self.token)
        if self.propagate and self.outer is not None and self.collected.declared:
            self.outer.keys.update(self.collected.keys)
            self.outer.declared = True


def depends_on(*keys):
    """Decorator for a view whose response shows what ``keys`` name (e.g. a sitemap)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            declare(*keys)
            return view(*args, **kwargs)

        return wrapped

    return decorator
