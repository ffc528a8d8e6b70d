from urllib.parse import unquote

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from django.views.generic.dates import DateDetailView, _date_from_string

from .models import Page, Post


def can_preview(user):
    """Staff who may change posts see drafts and scheduled posts at their permalink."""
    return user.is_active and user.is_staff and user.has_perm("blog.change_post")


class PostListView(ListView):
    """The home page: published, non-hidden posts, newest first."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return Post.objects.listed().select_related("author").prefetch_related("tags")


class PostDetailView(DateDetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"
    date_field = "publish"
    month_format = "%m"
    day_format = "%d"

    def get_queryset(self):
        posts = Post.objects.select_related("author").prefetch_related("tags")
        if can_preview(self.request.user):
            return posts
        return posts.published()

    def get_allow_future(self):
        return can_preview(self.request.user)

    def get_object(self, queryset=None):
        # Resolve the day ourselves: an invalid date is a 404, and should two
        # posts ever share a day and slug the earlier one wins instead of a
        # MultipleObjectsReturned error.
        day = _date_from_string(
            self.get_year(), self.get_year_format(),
            self.get_month(), self.get_month_format(),
            self.get_day(), self.get_day_format(),
        )
        queryset = self.get_queryset() if queryset is None else queryset
        post = queryset.on_day(day).filter(slug=self.kwargs["slug"]).order_by("publish", "pk").first()
        if post is None:
            raise Http404("No post at this address.")
        return post

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != unquote(canonical):
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_published:
            # A staff preview of a draft or scheduled post: never stored anywhere.
            add_never_cache_headers(response)
        return response


class PageView(DetailView):
    model = Page
    template_name = "blog/page_detail.html"
    context_object_name = "page"


class TagPostListView(ListView):
    """Published posts carrying one tag (hidden ones included)."""

    template_name = "blog/tag_detail.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        from taggit.models import Tag

        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return (
            Post.objects.published()
            .filter(tags__in=[self.tag])
            .select_related("author")
            .prefetch_related("tags")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
