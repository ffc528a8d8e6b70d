"""Liquid in posts and pages, evaluated as Jekyll evaluates it, before Markdown (python-liquid
is the engine; ``tags`` and ``filters`` add Jekyll's own; ``sandbox`` bounds what one render may
cost). ``render(source, page, site)`` never raises: a template error comes back as
``Rendered.error`` with the text as written."""

from .render import LiquidSite, Rendered, record, render

__all__ = ["LiquidSite", "Rendered", "record", "render"]
