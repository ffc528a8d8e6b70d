from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Whole pages and site-wide figures for anonymous readers, kept in the shared cache and
    invalidated by what they show; purges for edge caches.

    No models, and nothing from the apps whose content it caches: those declare what their
    pages show (``pagecache.deps``) and what a change to their rows touches
    (``pagecache.invalidation.watch``).
    """

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from config import cachebackends, health

        from . import purge, version

        cachebackends.on_recovery(version.cache_recovered)

        def outbox():
            waiting = purge.pending()
            return "ok" if not waiting else f"{waiting} deliveries waiting for retry"

        health.register("outbox", outbox)
