"""Lists of post previews: the home page, a tag's posts, an author's posts; and the tag cloud."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from ... import dependencies, links
from ...content import html, text
from ...models import Author, Page, Post
from .. import figures, seo
from ..pinned import PinnedFirst, pinned_posts
from .common import PREVIEW_FIELDS, CachedCountMixin, MetaMixin, SitePageSize, post_list

ABOUT_SUMMARY_LENGTH = 90


def about_box():
    """The home sidebar's About: the first sentences of the About page (kept with the site's
    figures until the content changes)."""
    return figures.cached("about_box", _about_box, [dependencies.page(Page.ABOUT)])


def _about_box():
    page = Page.objects.filter(slug=Page.ABOUT).only("slug", "title", "body_html").first()
    if page is None:
        return None
    return {
        "title": page.title,
        "summary": text.summarize(html.html_to_text(page.body_html), ABOUT_SUMMARY_LENGTH),
        "url": page.get_absolute_url(),
    }


class PostListView(SitePageSize, CachedCountMixin, MetaMixin, ListView):
    """The home page: published, non-hidden posts, the pinned ones first, then newest first;
    and a sidebar."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"

    def get_queryset(self):
        listed = Post.objects.listed()
        return PinnedFirst(pinned_posts(PREVIEW_FIELDS), post_list(listed), listed)

    def count_name(self):
        return "home"

    def list_keys(self):
        return [dependencies.LIST_HOME]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["featured_tags"] = figures.featured_tags()
        context["about"] = about_box()
        return context

    def get_meta(self, context):
        return {"structured_data": seo.home_structured_data(self.request)}


class TagListView(MetaMixin, TemplateView):
    """The tag cloud."""

    template_name = "blog/tag_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tags=figures.tag_cloud(), tag_listing=figures.tag_listing(), **kwargs)

    def get_meta(self, context):
        return {
            "title": _("Tags"),
            "description": _("Every tag of %(site)s, sized by use.") % {"site": settings.BLOG["TITLE"]},
        }


class TagPostListView(SitePageSize, CachedCountMixin, MetaMixin, ListView):
    """Published posts carrying one tag (hidden ones included)."""

    template_name = "blog/tag_detail.html"
    context_object_name = "posts"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        try:
            self.tag = figures.published_tag_or_404(slug)
        except Http404:
            # Tag slugs are lower case: /tags/AI/ is a reader's spelling of /tags/ai/.
            if slug.lower() != slug:
                return links.permanent_redirect(request, links.tag_url(slug.lower()))
            raise
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return post_list(Post.objects.published().tagged(self.tag.pk))

    def count_name(self):
        return f"tag:{self.tag.pk}"

    def list_keys(self):
        return [dependencies.list_tag(self.tag.pk), dependencies.tag(self.tag.pk)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_meta(self, context):
        return {
            "title": self.tag.name,
            "description": _("Posts tagged “%(tag)s”") % {"tag": self.tag.name},
        }


class AuthorView(SitePageSize, CachedCountMixin, MetaMixin, ListView):
    """An author's bio, avatar and published posts."""

    template_name = "blog/author_detail.html"
    context_object_name = "posts"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return post_list(Post.objects.published().filter(author=self.author))

    def count_name(self):
        return f"author:{self.author.pk}"

    def list_keys(self):
        return [dependencies.list_author(self.author.pk), dependencies.author(self.author.pk)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def get_meta(self, context):
        return {
            "title": self.author.name,
            "description": self.author.bio_html or _("Posts by %(author)s") % {"author": self.author.name},
            "image": self.author.avatar.url if self.author.avatar else "",
            "type": "profile",
        }
