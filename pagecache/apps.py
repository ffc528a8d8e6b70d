from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Whole pages and site-wide figures for anonymous readers, kept in the shared cache.

    No models, and nothing from the apps whose content it caches: those register the models it
    watches and when their next change happens by itself (``pagecache.invalidation.watch``).
    """

    name = "pagecache"
    verbose_name = "Page cache"
