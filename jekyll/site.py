"""Jekyll sites and the post files in them: where posts live, which folders are skipped, what
``_config.yml`` says, and the files a post names."""

import fnmatch
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .defaults import Defaults
from .errors import JekyllError
from .frontmatter import FrontMatterLoader, read_text
from .permalinks import PERMALINK_STYLES, POST_NAME

# Markdown posts anywhere; HTML posts only inside _posts/ and _drafts/ (elsewhere
# HTML files are layouts and pages). Named files are imported whatever their extension.
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mdwn"}
HTML_EXTENSIONS = {".html", ".htm"}
# Build output, dependencies and tool caches are never posts (folders outside a Jekyll site).
SKIP_DIRS = {"_site", "node_modules", ".git", ".jekyll-cache", ".sass-cache", "vendor", ".bundle"}
# Jekyll's own rules inside a site: what it never reads, and which files in _posts/ are posts.
JEKYLL_EXCLUDES = [
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
]
SPECIAL_START = (".", "_", "#", "~")
DEFAULT_MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"


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
        """The template of post URLs: ``collections: posts: permalink:``, else ``permalink:``
        (a style name or a template), else Jekyll's ``date`` style."""
        collections = self.config.get("collections")
        if isinstance(collections, dict) and isinstance(collections.get("posts"), dict):
            value = collections["posts"].get("permalink")
            if value:
                return str(value)
        value = self.config.get("permalink") or "date"
        return PERMALINK_STYLES.get(str(value), str(value))

    @property
    def collections_dir(self):
        return str(self.config.get("collections_dir") or "").strip("/")

    @cached_property
    def defaults(self):
        return Defaults(self.root, self.config, self.collections_dir)

    @property
    def markdown_extensions(self):
        names = str(self.config.get("markdown_ext") or DEFAULT_MARKDOWN_EXT)
        return {"." + name.strip().lower() for name in names.split(",") if name.strip()}

    def _patterns(self, key):
        value = self.config.get(key)
        return [str(item) for item in value if item is not None] if isinstance(value, list) else []

    @cached_property
    def excluded_patterns(self):
        include = set(self._patterns("include"))
        return [p for p in self._patterns("exclude") + JEKYLL_EXCLUDES if p not in include]

    @cached_property
    def included_patterns(self):
        return self._patterns("include") + [".htaccess"]

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
    in_posts: bool = False  # in a site's _posts/: Jekyll builds it even without front matter
    relative: str = ""  # its path inside the site (its collections_dir), as defaults: match it

    @property
    def output_ext(self):
        """The extension of the page Jekyll writes: .html for Markdown, else the file's own."""
        suffix = self.path.suffix.lower()
        return ".html" if suffix in self.site.markdown_extensions else self.path.suffix


def categories_from_path(relative, magic="_posts"):
    """Jekyll's categories of a post at ``relative``: the folders before the first ``_posts``
    (``en/_posts/x.md`` is in "en"; ``_posts/en/x.md`` in none)."""
    if relative.startswith(magic):
        return ()
    above = relative[: relative.find(magic)] if magic in relative else relative
    name = relative.rsplit("/", 1)[-1]
    return tuple(part for part in above.split("/") if part and part not in (magic, name))


def _relative(path, site):
    try:
        relative = path.resolve().relative_to(site.root.resolve()).as_posix()
    except ValueError:
        return None
    prefix = site.collections_dir + "/" if site.collections_dir else ""
    return relative[len(prefix) :] if prefix and relative.startswith(prefix) else relative


def _in_site(path, site, explicit=False):
    """A PostFile for ``path``: a draft if under _drafts/, with the folders above _posts/ as categories."""
    relative = _relative(path, site)
    parts = relative.split("/")[:-1] if relative else []
    draft = "_drafts" in parts
    categories = categories_from_path(relative, "_drafts" if draft else "_posts") if "_posts" in parts or draft else ()
    in_posts = "_posts" in parts and bool(POST_NAME.match(path.name))
    return PostFile(path, site, draft, categories, explicit, in_posts, relative or path.name)


def _matches(patterns, entry, is_dir=False):
    """Jekyll's ``glob_include?``: ``entry`` (a path in the site) matches one of ``patterns``."""
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if pattern and (
            fnmatch.fnmatchcase(entry, pattern) or entry.startswith(pattern) or (is_dir and pattern == entry + "/")
        ):
            return True
    return False


def _left_out(site, base, entry, is_dir=False):
    """Jekyll's EntryFilter: is ``entry`` (a path inside the site folder ``base``) never read?"""
    if entry.endswith("."):
        return True
    name = entry.rsplit("/", 1)[-1]
    included = _matches(site.included_patterns, entry, is_dir) or _matches(site.included_patterns, name, is_dir)
    if not included and _matches(site.excluded_patterns, f"{base}/{entry}" if base else entry, is_dir):
        return True
    return not included and (entry.startswith(SPECIAL_START) or name.startswith(SPECIAL_START) or entry.endswith("~"))


def _publishable(site, base, magic):
    """The files Jekyll reads in the folder ``base/magic`` (``_posts`` or ``_drafts``)."""
    folder_name = f"{base}/{magic}" if base else magic
    folder = site.root / folder_name
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        entry = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in entry.split("/")) or not path.is_file():
            continue  # Ruby's Dir["**/*"] lists no hidden files
        if _left_out(site, folder_name, entry):
            continue
        if POST_NAME.match(path.name) if magic == "_posts" else "." in path.name.lstrip("."):
            yield _in_site(path, site)


def _site_posts(site, base=""):
    """Every post and draft of the site, read folder by folder as Jekyll's reader does."""
    folder = site.root / base if base else site.root
    destination = str(site.config.get("destination") or "_site").strip("/")
    subfolders = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        relative = f"{base}/{entry.name}" if base else entry.name
        if entry.is_dir() and relative != destination and not _left_out(site, base, entry.name, is_dir=True):
            subfolders.append(relative)
    in_collections = not site.collections_dir or ("/" + base).startswith("/" + site.collections_dir)
    if in_collections:
        yield from _publishable(site, base, "_posts")
        yield from _publishable(site, base, "_drafts")
    for relative in subfolders:
        yield from _site_posts(site, relative)


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
