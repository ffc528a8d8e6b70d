"""Reading and writing Jekyll posts (front matter as the Hux Blog theme uses it).

Pure functions, no database: finding post files in a site, turning one file
into a ``JekyllPost`` (dates, tags, slug, permalink, every old URL Jekyll
served it at) and writing front matter for the export. The management
commands ``import_jekyll`` and ``export_jekyll`` do the saving.

The body is everything after the closing ``---`` line, kept byte for byte.
"""

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone as dt_timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from django.utils.text import slugify

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)

# Markdown posts anywhere; HTML posts only inside _posts/ and _drafts/ (elsewhere
# HTML files are layouts and pages). Named files are imported whatever their extension.
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mdwn"}
HTML_EXTENSIONS = {".html", ".htm"}
# Build output, dependencies and tool caches are never posts.
SKIP_DIRS = {"_site", "node_modules", ".git", ".jekyll-cache", ".sass-cache", "vendor", ".bundle"}

# 2025-06-19-my-post.md: Jekyll's post file name.
DATED_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.*)$")
# Our permalink shape: /yyyy/mm/dd/slug/ (also without the slash, or as .html).
OUR_SHAPE = re.compile(r"^/(\d{4})/(\d{1,2})/(\d{1,2})/([-\w]+)(/|/index\.html|\.html)?$")

# Jekyll's built-in permalink styles.
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

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


class JekyllError(ValueError):
    """A post file that cannot be imported; the message says why."""


class FrontMatterError(JekyllError):
    pass


def has_front_matter(text):
    return text.lstrip("\ufeff").startswith("---")


class FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader with two changes for front matter.

    Only true/false are booleans (YAML 1.2): ``title: On`` stays a title and
    ``tags: [yes, no]`` stays two tags. An impossible timestamp
    (``date: 2024-02-30``) stays a string, so the date check can name it.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_timestamp)


def split_front_matter(text):
    """``(front_matter_dict, body)`` of a Jekyll post's text."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("no YAML front matter (the file must start with a '---' line)")
    try:
        data = yaml.load(match.group(1), Loader=FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"broken YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return data, text[match.end() :]


def read_text(path):
    """The file's text, decoded as UTF-8 without touching line endings."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise JekyllError(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JekyllError(f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc


# --- Sites and the files in them -----------------------------------------------------
@dataclass
class Site:
    """A Jekyll site root (or just the folder posts were found in) and its _config.yml."""

    root: Path
    config: dict = field(default_factory=dict)

    @property
    def timezone(self):
        name = self.config.get("timezone")
        if not name:
            return None
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            raise JekyllError(f"_config.yml: unknown timezone {name!r}") from None

    @property
    def permalink(self):
        value = self.config.get("permalink")
        if not value:
            return None
        value = str(value)
        return PERMALINK_STYLES.get(value, value if value.startswith("/") or ":" in value else None)

    @property
    def baseurl(self):
        value = str(self.config.get("baseurl") or "").strip()
        return "/" + value.strip("/") if value.strip("/") else ""

    @property
    def author(self):
        """Who wrote posts that name nobody: _config.yml's author, else the site title (as Hux shows)."""
        author = self.config.get("author")
        if isinstance(author, dict):
            author = author.get("name")
        author = author or self.config.get("title")
        return str(author).strip() if author else None


def load_site(root):
    site = Site(Path(root))
    config = site.root / "_config.yml"
    if config.is_file():
        try:
            data = yaml.load(read_text(config), Loader=FrontMatterLoader) or {}
        except yaml.YAMLError as exc:
            raise JekyllError(f"{config}: broken YAML: {exc}") from exc
        if isinstance(data, dict):
            site.config = data
    return site


def is_site_root(folder):
    return (folder / "_config.yml").is_file() or (folder / "_posts").is_dir()


@dataclass
class PostFile:
    path: Path
    site: Site
    draft: bool = False  # in a _drafts folder
    categories: tuple = ()  # folders above _posts/, which Jekyll makes categories
    explicit: bool = False  # named on the command line (must be a post)


