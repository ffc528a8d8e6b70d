"""Saving a site's pages as the blog's ``Page``s, at the URL Jekyll gave them, with their front
matter and Liquid; a re-import updates the page it made before."""

import posixpath
import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from blog.models import Page
from blog.writing.legacy import imported_asset_name
from blog.writing.liquid import json_safe, reading_files

from .assets import cleaned_image
from .errors import JekyllError
from .frontmatter import read_text, split_front_matter
from .pages import page_url, theme_page
from .site import find_site_file

MAX_SLUG = 100  # Page.slug's length
MAX_PATH = 500
SITE_LIQUID = re.compile(r"{{\s*site\.(?:baseurl|url)\s*}}")


class PageSkipped(Exception):
    """A theme's own list page (home, archive, tags…): the reason says which."""


def _title(meta, body, page_file):
    title = meta.get("title")
    if title not in (None, "") and not isinstance(title, (dict, list, bool)):
        return str(title).strip()[:200]
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()[:200]
    return posixpath.splitext(posixpath.basename(page_file.relative))[0][:200]


def _free_slug(url, page):
    base = slugify(posixpath.splitext(url.strip("/"))[0].replace("/", "-"), allow_unicode=True)[:MAX_SLUG] or "page"
    slug, n = base, 2
    while Page.objects.filter(slug=slug).exclude(pk=page.pk).exists():
        suffix = f"-{n}"
        slug, n = base[: MAX_SLUG - len(suffix)] + suffix, n + 1
    return slug


def _existing(page_file, url):
    return (
        Page.objects.filter(source_path=page_file.relative).first()
        or Page.objects.filter(path=url).first()
        or Page.objects.filter(path="", slug=url.strip("/")).first()  # one made before pages had paths
    )


def _header(meta, page_file, dry_run):
    """The page's header image: an external URL as given; a file of the site copied into media
    (where its old path also redirects, as for posts' images); any other path kept."""
    value = meta.get("header-img") or meta.get("image") or ""
    if not isinstance(value, str):
        return ""
    value = SITE_LIQUID.sub("", value).strip()
    parts = urlsplit(value)
    if not value or parts.scheme or parts.netloc or value.startswith("data:"):
        return value
    source = find_site_file(unquote(parts.path), page_file.site, page_file.path.parent)
    root = page_file.site.root.resolve()
    name = imported_asset_name("/" + source.relative_to(root).as_posix()) if source else None
    if name is None:
        return value
    try:
        data = cleaned_image(source)
    except ValueError:
        return value
    if not dry_run and not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return default_storage.url(name)


class PageImporter:
    """``import_page(page_file, site_liquid)`` -> "created" or "updated"; raises ``PageSkipped``
    or ``JekyllError``."""

    def __init__(self, *, dry_run, note):
        self.dry_run = dry_run
        self.note = note
        self.documents = []  # (file, page) of every page saved

    def import_page(self, page_file, site_liquid):
        meta, body = split_front_matter(read_text(page_file.path))
        url = page_url(page_file, meta)
        reason = theme_page(page_file, url, body)
        if reason:
            raise PageSkipped(reason)
        if len(url) > MAX_PATH:
            raise JekyllError(f"its URL is longer than {MAX_PATH} characters")
        with transaction.atomic(), reading_files(site_liquid):
            page = _existing(page_file, url)
            outcome = "created" if page is None else "updated"
            page = page or Page()
            self._fill(page, page_file, meta, body, url)
            try:
                page.full_clean(exclude=["slug"])
            except ValidationError as exc:
                raise JekyllError("; ".join(" ".join(m) for m in exc.message_dict.values())) from None
            if self.dry_run:
                page.render()
            else:
                page.save()
        self.documents.append((page_file.path, page))
        return outcome

    def _fill(self, page, page_file, meta, body, url):
        page.path = url
        page.slug = _free_slug(url, page) if not page.slug else page.slug
        page.title = _title(meta, body, page_file)
        page.description = str(meta.get("description") or meta.get("subtitle") or "").strip()[:300]
        page.header_image_url = _header(meta, page_file, self.dry_run)[:500]
        page.format = Page.Format.HTML if page_file.path.suffix.lower() in (".html", ".htm") else Page.Format.MARKDOWN
        page.body = body
        page.front_matter = json_safe(meta)
        page.source_path = page_file.relative
        page.liquid = meta.get("render_with_liquid") is not False
