"""A post at its permalink (with staff previews of unpublished posts), and standalone pages."""

from datetime import date
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView
from django.views.generic.dates import DateDetailView, _date_from_string

from ... import dependencies, links
from ...models import Page, Post
from .. import comments, figures, seo
from ..series import series_box
from .common import can_preview

FIRST_DAY, LAST_DAY = date.min, date.max


class PostDetailView(DateDetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"
    date_field = "publish"
    month_format = "%m"
    day_format = "%d"

    def get_queryset(self):
        return Post.objects.at(self.day, self.kwargs["slug"]).published().select_related("author", "series").with_tags()

    def get_preview_queryset(self):
        return Post.objects.at(self.day, self.kwargs["slug"]).select_related("author", "series").with_tags()

    def may_preview(self):
        # Only a request that carries a session can come from staff: readers' requests never
        # touch the session, so their pages do not vary on cookies and stay cacheable.
        return settings.SESSION_COOKIE_NAME in self.request.COOKIES and can_preview(self.request.user)

    def get_object(self, queryset=None):
        # Resolve the day ourselves: an invalid date is a 404, and should two posts ever share a
        # day and slug the earlier one wins instead of a MultipleObjectsReturned error.
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
        post = self.get_queryset().first()
        if post is None and self.may_preview():
            post = self.get_preview_queryset().first()
        if post is None:
            raise Http404("No post at this address.")
        return post

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != unquote(canonical):
            return links.permanent_redirect(request, canonical)
        context = self.get_context_data(object=self.object)
        response = comments.keep_private(self.render_to_response(context), context["comments"])
        if not self.object.is_published:
            # A staff preview of a draft or scheduled post: never stored anywhere.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        dependencies.shows_post(post)
        previous_post, next_post = figures.neighbours(post)
        context.update(
            meta=seo.post_meta(self.request, post),
            previous_post=previous_post,
            next_post=next_post,
            related_posts=figures.related_posts(post),
            date_links=links.archive_urls(post.publish_date),
            comments=comments.for_post(self.request, post),
            series_box=series_box(post, preview=not post.is_published),
        )
        return context


class PageView(DetailView):
    """A page at /slug/, or (``path=``, from ``pages.PageFallbackMiddleware``) at the path it
    was imported with; a page asked for by its slug elsewhere moves there (301)."""

    model = Page
    template_name = "blog/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        if "page" in self.kwargs:
            page = self.kwargs["page"]
            dependencies.declare_page(page.slug)
            return page
        # Declared before the lookup: a page that does not exist yet is then a 404 nobody keeps.
        dependencies.declare_page(self.kwargs["slug"])
        return super().get_object(queryset)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != unquote(canonical) and request.path != canonical:
            return links.permanent_redirect(request, canonical)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        context["meta"] = seo.page_meta(
            self.request,
            title=page.title,
            description=page.description or page.body_html,
            path=page.get_absolute_url(),
        )
        return context