def _walk(folder):
    """Files under ``folder`` (sorted), skipping build output, dependencies and hidden folders."""
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.is_dir():
            if entry.name in SKIP_DIRS or entry.name.startswith("."):
                continue
            yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _in_site(path, site, explicit=False):
    """A PostFile for ``path``: a draft if under _drafts/, with the folders above _posts/ as categories."""
    try:
        parts = path.resolve().relative_to(site.root.resolve()).parts[:-1]
    except ValueError:
        parts = ()
    categories = ()
    if "_posts" in parts:
        categories = tuple(p for p in parts[: parts.index("_posts")] if not p.startswith("_"))
    return PostFile(path, site, draft="_drafts" in parts, categories=categories, explicit=explicit)


def _site_posts(site):
    for path in _walk(site.root):
        parts = path.relative_to(site.root).parts[:-1]
        if (
            ("_posts" in parts or "_drafts" in parts)
            and not path.name.startswith(("_", "."))
            and path.suffix.lower() in MARKDOWN_EXTENSIONS | HTML_EXTENSIONS
        ):
            yield _in_site(path, site)


def _site_of_file(path):
    """The site a single named file belongs to: the nearest folder with _config.yml,
    else the folder holding its _posts/_drafts, else its own folder."""
    for folder in path.parents:
        if (folder / "_config.yml").is_file():
            return load_site(folder)
    for folder in path.parents:
        if folder.name in ("_posts", "_drafts"):
            return load_site(folder.parent)
    return load_site(path.parent)


def find_posts(paths):
    """Every post file under the given files and folders, each once.

    A folder with ``_config.yml`` or ``_posts/`` is a Jekyll site: its
    ``_posts`` (and ``_drafts``, as drafts) are read. Any other folder is
    searched recursively for Markdown files; site roots found inside it are
    read as sites.
    """
    found = {}

    def add(post_file):
        found.setdefault(post_file.path.resolve(), post_file)

    def scan(folder, site):
        if is_site_root(folder):
            for post_file in _site_posts(load_site(folder)):
                add(post_file)
            return
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.is_dir():
                if entry.name not in SKIP_DIRS and not entry.name.startswith("."):
                    scan(entry, site)
            elif entry.is_file() and entry.suffix.lower() in MARKDOWN_EXTENSIONS:
                add(_in_site(entry, site))

    for raw in paths:
        path = Path(raw).expanduser()
        try:
            if path.is_dir():
                scan(path, load_site(path))
            elif path.is_file():
                add(_in_site(path, _site_of_file(path.resolve()), explicit=True))
            else:
                raise JekyllError(f"{raw}: no such file or folder")
        except OSError as exc:
            raise JekyllError(f"{exc.filename or raw}: cannot be read ({exc.strerror or exc})") from None
    return list(found.values())


