"""The admin: every model of the blog registered, one module per model."""

from . import authors, comments, images, liquid, pages, posts, revisions, series, tags  # noqa: F401  (registering)
