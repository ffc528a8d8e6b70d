from datetime import date
from itertools import groupby
from urllib.parse import unquote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import iri_to_uri
from django.utils.functional import cached_property
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.dates import (
    DateDetailView,
    DayArchiveView,
    MonthArchiveView,
    YearArchiveView,
    _date_from_string,
)

from . import links, search, seo, stats, text
from .models import Author, Page, Post

PAGE_SIZE = settings.BLOG.get("PAGE_SIZE", 10)
ARCHIVE_PAGE_SIZE = 50
DATE_ARCHIVE_PAGE_SIZE = 50
FIRST_DAY, LAST_DAY = date.min, date.max
ABOUT_SUMMARY_LENGTH = 90

# What a preview shows (blog/includes/post_preview.html); the other columns,
# the body above all, stay in the database.
PREVIEW_FIELDS = ("title", "subtitle", "slug", "publish", "excerpt", "author__name")


def post_list(queryset):
    """A list of posts ready for previews: author and tags fetched in two queries."""
    return queryset.select_related("author").with_tags().only(*PREVIEW_FIELDS)


def can_preview(user):
    """Staff who may change posts see drafts and scheduled posts at their permalink."""
    return user.is_active and user.is_staff and user.has_perm("blog.change_post")


def archive_links(day):
    """URLs of the year, month and day archives a date belongs to."""
    return {
        "year": links.reverse("blog:archive_year", year=day.year),
        "month": links.reverse("blog:archive_month", year=day.year, month=day.month),
        "day": links.reverse("blog:archive_day", year=day.year, month=day.month, day=day.day),
    }


def period_link(day, kind, label):
    """A link to the archive of ``day``'s year, month or day, or None."""
    return {"label": label(day), "url": archive_links(day)[kind]} if day else None


def about_box():
    """The home sidebar's About: the first sentences of the About page (kept
    with the site's figures until the content changes)."""
    return stats.cached("about_box", _about_box)


def _about_box():
    page = Page.objects.filter(slug=Page.ABOUT).only("slug", "title", "body_html").first()
    if page is None:
        return None
    return {
        "title": page.title,
        "summary": text.summarize(text.html_to_text(page.body_html), ABOUT_SUMMARY_LENGTH),
        "url": page.get_absolute_url(),
    }


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the stats cache (COUNT grows with the blog)."""

    def __init__(self, *args, count_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self):
        return stats.count(self.count_name, self.object_list)


class CachedCountMixin:
    """For list views: name the list so its length can be cached."""

    def count_name(self):
        raise NotImplementedError

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_name=self.count_name(),
            **kwargs,
        )


class MetaMixin:
    """Puts the page's <head> metadata (``seo.PageMeta``) in the context."""

    def get_meta(self, context):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")  # "is not None": a Page's truth is its length, a query
        context["meta"] = seo.page_meta(
            self.request, page_number=page.number if page is not None else 1, **self.get_meta(context)
        )
        return context


