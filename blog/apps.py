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

        from .models import Author, Comment, LegacyURL, LiquidInclude, Page, Post, Series, SiteVariable
        from .writing import authors, liquid

        post_save.connect(authors.link_staff_author, sender=get_user_model(), dispatch_uid="blog.authors.link_staff")
        liquid.connect_receivers(post_save, post_delete, Post, Page, LiquidInclude, SiteVariable)
        # What public pages show: any change bumps the page cache's content version, which
        # cached pages and figures are checked against; scheduled posts renew it when they go live.
        tagging = Post.tags.through
        invalidation.watch(
            models=[Post, Author, Page, LegacyURL, Series, tagging, Tag, LiquidInclude, SiteVariable, Comment],
            m2m=[tagging],
            next_change=lambda: Post.objects.next_publication(),
        )
