"""Which query strings the page cache stores, and under what key.

* Tracking parameters (``utm_*``, ``fbclid``, ``gclid``, WeChat's ``from``...,
  ``PAGE_CACHE_DROP_PARAMS``) mean nothing to any page: they are removed from the request
  before the view sees it, and the page is looked up and stored as without them.
* Parameters pages read (``page``, ``q``: ``PAGE_CACHE_QUERY_PARAMS``, name -> pattern) are part
  of the key; a value that does not match its pattern (``?page=abc``, a search of a thousand
  characters), or a parameter given twice, is served but never stored.
* Any other parameter may mean something to a view the cache knows nothing of: such a request
  is served uncached (neither looked up nor stored), so junk URLs cannot fill the cache.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings


@dataclass(frozen=True)
class Query:
    key: str  # what the cache key carries: the kept parameters, sorted
    clean: str  # the query string the view gets
    storable: bool
    changed: bool  # tracking parameters were removed


@lru_cache(maxsize=16)
def _patterns(params, drop):
    return {name: re.compile(pattern) for name, pattern in params}, re.compile(drop)


def canonical(query_string):
    if not query_string:
        return Query("", "", True, False)
    params, drop = _patterns(tuple(settings.PAGE_CACHE_QUERY_PARAMS.items()), settings.PAGE_CACHE_DROP_PARAMS)
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not drop.fullmatch(name)]
    storable = len({name for name, _ in kept}) == len(kept)  # no parameter given twice
    for name, value in kept:
        pattern = params.get(name)
        if pattern is None or not pattern.fullmatch(value):
            storable = False
    changed = len(kept) != len(pairs)
    clean = urlencode(kept) if changed else query_string
    return Query(urlencode(sorted(kept)), clean, storable, changed)
