"""The blog's URLs, built one way: ``reverse()`` remembered by each process, and the few
addresses several places need (a tag's, a post's, the archives').

Django's ``reverse()`` does namespace and per-language lookups, matches the pattern and quotes
the arguments on every call, and a list page links to its posts, their tags, the feeds and the
navigation. A URL depends only on the view name, its arguments, the URLconf and the script
prefix (none of our patterns is translated), so each one is reversed once and then looked up.
"""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse

# Enough for every post and tag page a busy process links to; the oldest go first.
MAX_URLS = 4096


@lru_cache(maxsize=MAX_URLS)
def _reverse(viewname, args, kwargs, urlconf, prefix):
    # ``prefix`` is only part of the key: django_reverse reads the same one itself.
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


def reverse(viewname, *args, **kwargs):
    """``django.urls.reverse(viewname, args=args, kwargs=kwargs)``, memoized."""
    return _reverse(viewname, args, tuple(kwargs.items()), get_urlconf(settings.ROOT_URLCONF), get_script_prefix())


def post_url(day, slug):
    """The permalink of the post published on ``day`` (a local date) with ``slug``."""
    return reverse("blog:post", year=f"{day.year:04d}", month=f"{day.month:02d}", day=f"{day.day:02d}", slug=slug)


def tag_url(slug):
    """The address of a tag's page."""
    return reverse("blog:tag", slug=slug)


def archive_urls(day):
    """URLs of the year, month and day archives a date belongs to."""
    return {
        "year": reverse("blog:archive_year", year=day.year),
        "month": reverse("blog:archive_month", year=day.year, month=day.month),
        "day": reverse("blog:archive_day", year=day.year, month=day.month, day=day.day),
    }


def permanent_redirect(request, url):
    """301 to ``url`` (a canonical or new address), keeping the request's query string
    (``?page=2``, campaign tags) unless ``url`` has one of its own."""
    query = request.META.get("QUERY_STRING")
    if query and "?" not in url:
        url = f"{url}?{query}"
    return HttpResponsePermanentRedirect(url)
