from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Every receiver of the blog, connected here and only here."""
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save
        from taggit.models import Tag

        from pagecache import invalidation

        from . import dependencies as keys
        from .models import Author, Comment, LiquidInclude, Page, Post, Series, SiteVariable
        from .writing import authors, liquid

        post_save.connect(authors.link_staff_author, sender=get_user_model(), dispatch_uid="blog.authors.link_staff")
        liquid.connect_receivers(post_save, post_delete, Post, Page, LiquidInclude, SiteVariable)
        # What public pages show (blog/dependencies.py): a change invalidates the cached pages
        # and figures whose keys it touches, after the commit; scheduled posts when they go live.
        invalidation.watch(Post, keys.post_keys, placement=keys.post_placement, moved=keys.post_moved)
        invalidation.watch(Post.tags.through, keys.tagging_keys)
        invalidation.watch(Tag, keys.tag_keys)
        invalidation.watch(Author, keys.author_keys)
        invalidation.watch(Page, keys.page_keys)
        invalidation.watch(Series, keys.series_keys)
        invalidation.watch(Comment, keys.comment_keys)
        # What any Liquid may read (rare changes; the documents that read it are saved again).
        invalidation.watch_all(LiquidInclude, SiteVariable)
        invalidation.schedule(next_change=lambda: Post.objects.next_publication(), due=keys.went_public)