# --- Dates -----------------------------------------------------------------------------
_DATE_STRING = re.compile(
    r"""^\s*(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})
        (?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?
        \s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.X,
)


def parse_date(value):
    """A front-matter date as written: a ``date``, or a naive or aware ``datetime``.

    Accepts YAML dates and timestamps and the strings Jekyll users write:
    ``2025-06-19``, ``2025-06-19 10:56``, ``2025-06-19 10:56:26 +0800``,
    ``2025-06-19T10:56:26+08:00``, ``...Z``.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise JekyllError(f"bad date {value!r} (write it like 2025-06-19 10:56:26 +0800)")
    match = _DATE_STRING.match(value)
    if not match:
        raise JekyllError(f"bad date {value!r} (write it like 2025-06-19 10:56:26 +0800)")
    g = match.groupdict()
    try:
        day = date(int(g["y"]), int(g["m"]), int(g["d"]))
        if g["H"] is None:
            if g["tz"]:
                raise ValueError("an offset needs a time")
            return day
        moment = datetime.combine(
            day, time(int(g["H"]), int(g["M"]), int(g["S"] or 0), int((g["f"] or "0")[:6].ljust(6, "0")))
        )
    except ValueError as exc:
        raise JekyllError(f"bad date {value!r}: {exc}") from None
    tz = g["tz"]
    if tz:
        if tz.upper() in ("Z", "UTC", "GMT"):
            offset = timedelta(0)
        else:
            digits = tz[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            if hours > 23 or minutes > 59:
                raise JekyllError(f"bad date {value!r}: offset out of range")
            offset = timedelta(hours=hours, minutes=minutes) * (-1 if tz[0] == "-" else 1)
        moment = moment.replace(tzinfo=dt_timezone(offset))
    return moment


def to_instant(written, zone, site_zone):
    """The aware moment of a written date.

    A date without a time names a day: midnight of that day in the site's
    zone, so the post keeps that date in its URL. A time without an offset is
    in ``zone`` (the Jekyll site's ``timezone``, else the site's own).
    """
    if isinstance(written, datetime):
        if written.tzinfo is None or written.utcoffset() is None:
            return written.replace(tzinfo=zone)
        return written
    return datetime.combine(written, time.min).replace(tzinfo=site_zone)


def wall_clock(written, zone):
    """The date and time Jekyll would have put in URLs, naive."""
    if isinstance(written, datetime):
        if written.tzinfo is None or written.utcoffset() is None:
            return written
        return written.astimezone(zone).replace(tzinfo=None)
    return datetime.combine(written, time.min)


def as_written(written):
    """The date and time exactly as written (in the writer's own offset), naive."""
    if isinstance(written, datetime):
        return written.replace(tzinfo=None)
    return datetime.combine(written, time.min)


# --- Jekyll's URLs ----------------------------------------------------------------------
def jekyll_slugify(text, mode="default", cased=False):
    """Jekyll's ``Utils.slugify``: ``default`` keeps letters and digits, ``pretty``
    also ``._~!$&'()+,;=@``; runs of anything else become one hyphen."""
    allowed = r"\w" if mode == "default" else r"\w.~!$&'()+,;=@"
    slug = re.sub(rf"(?:[^{allowed}]|_)+", "-", str(text)).strip("-")
    return slug if cased else slug.lower()


def url_placeholders(moment, title_slug, categories, name=""):
    """Jekyll's URL placeholders for a post written at naive ``moment``."""
    iso_year, iso_week, iso_day = moment.isocalendar()
    return {
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "i_month": str(moment.month),
        "short_month": moment.strftime("%b"),
        "long_month": moment.strftime("%B"),
        "day": f"{moment.day:02d}",
        "i_day": str(moment.day),
        "y_day": f"{moment.timetuple().tm_yday:03d}",
        "short_year": moment.strftime("%y"),
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "week": f"{iso_week:02d}",
        "w_year": str(iso_year),
        "w_day": str(iso_day),
        "short_day": moment.strftime("%a"),
        "long_day": moment.strftime("%A"),
        "title": jekyll_slugify(title_slug, "pretty", cased=True),
        "slug": jekyll_slugify(title_slug),
        "name": jekyll_slugify(name or title_slug),
        "categories": "/".join(dict.fromkeys(str(c).lower() for c in categories)),
        "output_ext": ".html",
        "collection": "posts",
    }


def expand_permalink(template, placeholders):
    """A permalink template filled in (``None`` if it uses a placeholder we do not know)."""
    unknown = []

    def fill(match):
        name = match.group(1)
        for key in (name, name.rstrip("_")):
            if key in placeholders:
                return placeholders[key] + match.group(0)[len(key) + 1 :]
        unknown.append(name)
        return ""

    url = re.sub(r":([a-z_]+)", fill, template)
    if unknown:
        return None
    return normalize_path(url)


def normalize_path(url):
    """An old URL as we store it: the path only, percent-decoded, one leading slash, no ``//``."""
    text = str(url).strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = urlsplit(text).path
    # Not urlsplit on the rest: "//2025/..." (an empty :categories) is a path, not a host.
    path = unquote(re.split(r"[?#]", text, maxsplit=1)[0])
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    return re.sub(r"/\.+/", "/", path)


# --- Reading one post ---------------------------------------------------------------------
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
    ignored_keys: list
    notes: list  # warnings worth telling the user


def _text(meta, key, required=False):
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise JekyllError(f"no {key}")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, date)):
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


