"""/sitemap.xml: posts (with their last change), tags, series, date archives and the
fixed pages. Everything through ``Post.objects.published()``."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from pagecache.figures import cached

from .. import dependencies as keys
from .. import links
from ..models import Author, Page, Post, Series
from . import seo
from .figures import published_tags


def _has_published_posts(field):
    """True for a series or author with a published post: a lookup in the post's foreign-key
    index for each (few) row, not "IN (every published post)", which reads every post."""
    return Exists(Post.objects.published().filter(**{field: OuterRef("pk")}))


RECENT_CHANGES = 50  # posts changed last, among which the index looks for its latest change


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
        # For the index, instead of Django's loop over every post (or an aggregate reading every
        # row): the latest ``last_modified`` among the posts changed last, whatever their state,
        # and the newest published, each from the top of its index, in one query. Only when the
        # posts changed last were all drafts does it fall back to every published post.
        posts = Post.objects.published()
        changed_last = Post.objects.order_by("-updated").values("pk")[:RECENT_CHANGES]
        newest = posts.order_by("-publish").values("pk")[:1]
        found = posts.filter(Q(pk__in=changed_last) | Q(pk__in=newest)).aggregate(
            latest=Max(Greatest("updated", "publish")), changed=Count("pk", filter=Q(pk__in=changed_last))
        )
        if found["latest"] is not None and not found["changed"]:
            found = posts.aggregate(latest=Max(Greatest("updated", "publish")))
        return found["latest"]


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
        return Series.objects.filter(_has_published_posts("series")).only("slug").order_by("name")


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
        return Author.objects.filter(_has_published_posts("author")).only("slug")


SITEMAPS = {
    "static": StaticSitemap,
    "posts": PostSitemap,
    "pages": PageSitemap,
    "tags": TagSitemap,
    "series": SeriesSitemap,
    "authors": AuthorSitemap,
    "archives": ArchiveSitemap,
}