class PostListView(CachedCountMixin, MetaMixin, ListView):
    """The home page: published, non-hidden posts, newest first, and a sidebar."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return post_list(Post.objects.listed())

    def count_name(self):
        return "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["featured_tags"] = stats.featured_tags()
        context["about"] = about_box()
        return context

    def get_meta(self, context):
        return {"structured_data": seo.home_structured_data(self.request)}


class PostDetailView(DateDetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"
    date_field = "publish"
    month_format = "%m"
    day_format = "%d"

    # The day comes first in the WHERE clause: SQLite bounds its index range by
    # the first upper bound on ``publish`` it meets, and published()'s "until
    # now" first would make it read every post since that day.
    def get_queryset(self):
        return Post.objects.on_day(self.day).published().select_related("author").with_tags()

    def get_preview_queryset(self):
        return Post.objects.on_day(self.day).select_related("author").with_tags()

    def may_preview(self):
        # Only a request that carries a session can come from staff: readers'
        # requests never touch the session, so their pages do not vary on
        # cookies and stay cacheable.
        return settings.SESSION_COOKIE_NAME in self.request.COOKIES and can_preview(self.request.user)

    def get_object(self, queryset=None):
        # Resolve the day ourselves: an invalid date is a 404, and should two
        # posts ever share a day and slug the earlier one wins instead of a
        # MultipleObjectsReturned error.
        self.day = _date_from_string(
            self.get_year(),
            self.get_year_format(),
            self.get_month(),
            self.get_month_format(),
            self.get_day(),
            self.get_day_format(),
        )
        if not FIRST_DAY < self.day < LAST_DAY:
            raise Http404("Date out of range.")

        def find(posts):
            return posts.filter(slug=self.kwargs["slug"]).order_by("publish", "pk").first()

        post = find(self.get_queryset() if queryset is None else queryset.on_day(self.day))
        if post is None and self.may_preview():
            post = find(self.get_preview_queryset())
        if post is None:
            raise Http404("No post at this address.")
        return post

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != unquote(canonical):
            return links.permanent_redirect(request, canonical)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_published:
            # A staff preview of a draft or scheduled post: never stored anywhere.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        previous_post, next_post = stats.neighbours(post)
        context.update(
            meta=seo.post_meta(self.request, post),
            previous_post=previous_post,
            next_post=next_post,
            related_posts=stats.related_posts(post),
            date_links=archive_links(post.publish_date),
        )
        return context


class PageView(DetailView):
    model = Page
    template_name = "blog/page_detail.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = seo.page_meta(self.request, title=self.object.title, description=self.object.body_html)
        return context


class TagListView(MetaMixin, TemplateView):
    """The tag cloud."""

    template_name = "blog/tag_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tags=stats.tag_cloud(), **kwargs)

    def get_meta(self, context):
        return {
            "title": _("Tags"),
            "description": _("Every tag of %(site)s, sized by use.") % {"site": settings.BLOG["TITLE"]},
        }


class TagPostListView(CachedCountMixin, MetaMixin, ListView):
    """Published posts carrying one tag (hidden ones included)."""

    template_name = "blog/tag_detail.html"
    context_object_name = "posts"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        try:
            self.tag = stats.published_tag_or_404(slug)
        except Http404:
            # Tag slugs are lower case: /tags/AI/ is a reader's spelling of /tags/ai/.
            if slug.lower() != slug:
                return HttpResponsePermanentRedirect(reverse("blog:tag", kwargs={"slug": slug.lower()}))
            raise
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return post_list(Post.objects.published().tagged(self.tag.pk))

    def count_name(self):
        return f"tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_meta(self, context):
        return {
            "title": self.tag.name,
            "description": _("Posts tagged “%(tag)s”") % {"tag": self.tag.name},
        }


class ArchiveView(CachedCountMixin, MetaMixin, ListView):
    """Every published post, grouped by year, a page at a time."""

    template_name = "blog/archive.html"
    context_object_name = "posts"
    paginate_by = ARCHIVE_PAGE_SIZE

    def get_queryset(self):
        return Post.objects.published().only("title", "subtitle", "slug", "publish")

    def count_name(self):
        return "archive"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # A page of the archive is fifty permalinks: their rows are read once,
        # then cached until the next change (the page is rendered every time).
        context["groups"] = stats.cached(f"archive:rows:{page.number}", lambda: archive_groups(page.object_list))
        context["years"] = [
            {"year": year, "count": count, "url": links.reverse("blog:archive_year", year=year)}
            for year, count in stats.archive_years()
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


# --- Date archives ------------------------------------------------------------------------
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
            raise Http404("No such date.")
        if not FIRST_DAY < self.period < LAST_DAY:
            # A day's bounds in the site's time zone would leave datetime's range.
            raise Http404("Date out of range.")
        canonical = reverse(request.resolver_match.view_name, kwargs=kwargs)
        if request.path != canonical:
            return links.permanent_redirect(request, canonical)
        return super().get(request, *args, **kwargs)

    def count_name(self):
        return f"{self.request.resolver_match.url_name}:{self.period.isoformat()}"

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
            {"label": date_format(month, "YEAR_MONTH_FORMAT"), "url": archive_links(month)["month"]}
            for month in context["date_list"]
        ]


class MonthArchive(DateArchiveMixin, MonthArchiveView):
    period_kind = "month"

    def period_label(self, day):
        return date_format(day, "YEAR_MONTH_FORMAT")

    def period_title(self):
        return _("Archive of %(month)s") % {"month": self.period_label(self.period)}

    def up_links(self):
        return [{"label": str(self.period.year), "url": archive_links(self.period)["year"]}]

    def period_links(self, context):
        return [
            {"label": date_format(day, "MONTH_DAY_FORMAT"), "url": archive_links(day)["day"]}
            for day in context["date_list"]
        ]


class DayArchive(DateArchiveMixin, DayArchiveView):
    period_kind = "day"

    def period_label(self, day):
        return date_format(day, "DATE_FORMAT")

    def period_title(self):
        return _("Archive of %(day)s") % {"day": self.period_label(self.period)}

    def up_links(self):
        urls = archive_links(self.period)
        return [
            {"label": str(self.period.year), "url": urls["year"]},
            {"label": date_format(self.period, "YEAR_MONTH_FORMAT"), "url": urls["month"]},
        ]


# --- Authors and search -----------------------------------------------------------------------
class AuthorView(CachedCountMixin, MetaMixin, ListView):
    """An author's bio, avatar and published posts."""

    template_name = "blog/author_detail.html"
    context_object_name = "posts"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return post_list(Post.objects.published().filter(author=self.author))

    def count_name(self):
        return f"author:{self.author.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def get_meta(self, context):
        return {
            "title": self.author.name,
            "description": self.author.bio_html or _("Posts by %(author)s") % {"author": self.author.name},
            "image": self.author.avatar.url if self.author.avatar else "",
            "type": "profile",
        }


class SearchView(CachedCountMixin, MetaMixin, ListView):
    template_name = "blog/search.html"
    context_object_name = "posts"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.query = search.parse(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # What a result shows: title, subtitle, date, tags and a snippet of the text.
        return (
            search.search(self.query).with_tags().only("title", "subtitle", "slug", "publish", "excerpt", "body_html")
        )

    def count_name(self):
        return search.count_name(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["hits"] = search.hits(context["posts"], self.query)
        context["max_length"] = search.MAX_LENGTH
        context["max_terms"] = search.MAX_TERMS
        return context

    def get_meta(self, context):
        title = _("Search: %(query)s") % {"query": self.query.text} if self.query else _("Search")
        return {"title": title, "noindex": True}


# --- Small views -----------------------------------------------------------------------------
@never_cache
def set_language(request, code):
    """Remember the reader's UI language in a cookie and go back.

    A plain link (GET), not Django's POST form: public pages stay free of CSRF
    tokens and cookies, so the page cache can store them.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("Unknown language.")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("blog:home")
    response = HttpResponseRedirect(iri_to_uri(next_url))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 60 * 60,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=request.is_secure() or settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('blog:search')}",
        f"Disallow: {reverse('blog:set_language', kwargs={'code': 'x'}).rsplit('x/', 1)[0]}",
        "",
        f"Sitemap: {seo.absolute_url(request, reverse('blog:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
