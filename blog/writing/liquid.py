"""What the Liquid of a post or page sees of the site, read from the database, and keeping what
it rendered up to date.

``render_document(post_or_page)`` is the one render of a document's body (``Post.render``,
``Page.render``, the admin's preview): its Liquid with ``page.*`` and ``site.*`` (``_config.yml``
as ``SiteVariable`` rows, ``site.posts``/``tags``/``categories``/``pages`` from the blog,
``_includes/`` as ``LiquidInclude`` rows), then Markdown, with links to the site's Markdown files
made into their URLs. What a render read is kept in ``liquid_uses``; ``changed(name)`` re-renders
the documents that read ``name``: an include's path, ``site`` (a variable), ``site.posts`` and
``site.pages`` (the lists), ``file:PATH`` (the document made from a file, which a link names) and
``post:NAME`` (the post ``{% post_url NAME %}`` names).
"""

import posixpath
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property

from ..content import liquid, markdown
from ..content.liquid.values import RubyTime
from ..content.relative_links import DOCUMENT_EXTENSIONS, site_path
from . import documents

# Files not in the database yet, while a site is being imported (see ``reading_files``).
_site_files = ContextVar("liquid_site_files", default=None)
# Names changed while ``refresh_later()`` holds the re-renders back, or None.
_pending = ContextVar("liquid_pending", default=None)
# True while documents are being re-rendered (their saves must not start more re-renders).
_refreshing = ContextVar("liquid_refreshing", default=False)
# ``_config.yml``'s variables read once by ``config_held()``, or None.
_held_config = ContextVar("liquid_held_config", default=None)


def _model(name):
    return apps.get_model("blog", name)


def site_config():
    """``_config.yml``'s variables as imported: ``{name: value}``."""
    held = _held_config.get()
    if held is not None:
        return dict(held)
    return dict(_model("SiteVariable").objects.values_list("name", "value"))


@contextmanager
def config_held():
    """For a writer of many documents that leaves ``_config.yml``'s variables alone meanwhile
    (an import, once the site's variables are in): they are read once, not at every render."""
    token = _held_config.set(site_config())
    try:
        yield
    finally:
        _held_config.reset(token)


class DatabaseSite(liquid.LiquidSite):
    """The site as a document's Liquid sees it (``blog.content.liquid.LiquidSite``)."""

    def __init__(self, document):
        self.document = document
        self.uses = set()  # what the Markdown stage read (relative links)

    @cached_property
    def config(self):
        return site_config()

    @property
    def includes_dir(self):
        return str(self.config.get("includes_dir") or "_includes").strip("/") or "_includes"

    @property
    def url(self):
        return settings.BLOG.get("SITE_URL") or ""

    @property
    def zone(self):
        try:
            return ZoneInfo(str(self.config.get("timezone") or settings.TIME_ZONE))
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)

    def variables(self):
        return documents.SiteVariables(self)

    def read(self, path):
        row = _model("LiquidInclude").objects.filter(path=path).only("source").first()
        if row is not None:
            return row.source
        files = _site_files.get()
        return files.read(path) if files is not None else None

    def post_url(self, name):
        liquid.record(documents.post_name(name))
        return documents.post_url(name)

    def link(self, path):
        path = path.strip().lstrip("/")
        liquid.record(documents.file_name(path))
        url = documents.url_of_file(path)
        if url is None and posixpath.splitext(path)[1].lower() not in DOCUMENT_EXTENSIONS:
            return "/" + path  # a static file keeps its path
        return url

    # Links written in Markdown to the site's files (jekyll-relative-links).
    def resolve_link(self, href):
        found = site_path(href, documents.folder_of(self.document))
        if found is None:
            return None
        path, fragment = found
        self.uses.add(documents.file_name(path))
        url = documents.url_of_file(path)
        return f"{url}#{fragment}" if url and fragment else url


def _uses_text(names):
    return "\n" + "\n".join(sorted(names)) + "\n" if names else ""


