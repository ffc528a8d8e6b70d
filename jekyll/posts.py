"""One Jekyll post file read as Jekyll reads it: title, dates, tags, slug, permalink and every
old URL Jekyll served it at. Pure functions, no database (``importer`` saves)."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from .dates import as_written, parse_date, to_instant, wall_clock
from .defaults import deep_merge
from .errors import JekyllError
from .extras import KEYS as EXTRA_KEYS
from .extras import Extras, read_extras
from .frontmatter import FRONT_MATTER, read_text, split_front_matter
from .permalinks import (
    PERMALINK_STYLES,
    expand_permalink,
    normalize_path,
    our_shape,
    post_name,
    served_urls,
    titleize,
    url_placeholders,
)
from .site import find_site_file

MAX_PATH = 500  # LegacyURL.path's length
MAX_TAG = 100

# Front matter we read, or knowingly ignore (Hux theme switches, Jekyll internals).
KNOWN_KEYS = {
    "title",
    "subtitle",
    "author",
    "date",
    "tags",
    "tag",
    "categories",
    "category",
    "header-img",
    "header-mask",
    "hidden",
    "published",
    "permalink",
    "slug",
    "redirect_from",
    "description",
    "excerpt",
    "layout",
    "catalog",
    "multilingual",
    "header-style",
    "header-bg-css",
    "header-img-credit",
    "header-img-credit-href",
    "iframe",
    "mathjax",
    "comments",
    "last_modified_at",
    "lang",
}


@dataclass
class JekyllPost:
    path: Path
    title: str
    subtitle: str
    author: str
    summary: str
    body: str
    publish: datetime  # aware
    published: bool
    hidden: bool
    tags: list
    slug: str  # may be "" (the model then derives one from the title)
    header_image: Path | None  # an image file inside the site
    header_image_url: str  # an external URL, or a path we could not find
    header_mask: Decimal | None
    old_paths: list  # every other URL this post had, decoded
    identity_paths: list  # old URLs derived from the file itself (to recognise a re-import)
    dated: bool  # the date came from the file (front matter, name or permalink)
    jekyll_urls: list  # the addresses Jekyll served this very file at (decoded)
    likely_urls: list  # addresses it may have had under other settings (kept quietly when taken)
    uncategorized_urls: list  # its Jekyll addresses without categories (to tell a sibling's apart)
    categories: list  # Jekyll's categories (folders above _posts/, then front matter)
    fixed_slug: bool  # the slug was written as a /yyyy/mm/dd/slug/ permalink: no other will do
    ignored_keys: list
    notes: list  # warnings worth telling the user
    extras: Extras  # pinning and series (``extras``)
    front_matter: dict  # over the site's defaults, as Liquid's page.* reads it


def _text(meta, key, required=False):
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise JekyllError(f"no {key}")
        return ""
    if isinstance(value, bool):
        return str(value).lower()  # as Jekyll shows it
    if not isinstance(value, (str, int, float, date)):
        raise JekyllError(f"{key} is not text: {value!r} (put it in quotes)")
    return str(value).strip()


def _bool(meta, key, default):
    value = meta.get(key, default)
    if isinstance(value, bool):
        return value
    if value is None:
        return default
    text = str(value).strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise JekyllError(f"{key} must be true or false, not {value!r}")


def _names(meta, singular, plural):
    """Jekyll's rule: the singular key holds one name; a plural string is split on spaces."""
    names = []
    for key in (singular, plural):
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            items = [value] if key == singular else value.split()
        elif isinstance(value, (list, tuple)):
            items = [item for item in value if item is not None]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            items = [value]
        else:
            raise JekyllError(f"{key} must be a list or a string, not {value!r}")
        for item in items:
            if isinstance(item, (dict, list, tuple, bool)):
                raise JekyllError(f"{key} contains {item!r}, which is not a name")
            name = str(item).strip()
            if name:
                names.append(name)
    return names


def _header_mask(meta):
    value = meta.get("header-mask")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise JekyllError(f"header-mask must be a number from 0 to 1, not {value!r}")
    try:
        mask = Decimal(str(value).strip())
    except InvalidOperation:
        raise JekyllError(f"header-mask must be a number from 0 to 1, not {value!r}") from None
    if not mask.is_finite() or not Decimal(0) <= mask <= Decimal(1):
        raise JekyllError(f"header-mask must be a number from 0 to 1, not {value!r}")
    return mask.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_LIQUID_SITE = re.compile(r"{{\s*site\.(?:baseurl|url)\s*}}")


def _header_image(meta, site, post_dir):
    """``(file inside the site or None, URL/path kept as given, note)`` for ``header-img``."""
    value = meta.get("header-img")
    if not value:
        return None, "", None
    if not isinstance(value, str):
        raise JekyllError(f"header-img must be a path or URL, not {value!r}")
    value = _LIQUID_SITE.sub("", value.strip())
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("data:"):
        return None, value, None
    local = find_site_file(unquote(parts.path), site, post_dir)
    if local:
        return local, "", None
    return None, value, f"header image {value} not found in the site; kept as a path"


