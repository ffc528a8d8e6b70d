"""Every post by date: the archive, and the year, month and day archives."""

from datetime import date
from itertools import groupby

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from ... import dependencies, links
from ...models import Post
from .. import figures
from .common import CachedCountMixin, MetaMixin, post_list

ARCHIVE_PAGE_SIZE = 50
DATE_ARCHIVE_PAGE_SIZE = 50
FIRST_DAY, LAST_DAY = date.min, date.max


def period_link(day, kind, label):
    """A link to the archive of ``day``'s year, month or day, or None."""
    return {"label": label(day), "url": links.archive_urls(day)[kind]} if day else None


class ArchiveView(CachedCountMixin, MetaMixin, ListView):
    """Every published post, grouped by year, a page at a time."""

    template_name = "blog/archive.html"
    context_object_name = "posts"
    paginate_by = ARCHIVE_PAGE_SIZE
    declares_posts = False  # the rows figure does, without reading the posts again

    def get_queryset(self):
        return Post.objects.published().only("title", "subtitle", "slug", "publish")

    def count_name(self):
        return "archive"

    def list_keys(self):
        return [dependencies.LIST_ALL]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # A page of the archive is fifty permalinks: their rows are read once,
        # then cached until the next change (the page is rendered every time).
        context["groups"] = figures.cached(
            f"archive:rows:{page.number}",
            lambda: archive_groups(page.object_list),
            lambda groups: [dependencies.LIST_ALL, *(row["key"] for group in groups for row in group["posts"])],
        )
        context["years"] = [
            {"year": year, "count": count, "url": links.reverse("blog:archive_year", year=year)}
            for year, count in figures.archive_years()
        ]
        return context

    def get_meta(self, context):
        return {
            "title": _("Archive"),
            "description": _("Every post of %(site)s by date.") % {"site": settings.BLOG["TITLE"]},
        }


def archive_groups(posts):
    """Posts as plain rows grouped by (local) year, newest first."""
    zone = timezone.get_default_timezone()
    rows = []
    for post in posts:
        local = timezone.localtime(post.publish, zone)
        rows.append(
            {
                "year": local.year,
                "key": dependencies.post(post.pk),
                "url": post.get_absolute_url(),
                "title": post.title,
                "subtitle": post.subtitle,
                "datetime": local.isoformat(),
                "day": local.strftime("%m-%d"),
            }
        )
    return [
        {"year": year, "url": links.reverse("blog:archive_year", year=year), "posts": list(group)}
        for year, group in groupby(rows, key=lambda row: row["year"])
    ]


class DateArchiveMixin(CachedCountMixin, MetaMixin):
    """/2025/, /2025/06/ and /2025/06/19/: zero-padded (other spellings get a
    301), dates in the site's time zone, invalid or empty dates a 404."""

    template_name = "blog/date_archive.html"
    context_object_name = "posts"
    date_field = "publish"
    month_format = "%m"
    day_format = "%d"
    make_object_list = True
    allow_empty = False
    paginate_by = DATE_ARCHIVE_PAGE_SIZE

    def get_queryset(self):
        return post_list(Post.objects.published())

    def get(self, request, *args, **kwargs):
        try:
            self.period = date(int(kwargs["year"]), int(kwargs.get("month", 1)), int(kwargs.get("day", 1)))
        except ValueError:
            raise Http404("No such date.") from None
        if not FIRST_DAY < self.period < LAST_DAY:
            # A day's bounds in the site's time zone would leave datetime's range.
            raise Http404("Date out of range.")
        canonical = links.reverse(request.resolver_match.view_name, **kwargs)
        if request.path != canonical:
            return links.permanent_redirect(request, canonical)
        return super().get(request, *args, **kwargs)

    def count_name(self):
        return f"{self.request.resolver_match.url_name}:{self.period.isoformat()}"

    def list_keys(self):
        year, month, day = dependencies.list_dates(self.period)
        return [{"year": year, "month": month, "day": day}[self.period_kind], dependencies.SITE_DATES]

    def period_links(self, context):
        """Sub-periods with posts (months of a year, days of a month)."""
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["period_title"] = self.period_title()
        context["up_links"] = self.up_links()
        context["period_links"] = self.period_links(context)
        context["sibling_links"] = self.sibling_links(context)
        return context

    def get_meta(self, context):
        title = self.period_title()
        return {"title": title, "description": title}

    def up_links(self):
        return []

    def sibling_links(self, context):
        """The previous and next periods with posts (Django's date views find them)."""
        kind = self.period_kind
        return {
            "previous": period_link(context[f"previous_{kind}"], kind, self.period_label),
            "next": period_link(context[f"next_{kind}"], kind, self.period_label),
        }


class YearArchive(DateArchiveMixin, YearArchiveView):
    period_kind = "year"

    def period_label(self, day):
        return str(day.year)

    def period_title(self):
        return _("Archive of %(year)s") % {"year": self.period_label(self.period)}

    def period_links(self, context):
        return [
            {"label": date_format(month, "YEAR_MONTH_FORMAT"), "url": links.archive_urls(month)["month"]}
            for month in context["date_list"]
        ]


class MonthArchive(DateArchiveMixin, MonthArchiveView):
    period_kind = "month"

    def period_label(self, day):
        return date_format(day, "YEAR_MONTH_FORMAT")

    def period_title(self):
        return _("Archive of %(month)s") % {"month": self.period_label(self.period)}

    def up_links(self):
        return [{"label": str(self.period.year), "url": links.archive_urls(self.period)["year"]}]

    def period_links(self, context):
        return [
            {"label": date_format(day, "MONTH_DAY_FORMAT"), "url": links.archive_urls(day)["day"]}
            for day in context["date_list"]
        ]


class DayArchive(DateArchiveMixin, DayArchiveView):
    period_kind = "day"

    def period_label(self, day):
        return date_format(day, "DATE_FORMAT")

    def period_title(self):
        return _("Archive of %(day)s") % {"day": self.period_label(self.period)}

    def up_links(self):
        urls = links.archive_urls(self.period)
        return [
            {"label": str(self.period.year), "url": urls["year"]},
            {"label": date_format(self.period, "YEAR_MONTH_FORMAT"), "url": urls["month"]},
        ]
