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
        # Connects the signals that make cached site-wide figures (tag counts,
        # list lengths) forget themselves whenever a post or a tag changes.
        from . import stats  # noqa: F401
