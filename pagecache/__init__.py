"""The page cache: whole pages and site-wide figures for anonymous readers, invalidated by what
they show, and purges for the edge caches in front of the site.

It imports nothing from the apps whose content it caches. They tell it two things, both in terms
of *dependency keys* (short strings such as ``"post:12"`` or ``"list:home"``, named by the app):

1. what a response shows, while it is rendered: ``pagecache.deps.declare(*keys)`` in a view,
   ``pagecache.deps.depends_on(*keys)`` around one, or ``pagecache.figures.cached(name, compute,
   keys)`` for data kept between requests (reading it declares its keys);
2. what a change to a row touches, once, from ``AppConfig.ready()``. For a new model this is one
   line::

       invalidation.watch(Comment, keys=lambda comment: [f"post:{comment.post_id}"] if comment.approved else [])

   The row's keys before and after the save are touched after the commit, on every worker and
   host, and purged from the edge caches; keys it stood for and no longer does are removals (no
   stale copy served). ``watch(Model, keys, placement=..., moved=...)`` adds keys touched only
   when a row moves in lists (see ``invalidation``); ``invalidation.watch_all(Model)``
   invalidates everything on any change; ``invalidation.schedule(next_change, due)`` tells when
   content changes by itself.

Modules: ``version`` (the record of changes and the snapshot a request is served under),
``deps``, ``invalidation``, ``figures``, ``middleware``, ``record`` (a stored page), ``lru``,
``query`` (which query strings are stored), ``stampede`` (one rebuild at a time), ``headers``
(edge Cache-Control and surrogate keys), ``purge`` (delivery after the commit, the outbox,
edge purgers). The cache backends with their timeouts and breaker are ``config.cachebackends``.
"""
