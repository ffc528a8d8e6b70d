"""What the public views share: post lists ready for previews, list lengths from the figures
cache, page metadata, and who may preview unpublished posts."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from ... import dependencies
from .. import figures, seo

# What a preview shows (blog/includes/post_preview.html); the other columns, the body above
# all, stay in the database.
PREVIEW_FIELDS = ("title", "subtitle", "slug", "publish", "excerpt", "author__name", "comment_count")


def page_size():
    return settings.BLOG.get("PAGE_SIZE", 10)


def post_list(queryset):
    """A list of posts ready for previews: author and tags fetched in two queries."""
    return queryset.select_related("author").with_tags().only(*PREVIEW_FIELDS)


def can_preview(user):
    """Staff who may change posts see drafts and scheduled posts at their permalink."""
    return user.is_active and user.is_staff and user.has_perm("blog.change_post")


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the stats cache (COUNT grows with the blog)."""

    def __init__(self, *args, count_name, depends_on, volatile=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name
        self.depends_on = depends_on
        self.volatile = volatile

    @cached_property
    def count(self):
        return figures.count(self.count_name, self.object_list, self.depends_on, self.volatile)


class CachedCountMixin:
    """For list views: name the list so its length can be cached, and say which list it is
    (``list_keys()``, ``blog.dependencies``), so that the page and its count are invalidated
    when a post joins or leaves it. The posts of the page are declared as shown."""

    declares_posts = True  # False for a view whose rows come from a figure that declares them
    volatile_count = False  # True for a list named by what a reader typed (a search)

    def count_name(self):
        raise NotImplementedError

    def list_keys(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posts = context.get("posts") if self.declares_posts else None
        dependencies.shows_posts(posts or (), *self.list_keys())
        return context

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_name=self.count_name(),
            depends_on=self.list_keys(),
            volatile=self.volatile_count,
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


class SitePageSize:
    """Lists of post previews: as many per page as the site's PAGE_SIZE says (read per request,
    so a changed setting holds)."""

    def get_paginate_by(self, queryset):
        return page_size()
