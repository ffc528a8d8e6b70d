from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from . import authors, revisions
        from .models import Post

        post_save.connect(authors.link_staff_author, sender=get_user_model(), dispatch_uid="blog.authors.link_staff")
        pre_save.connect(revisions.record_previous_text, sender=Post, dispatch_uid="blog.revisions.record")
        # Any change to what public pages show bumps the shared content version
        # (blog/cache.py), which the page cache and blog/stats.py key on.
        from . import signals

        signals.connect()
