from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the signals that make cached site-wide figures (tag counts,
        # list lengths) forget themselves whenever a post or a tag changes.
        from . import stats  # noqa: F401