def find_site_file(path, site, post_dir=None):
    """A file of the site that a path in a post names, or None. Never outside the site."""
    root = site.root.resolve()
    base = site.baseurl
    relative = path
    if base and (relative == base or relative.startswith(base + "/")):
        relative = relative[len(base) :]
    candidates = [root / relative.lstrip("/")]
    if post_dir is not None and not path.startswith("/"):
        candidates.insert(0, Path(post_dir) / relative)
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        if resolved.is_file() and resolved.is_relative_to(root):
            return resolved
    return None


def _dated_name(path):
    """``(date, title part)`` of a ``2025-06-19-title.md`` file name, else ``(None, stem)``."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    match = DATED_NAME.match(stem)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])), match[4]
        except ValueError:
            pass
    return None, stem


def our_shape(path):
    """``(date, slug, exact)`` when an old path is /yyyy/mm/dd/slug/ (exact: no .html), else None."""
    match = OUR_SHAPE.match(path)
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day, match[4], match[5] in (None, "/")


def read_post(post_file, site_zone, default_author=None, zone=None, mtime=None, text=None):
    """Parse one post file into a ``JekyllPost``; raises ``JekyllError`` with the reason."""
    path, site = post_file.path, post_file.site
    meta, body = split_front_matter(read_text(path) if text is None else text)
    notes = []
    zone = zone or site.timezone or site_zone

    title = _text(meta, "title", required=True)
    name_day, name_title = _dated_name(path)

    # --- When: front matter, else the file name, else the permalink; drafts fall back to mtime.
    written = parse_date(meta["date"]) if meta.get("date") not in (None, "") else name_day
    permalink = meta.get("permalink")
    if permalink is not None and not isinstance(permalink, str):
        raise JekyllError(f"permalink must be a path, not {permalink!r}")
    permalink = _LIQUID_SITE.sub("", permalink).strip() if permalink else None
    if written is None and permalink:
        shape = our_shape(normalize_path(permalink))
        written = shape[0] if shape else None
    dated = written is not None
    if written is None:
        if not (post_file.draft and mtime is not None):
            raise JekyllError("no date (add date: to the front matter or name the file 2025-06-19-title.md)")
        written = datetime.fromtimestamp(mtime, dt_timezone.utc)  # what Jekyll shows for a draft
    categories = list(post_file.categories) + _names(meta, "category", "categories")
    slug_source = _text(meta, "slug") or name_title
    if permalink:
        values = url_placeholders(wall_clock(written, zone), slug_source, categories, path.stem)
        expanded = expand_permalink(permalink, values)
        if expanded is None:
            raise JekyllError(f"permalink {permalink!r} uses a placeholder Jekyll does not know")
        permalink = expanded
    publish = to_instant(written, zone, site_zone)

    # --- Where: a /yyyy/mm/dd/slug/ permalink is kept exactly; its date wins.
    old_paths, identity = [], []
    slug = ""
    shape = our_shape(permalink) if permalink else None
    if shape:
        day, slug, exact = shape
        local = publish.astimezone(site_zone)
        if local.date() != day:
            clock = as_written(written).time() if isinstance(written, datetime) else time.min
            publish = datetime.combine(day, clock).replace(tzinfo=site_zone)
        if not exact:
            old_paths.append(permalink)
    else:
        slug = slugify(slug_source, allow_unicode=True)[:200]
        if permalink:
            old_paths.append(permalink)
            identity.append(permalink)

    # Jekyll's own URLs for a dated post file (and the site's permalink style).
    if name_day is not None and dated and slug_source:
        templates = [PERMALINK_STYLES["date"], PERMALINK_STYLES["pretty"]]
        if site.permalink:
            templates.insert(0, site.permalink)
        moments = dict.fromkeys([wall_clock(written, zone), as_written(written)])
        for moment in moments:
            for cats in (categories, []):
                values = url_placeholders(moment, slug_source, cats, path.stem)
                for template in templates:
                    url = expand_permalink(template, values)
                    if url:
                        identity.append(url)
    redirects = meta.get("redirect_from") or []
    if isinstance(redirects, str):
        redirects = [redirects]
    if not isinstance(redirects, list):
        raise JekyllError(f"redirect_from must be a list of paths, not {redirects!r}")
    old_paths += identity + [normalize_path(str(r)) for r in redirects if r]
    if site.baseurl:
        old_paths += [normalize_path(site.baseurl + p) for p in old_paths]
    old_paths = [p for p in dict.fromkeys(old_paths) if p != "/" and len(p) <= 500]

    header_image, header_image_url, note = _header_image(meta, site, path.parent)
    if note:
        notes.append(note)

    author = meta.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    author = str(author).strip() if author not in (None, "") and not isinstance(author, bool) else ""

    tags = []
    seen = set()
    for name in _names(meta, "tag", "tags") + categories:
        if len(name) > 100:
            raise JekyllError(f"tag {name[:30]!r}... is longer than 100 characters")
        if name.lower() not in seen:
            seen.add(name.lower())
            tags.append(name)

    return JekyllPost(
        path=path,
        title=title,
        subtitle=_text(meta, "subtitle"),
        author=author or default_author or site.author or "Anonymous",
        summary=_text(meta, "description") or _text(meta, "excerpt"),
        body=body,
        publish=publish,
        published=_bool(meta, "published", True) and not post_file.draft,
        hidden=_bool(meta, "hidden", False),
        tags=tags,
        slug=slug,
        header_image=header_image,
        header_image_url=header_image_url,
        header_mask=_header_mask(meta),
        old_paths=old_paths,
        identity_paths=list(dict.fromkeys(identity)),
        dated=dated,
        ignored_keys=sorted(str(k) for k in meta if str(k) not in KNOWN_KEYS),
        notes=notes,
    )


def local_links(html):
    """Site-relative URLs in a rendered body (``src`` and ``href``), as written."""
    links = []
    for match in re.finditer(r'\s(?:src|href)="([^"]+)"', html):
        url = unescape(match.group(1)).strip()
        parts = urlsplit(url)
        if url and not parts.scheme and not parts.netloc and parts.path:
            links.append(url)
    return list(dict.fromkeys(links))


# Images an imported post links to by a path of the old site are kept in media
# under this folder, at that path (LegacyRedirectMiddleware sends the old path there).
ASSET_PREFIX = "jekyll"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def imported_asset_name(path):
    """The media name an old site's image path is kept under, or None if it is not an image path."""
    if posixpath.splitext(path)[1].lower() not in IMAGE_EXTENSIONS:
        return None
    relative = safe_relative(path)
    return f"{ASSET_PREFIX}/{relative}" if relative else None


def safe_relative(path):
    """A URL path as a relative file path that cannot climb out of its folder, or None."""
    clean = posixpath.normpath("/" + unquote(path).lstrip("/")).lstrip("/")
    if not clean or clean.startswith("..") or "\x00" in clean:
        return None
    return clean


# --- Writing ------------------------------------------------------------------------------------
def format_date(moment):
    """``2025-06-19 10:56:26 +0800``: how Jekyll writes dates, read back by both."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f %z" if moment.microsecond else "%Y-%m-%d %H:%M:%S %z")


def dump_post(front_matter, body):
    """A post file's bytes: YAML front matter, then the body exactly as stored."""
    yaml_text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    return ("---\n" + yaml_text + "---\n").encode("utf-8") + body.encode("utf-8")
