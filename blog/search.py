"""Search over published posts: a query cleaned of what a database refuses,
matched as substrings (so Chinese, which has no spaces, matches too), and
results highlighted on the server.

A query is split at whitespace into terms; a post matches when every term
appears in its title, subtitle, body text or one of its tag names, whatever
the case. Posts are matched on their ``SearchText`` (those fields casefolded
once, when the post is saved) with a plain substring test (``_in_text``): no
case folding of every post's text on every search, and the same answer on
SQLite (whose LIKE folds only ASCII) and PostgreSQL. Such a test reads every
post, so the number of results is cached per query until the content
changes (``count_name``); a page of results stops at its tenth match.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import stats
from .models import Post, tagged_with
from .text import html_to_text

MAX_LENGTH = 100
MAX_TERMS = 8
SNIPPET_BEFORE = 40
SNIPPET_LENGTH = 160


@dataclass
class Query:
    text: str = ""  # what is searched for, cleaned
    terms: list = field(default_factory=list)
    truncated: bool = False  # longer than MAX_LENGTH and cut
    too_many_terms: bool = False

    def __bool__(self):
        return bool(self.terms)


def _clean(raw):
    # NUL and other control characters: PostgreSQL refuses NUL in text, and
    # none of them can be typed in a search box.
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch != "\u200d" else ch for ch in raw
    )
    return re.sub(r"\s+", " ", text).strip()


def parse(raw):
    """A ``Query`` from whatever arrived in ``?q=``."""
    if not isinstance(raw, str):
        return Query()
    text = _clean(raw)
    truncated = len(text) > MAX_LENGTH
    if truncated:
        text = text[:MAX_LENGTH].rstrip()
    terms = []
    for term in text.split(" "):
        if term and term.casefold() not in {t.casefold() for t in terms}:
            terms.append(term)
    too_many = len(terms) > MAX_TERMS
    return Query(text=text, terms=terms[:MAX_TERMS], truncated=truncated, too_many_terms=too_many)


def search(query):
    """Published posts matching every term, newest first."""
    posts = Post.objects.published()
    if not query:
        return posts.none()
    # Tags are matched here against the (cached) names of the tags on public
    # posts, so a term that names no tag costs the database nothing more.
    tags = stats.tag_counts()
    for term in query.terms:
        needle = term.casefold()
        match = _in_text(needle, posts.db)
        tag_ids = [tag.pk for tag in tags if needle in tag.name.casefold()]
        if tag_ids:
            match |= Q(tagged_with(tag_ids))
        posts = posts.filter(match)
    return posts


def _in_text(needle, using):
    """A post's search text contains ``needle`` (already casefolded).

    PostgreSQL guesses that LIKE '%…%' matches almost nothing, so for a page
    of ten it reads every post's text and sorts the matches; of STRPOS(…) > 0
    it guesses a third of the rows, and reads posts newest first, stopping at
    the tenth match. SQLite reads posts newest first either way, and its LIKE
    is the faster of the two (up to twice as fast on Latin text).
    """
    if connections[using].vendor == "postgresql":
        return Q(GreaterThan(StrIndex("search__text", Value(needle)), 0))
    return Q(search__text__contains=needle)


def count_name(query):
    """The name the number of results of ``query`` is cached under (``stats.count``)."""
    terms = "\n".join(query.terms).encode()
    return f"search:{hashlib.md5(terms, usedforsecurity=False).hexdigest()}"


def _pattern(terms):
    # Longest first so "开源项目" wins over "开源" where both match.
    alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text, terms):
    """``text`` HTML-escaped, with every match of a term wrapped in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    out = []
    pos = 0
    for match in _pattern(terms).finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def snippet(post, terms, before=SNIPPET_BEFORE, length=SNIPPET_LENGTH):
    """About ``length`` characters of the post's text around the first match,
    highlighted; the excerpt when the body itself does not match."""
    plain = re.sub(r"\s+", " ", html_to_text(post.body_html)).strip()
    match = _pattern(terms).search(plain) if terms else None
    if match is None:
        return highlight(post.excerpt, terms)
    start = max(0, match.start() - before)
    end = min(len(plain), start + length)
    piece = plain[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(plain) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)


@dataclass
class Hit:
    post: Post
    title: str
    subtitle: str
    snippet: str


def hits(posts, query):
    """Highlighted results for one page of posts."""
    return [
        Hit(
            post=post,
            title=highlight(post.title, query.terms),
            subtitle=highlight(post.subtitle, query.terms),
            snippet=snippet(post, query.terms),
        )
        for post in posts
    ]
