"""RSS 2.0 and Atom feeds of the latest published posts, for the whole blog
and for one tag. Items carry the full sanitized HTML with links and images
made absolute (a feed reader has no page to resolve them against).

A feed object is made per request (see ``feed_view``) so the request can
decide absolute URLs without shared state between threads.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .. import dependencies, links
from ..content import characters
from ..content.html import absolutize
from ..models import Post
from . import seo
from .figures import published_tag_or_404

FEED_LENGTH = 20


class AtomWithContent(Atom1Feed):
    """Atom with the summary in <summary> and the full post in <content>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class PostsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, request):
        super().__init__()
        self.request = request

    def absolute(self, path):
        return seo.absolute_url(self.request, path)

    def get_feed(self, obj, request):
        """The feed, with every value it writes made printable: XML cannot carry a control
        character, and Django's writer stops on one (``content.characters``)."""
        feed = super().get_feed(obj, request)
        feed.feed = _printable(feed.feed)
        feed.items = [_printable(item) for item in feed.items]
        return feed

    # --- The feed -------------------------------------------------------------------
    def title(self, obj):
        return settings.BLOG["TITLE"]

    def description(self, obj):
        return settings.BLOG["DESCRIPTION"]

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return self.absolute(links.reverse("blog:home"))

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def posts(self, obj):
        return Post.objects.published()

    def list_keys(self, obj):
        return [dependencies.LIST_ALL]

    def items(self, obj):
        items = list(self.posts(obj).select_related("author").with_tags()[:FEED_LENGTH])
        dependencies.shows_posts(items, *self.list_keys(obj))
        return items

    # --- Each post --------------------------------------------------------------------
    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def item_description(self, item):
        return absolutize(item.body_html, self.item_link(item))

    def item_pubdate(self, item):
        return item.publish

    def item_updateddate(self, item):
        return item.last_modified

    def item_author_name(self, item):
        return item.author.name

    def item_author_link(self, item):
        return self.absolute(item.author.get_absolute_url())

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]


class AtomPostsFeed(PostsFeed):
    feed_type = AtomWithContent

    def item_description(self, item):
        return item.excerpt

    def item_extra_kwargs(self, item):
        return {"content": absolutize(item.body_html, self.item_link(item))}


class TagFeedMixin:
    def get_object(self, request, slug):
        return published_tag_or_404(slug)

    def title(self, obj):
        return _("%(tag)s - %(site)s") % {"tag": obj.name, "site": settings.BLOG["TITLE"]}

    def description(self, obj):
        return _("Posts tagged “%(tag)s”") % {"tag": obj.name}

    def link(self, obj):
        return self.absolute(links.tag_url(obj.slug))

    def posts(self, obj):
        return Post.objects.published().tagged(obj.pk)

    def list_keys(self, obj):
        return [dependencies.list_tag(obj.pk), dependencies.tag(obj.pk)]


class TagRssFeed(TagFeedMixin, PostsFeed):
    pass


def _printable(value):
    """``value`` (a feed's or an item's values, nested) without what XML cannot carry."""
    if isinstance(value, str):
        return characters.printable(value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_printable(item) for item in value)
    return value


def feed_view(feed_class):
    def view(request, *args, **kwargs):
        return feed_class(request)(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = f"{feed_class.__name__}_view"
    return view


latest_rss = feed_view(PostsFeed)
latest_atom = feed_view(AtomPostsFeed)
tag_rss = feed_view(TagRssFeed)
