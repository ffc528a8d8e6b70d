"""Atom feeds of approved comments: the latest on the whole site, and those of one post.

Each entry is the comment's sanitized HTML (links made absolute), its writer's name (never
their email) and its time; the feed's date is the newest comment's.
"""

from datetime import date

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from .. import links
from ..content import html, text
from ..models import Comment, Post
from .feeds import AtomWithContent, PostsFeed, feed_view

FEED_LENGTH = 50


class LatestComments(PostsFeed):
    feed_type = AtomWithContent

    def title(self, obj):
        return _("Comments on %(site)s") % {"site": settings.BLOG["TITLE"]}

    def description(self, obj):
        return _("The latest comments on %(site)s") % {"site": settings.BLOG["TITLE"]}

    def comments(self, obj):
        return Comment.objects.visible()

    def items(self, obj):
        return self.comments(obj).select_related("post").order_by("-created", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return _("%(name)s on “%(title)s”") % {"name": item.name, "title": item.post.title}

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_description(self, item):
        return text.summarize(html.html_to_text(item.body_html))

    def item_extra_kwargs(self, item):
        return {"content": html.absolutize(item.body_html, self.item_link(item))}

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.created

    def item_author_name(self, item):
        return item.name

    def item_author_link(self, item):
        return item.website or None

    def item_categories(self, item):
        return []


class PostComments(LatestComments):
    def get_object(self, request, year, month, day, slug):
        try:
            day = date(int(year), int(month), int(day))
        except ValueError:
            raise Http404("No such date.") from None
        post = Post.objects.at(day, slug).published().first()
        if post is None:
            raise Http404("No post at this address.")
        return post

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def comments(self, obj):
        return obj.comments.approved()


latest_comments = feed_view(LatestComments)
post_comments = feed_view(PostComments)


def post_feed_url(post):
    day = post.publish_date
    return links.reverse(
        "blog:post_comments_feed",
        year=f"{day.year:04d}",
        month=f"{day.month:02d}",
        day=f"{day.day:02d}",
        slug=post.slug,
    )