@dataclass
class When:
    """When a post was written, and the permalink that may say so."""

    written: object  # a dates.Written (the moment as read), for the URLs
    dated: bool  # the date came from the file (front matter, name or permalink)
    permalink: str | None  # expanded
    publish: datetime  # aware


def _permalink(meta):
    permalink = meta.get("permalink")
    if permalink is not None and not isinstance(permalink, str):
        raise JekyllError(f"permalink must be a path, not {permalink!r}")
    return _LIQUID_SITE.sub("", permalink).strip() if permalink else None


@dataclass
class Naming:
    """What a post's URLs are made of, besides its date."""

    slug: str  # Jekyll's slug: front matter ``slug:``, else the file name's
    categories: list
    basename: str  # the file name without its extension
    path: str  # Jekyll's ``:path``
    output_ext: str


def _naming(post_file, meta):
    relative = post_file.relative or post_file.path.name
    cleaned = relative[: -len(post_file.path.suffix)] if post_file.path.suffix else relative
    magic = "_drafts" if post_file.draft else "_posts"
    return Naming(
        slug=_text(meta, "slug") or post_name(post_file.path)[1],
        categories=_categories(post_file.categories, meta),
        basename=post_file.path.stem,
        path=cleaned.replace(magic, "", 1).rstrip("."),
        output_ext=post_file.output_ext,
    )


def _placeholders(naming, moment, categories=None):
    categories = naming.categories if categories is None else categories
    return url_placeholders(moment, naming.slug, categories, naming.basename, naming.path, naming.output_ext)


def _written(post_file, meta, zone):
    """The date Jekyll gives the post: front matter (or defaults), else the file name's."""
    if meta.get("date") not in (None, ""):
        return parse_date(meta["date"], zone)
    name_date = post_name(post_file.path)[0]
    if name_date:
        return parse_date(name_date, zone)
    return None


def _when(post_file, meta, naming, zones, mtime):
    """Front matter, else the file name, else the permalink; drafts fall back to the mtime."""
    zone, site_zone = zones
    written = _written(post_file, meta, zone)
    permalink = _permalink(meta)
    if written is None and permalink:
        shape = our_shape(normalize_path(permalink))
        written = parse_date(shape[0], zone) if shape else None
    dated = written is not None
    if written is None:
        if not (post_file.draft and mtime is not None):
            raise JekyllError("no date (add date: to the front matter or name the file 2025-06-19-title.md)")
        written = parse_date(datetime.fromtimestamp(mtime, UTC), zone)  # what Jekyll shows for a draft
    if permalink:
        expanded = expand_permalink(permalink, _placeholders(naming, wall_clock(written, zone)))
        if expanded is None:
            raise JekyllError(f"permalink {permalink!r} uses a placeholder Jekyll does not know")
        permalink = expanded
    return When(written, dated, permalink, to_instant(written, site_zone))


def _where(when, slug_source, site_zone):
    """``(publish, slug, old paths, identity paths)``: a /yyyy/mm/dd/slug/ permalink is kept
    exactly, and its date wins; any other permalink is an old URL."""
    publish, permalink = when.publish, when.permalink
    shape = our_shape(permalink) if permalink else None
    if shape:
        day, slug, exact = shape
        if publish.astimezone(site_zone).date() != day:
            clock = as_written(when.written).time() if when.written.has_time else time.min
            publish = datetime.combine(day, clock).replace(tzinfo=site_zone)
        return publish, slug, ([] if exact else [permalink]), []
    slug = slugify(slug_source, allow_unicode=True)[:200]
    paths = [permalink] if permalink else []
    return publish, slug, paths, list(paths)


def _jekyll_url(post_file, when, naming, zone):
    """The addresses Jekyll served this file at, under the site's configuration."""
    if not when.dated or not (post_file.in_posts or post_file.draft):
        return []
    if when.permalink:
        return served_urls(when.permalink, naming.output_ext)
    url = expand_permalink(post_file.site.permalink, _placeholders(naming, wall_clock(when.written, zone)))
    if url is None:
        template = post_file.site.permalink
        raise JekyllError(f"_config.yml: permalink {template!r} uses a placeholder Jekyll does not know")
    return served_urls(url, naming.output_ext)


def _likely_urls(post_file, when, naming, zone, categories=None):
    """Addresses Jekyll may have served a dated post file at before (another permalink style,
    no categories, another time zone: the one written in, or UTC as on GitHub Pages)."""
    if post_name(post_file.path)[0] is None or not when.dated or not naming.slug:
        return []
    templates = [post_file.site.permalink, PERMALINK_STYLES["date"], PERMALINK_STYLES["pretty"]]
    moments = [wall_clock(when.written, zone), as_written(when.written)]
    if when.written.has_time:  # a day alone is that day in every zone
        moments.append(wall_clock(when.written, UTC))
    urls = []
    for moment in dict.fromkeys(moments):
        for cats in (naming.categories, []) if categories is None else (categories,):
            values = _placeholders(naming, moment, cats)
            urls += [url for url in (expand_permalink(t, values) for t in templates) if url]
    return list(dict.fromkeys(urls))


