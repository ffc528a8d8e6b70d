"""/sitemap.xml: posts (with their last change), tags, series, date archives and the
fixed pages. Everything through ``Post.objects.published()``."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from pagecache.figures import cached

from .. import dependencies as keys
from .. import links
from ..models import Author, Page, Post, Series
from . import seo
from .figures import published_tags


class BlogSitemap(Sitemap):
    """Announces SITE_URL's scheme and host when set, else the request's."""

    def get_protocol(self, protocol=None):
        origin = seo.site_origin()
        return urlsplit(origin).scheme if origin else super().get_protocol(protocol)

    def get_domain(self, site=None):
        origin = seo.site_origin()
        return urlsplit(origin).netloc if origin else super().get_domain(site)


class PostSitemap(BlogSitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Post.objects.published().only("slug", "publish", "updated").order_by("-publish", "-pk")

    def lastmod(self, post):
        return post.last_modified

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of Django's loop over every post.
        latest = Post.objects.published().aggregate(updated=Max("updated"), publish=Max("publish"))
        moments = [moment for moment in latest.values() if moment]
        return max(moments) if moments else None


class TagSitemap(BlogSitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        return published_tags().only("slug").order_by("name")

    def location(self, tag):
        return links.tag_url(tag.slug)


class SeriesSitemap(BlogSitemap):
    """Every series with a published part (as its page answers)."""

    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Series.objects.filter(pk__in=Post.objects.published().values("series")).only("slug").order_by("name")


class ArchiveSitemap(BlogSitemap):
    """Every year and month with published posts."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        # Two scans of every public post, and the index counts them on each render: kept until
        # a day, month or year gains or loses its last post, not redone for every edit.
        return cached("sitemap:archives", archive_periods, [keys.SITE_DATES])

    def location(self, item):
        kind, moment = item
        if kind == "year":
            return links.reverse("blog:archive_year", year=moment.year)
        return links.reverse("blog:archive_month", year=moment.year, month=moment.month)


def archive_periods():
    posts = Post.objects.published()
    zone = timezone.get_default_timezone()
    years = [("year", d) for d in posts.datetimes("publish", "year", order="DESC", tzinfo=zone)]
    months = [("month", d) for d in posts.datetimes("publish", "month", order="DESC", tzinfo=zone)]
    return years + months


class StaticSitemap(BlogSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["blog:home", "blog:archive", "blog:tags"]

    def location(self, name):
        return links.reverse(name)


class PageSitemap(BlogSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.only("slug", "path", "updated")

    def lastmod(self, page):
        return page.updated


class AuthorSitemap(BlogSitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return Author.objects.filter(pk__in=Post.objects.published().values("author")).only("slug")


SITEMAPS = {
    "static": StaticSitemap,
    "posts": PostSitemap,
    "pages": PageSitemap,
    "tags": TagSitemap,
    "series": SeriesSitemap,
    "authors": AuthorSitemap,
    "archives": ArchiveSitemap,
}