def render_document(document):
    """``markdown.Rendered`` for a post's or page's body; fills in its ``liquid_error`` and
    ``liquid_uses``."""
    site = DatabaseSite(document)
    text, error, uses = document.body or "", "", frozenset()
    if document.liquid:
        result = liquid.render(text, page=documents.page_variables(document, site.zone), site=site)
        text, error, uses = result.text, result.error, result.uses
    if getattr(document, "format", "markdown") == "html":
        rendered = markdown.Rendered(html=markdown.sanitize(text), toc_html="")
    else:
        options = getattr(document, "markdown_options", None)  # a post's, from the Jekyll site it came from
        rendered = markdown.render(text, options, link_resolver=site.resolve_link)
    document.liquid_error = error
    document.liquid_uses = _uses_text(uses | site.uses)
    return rendered


def stored_liquid_errors(documents, chunk=500):
    """``{(model, pk): liquid_error}`` as stored now for these saved posts and pages (the
    re-render at the end of an import may have changed them), in a few queries."""
    errors = {}
    by_model = {}
    for document in documents:
        if document.pk is not None:
            by_model.setdefault(type(document), []).append(document.pk)
    for model, pks in by_model.items():
        for start in range(0, len(pks), chunk):
            rows = model._base_manager.filter(pk__in=pks[start : start + chunk]).values_list("pk", "liquid_error")
            errors.update(((model, pk), error) for pk, error in rows)
    return errors


# --- Keeping rendered documents up to date ----------------------------------------------------
def users_of(names):
    """``(posts, pages)`` whose last render read one of ``names``.

    Matched in Python against each document's ``liquid_uses`` (one read of the documents that
    have any), not with one LIKE per name: an import changes thousands of names at once.
    """
    if not names:
        return [], []
    names = set(names)
    return [_users(_model(name), names) for name in ("Post", "Page")]


USERS_BATCH = 500


def _users(model, names):
    rows = model.objects.exclude(liquid_uses="").values_list("pk", "liquid_uses")
    pks = [pk for pk, uses in rows.iterator() if names.intersection(uses.split("\n"))]
    found = []
    for start in range(0, len(pks), USERS_BATCH):
        found += model.objects.filter(pk__in=pks[start : start + USERS_BATCH]).order_by("pk")
    return found


def refresh(names, exclude=None):
    """Re-render (and save) every document that read one of ``names``; how many."""
    from .posts import save_post  # posts imports this module's users through the models

    posts, pages = users_of(set(names))
    token = _refreshing.set(True)
    try:
        for post in posts:
            if post != exclude:
                save_post(post, update_fields=["updated"])
        for page in pages:
            if page != exclude:
                page.save(update_fields=["updated"])
    finally:
        _refreshing.reset(token)
    return len(posts) + len(pages)


def changed(*names, exclude=None):
    """Something documents may have read changed: re-render those that did (after the commit,
    or at the end of ``refresh_later()``)."""
    if _refreshing.get():
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(names)
        return
    transaction.on_commit(lambda: refresh(names, exclude))


@contextmanager
def refresh_later():
    """Hold re-renders back until the block ends, then do each once (an import changes many
    posts, and each change would re-render the same ones again)."""
    names = set()
    token = _pending.set(names)
    try:
        yield names
    finally:
        _pending.reset(token)
    if names:
        refresh(names)


@contextmanager
def reading_files(files):
    """While importing a site: includes not in the database yet come from ``files.read(path)``."""
    token = _site_files.set(files)
    try:
        yield
    finally:
        _site_files.reset(token)


def json_safe(value):
    """Front matter as a JSONField keeps it: dates become the text Jekyll would print."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime):
        return str(RubyTime.of(value, timezone.get_default_timezone()))
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- Receivers (connected in blog/apps.py) -----------------------------------------------------
def _post_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata saves rows as they are, rendered already
        changed("site.posts", *documents.names_of_post(instance), exclude=instance)


def _page_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed("site.pages", *documents.names_of_page(instance), exclude=instance)


def _include_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(instance.path)


def _variable_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed("site")


def connect_receivers(post_save, post_delete, post, page, include, variable):
    """Documents are re-rendered when what they read changes: another post (``site.posts``),
    a page, an include, a ``_config.yml`` variable."""
    receivers = {post: _post_changed, page: _page_changed, include: _include_changed, variable: _variable_changed}
    for sender, receiver in receivers.items():
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(receiver, sender=sender, dispatch_uid=f"blog.liquid.{sender.__name__}.{name}")