def _redirects(meta):
    redirects = meta.get("redirect_from") or []
    if isinstance(redirects, str):
        redirects = [redirects]
    if not isinstance(redirects, list):
        raise JekyllError(f"redirect_from must be a list of paths, not {redirects!r}")
    return [normalize_path(str(r)) for r in redirects if r]


def _with_baseurl(paths, site):
    if site.baseurl:
        paths = paths + [normalize_path(site.baseurl + p) for p in paths]
    return [p for p in dict.fromkeys(paths) if p != "/" and len(p) <= MAX_PATH]


def _author(meta):
    author = meta.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    return str(author).strip() if author not in (None, "") and not isinstance(author, bool) else ""


def _tags(meta, categories):
    """Tags and categories as one list of names, each once (case-insensitively)."""
    tags, seen = [], set()
    for name in _names(meta, "tag", "tags") + list(categories):
        if len(name) > MAX_TAG:
            raise JekyllError(f"tag {name[:30]!r}... is longer than {MAX_TAG} characters")
        if name.lower() not in seen:
            seen.add(name.lower())
            tags.append(name)
    return tags


def _category_names(value, key):
    """Category names as Jekyll reads a ``categories``/``category`` value (a plural string is
    split on spaces)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return value.split() if key == "categories" else [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if not isinstance(value, (list, tuple)):
        raise JekyllError(f"{key} must be a list or a string, not {value!r}")
    names = []
    for item in value:
        if isinstance(item, (dict, list, tuple)):
            raise JekyllError(f"{key} contains {item!r}, which is not a name")
        if item is not None and str(item).strip():
            names.append(str(item).lower() if isinstance(item, bool) else str(item))
    return names


def _categories(from_path, meta):
    """Jekyll's categories: the folders above _posts/, then ``categories`` (the defaults' and
    the post's, added up), then ``category``; each once."""
    names = list(from_path) + meta.get("_categories", []) + _category_names(meta.get("category"), "category")
    return list(dict.fromkeys(names))


def front_matter(post_file, text):
    """The file's front matter merged over the site's ``defaults:`` for it, and its body.

    Inside a site's ``_posts/``, a file without front matter is a post all the same (Jekyll 4
    builds it): the whole file is its body."""
    if post_file.in_posts and not FRONT_MATTER.match(text):
        front, body = {}, text
    else:
        front, body = split_front_matter(text)
    defaults = post_file.site.defaults.values(post_file.relative) if post_file.relative else {}
    meta = deep_merge(defaults, front)
    meta["_categories"] = list(
        dict.fromkeys(
            _category_names(defaults.get("categories"), "categories")
            + _category_names(front.get("categories"), "categories")
        )
    )
    return meta, body


def read_post(post_file, site_zone, default_author=None, zone=None, mtime=None, text=None):
    """Parse one post file into a ``JekyllPost``; raises ``JekyllError`` with the reason."""
    path, site = post_file.path, post_file.site
    meta, body = front_matter(post_file, read_text(path) if text is None else text)
    zone = zone or site.timezone or site_zone
    naming = _naming(post_file, meta)
    title = _text(meta, "title") or titleize(post_name(path)[1]) or path.stem
    when = _when(post_file, meta, naming, (zone, site_zone), mtime)
    publish, slug, old_paths, identity = _where(when, naming.slug, site_zone)
    jekyll_urls = _jekyll_url(post_file, when, naming, zone)
    likely = [url for url in _likely_urls(post_file, when, naming, zone) if url not in jekyll_urls]
    identity += jekyll_urls + likely
    header_image, header_image_url, note = _header_image(meta, site, path.parent)
    return JekyllPost(
        path=path,
        title=title,
        subtitle=_text(meta, "subtitle"),
        author=_author(meta) or default_author or site.author or "Anonymous",
        summary=_text(meta, "description") or _text(meta, "excerpt"),
        body=body,
        publish=publish,
        published=_bool(meta, "published", True) and not post_file.draft,
        hidden=_bool(meta, "hidden", False),
        tags=_tags(meta, naming.categories),
        slug=slug,
        header_image=header_image,
        header_image_url=header_image_url,
        header_mask=_header_mask(meta),
        old_paths=_with_baseurl(old_paths + identity + _redirects(meta), site),
        identity_paths=list(dict.fromkeys(identity)),
        dated=when.dated,
        jekyll_urls=_with_baseurl(jekyll_urls, site),
        likely_urls=_with_baseurl(likely, site),
        uncategorized_urls=_likely_urls(post_file, when, naming, zone, categories=[]) if naming.categories else [],
        categories=naming.categories,
        fixed_slug=bool(when.permalink and our_shape(when.permalink)),
        ignored_keys=sorted(
            str(k) for k in meta if str(k) not in KNOWN_KEYS | EXTRA_KEYS and not str(k).startswith("_")
        ),
        notes=[note] if note else [],
        extras=read_extras(meta),
        front_matter={key: value for key, value in meta.items() if key != "_categories"},
    )
