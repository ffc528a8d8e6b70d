"""Jekyll sites and the post files in them: where posts live, which folders are skipped, what
``_config.yml`` says, and the files a post names."""

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .errors import JekyllError
from .frontmatter import FrontMatterLoader, read_text
from .permalinks import PERMALINK_STYLES

# Markdown posts anywhere; HTML posts only inside _posts/ and _drafts/ (elsewhere
# HTML files are layouts and pages). Named files are imported whatever their extension.
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mdwn"}
HTML_EXTENSIONS = {".html", ".htm"}
# Build output, dependencies and tool caches are never posts.
SKIP_DIRS = {"_site", "node_modules", ".git", ".jekyll-cache", ".sass-cache", "vendor", ".bundle"}


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
