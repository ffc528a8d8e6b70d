"""A site's pages (``about.md``, ``links.html``, ``notes/index.md``…): found, given the URL
Jekyll gives them, and told apart from the theme's own list pages (home, archive, tags, 404,
search…), which the blog has its own of."""

import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from django.urls import Resolver404, resolve

from .frontmatter import has_front_matter
from .permalinks import normalize_path
from .site import HTML_EXTENSIONS, MARKDOWN_EXTENSIONS, SKIP_DIRS, is_site_root, load_site

# Jekyll's own exclusions, on top of anything starting with "_", "." or "#".
DEFAULT_EXCLUDE = ["Gemfile", "Gemfile.lock", "node_modules", "vendor", "gemfiles"]
# Pages every Jekyll theme has and the blog makes itself, by their file's name at the root.
THEME_PAGES = {
    "index",
    "404",
    "offline",
    "archive",
    "archives",
    "tags",
    "tag",
    "categories",
    "category",
    "search",
    "feed",
    "atom",
    "rss",
    "sitemap",
}
PERMALINK_SUFFIX = {"pretty": "/", "date": ":output_ext", "ordinal": ":output_ext", "none": ":output_ext"}


@dataclass
class PageFile:
    path: Path
    site: object

    @property
    def relative(self):
        """Its path in the site, as Jekyll names it (``notes/links.md``)."""
        return self.path.relative_to(self.site.root).as_posix()


def _excluded(parts, patterns):
    joined = "/".join(parts)
    for pattern in patterns:
        pattern = str(pattern).strip("/")
        if any(fnmatch(part, pattern) for part in parts) or joined == pattern or joined.startswith(pattern + "/"):
            return True
    return False


def _is_page(path, site):
    parts = path.relative_to(site.root).parts
    if any(p.startswith(("_", ".", "#")) or p.endswith("~") or p in SKIP_DIRS for p in parts):
        return False
    if path.suffix.lower() not in MARKDOWN_EXTENSIONS | HTML_EXTENSIONS:
        return False
    if _excluded(parts, DEFAULT_EXCLUDE + list(site.config.get("exclude") or [])):
        return False
    try:
        with open(path, "rb") as fh:
            return has_front_matter(fh.read(8).decode("utf-8", "ignore"))
    except OSError:
        return False


def find_pages(paths):
    """Every page of the sites among ``paths`` (folders that are Jekyll site roots)."""
    found = []
    for raw in paths:
        folder = Path(raw).expanduser()
        if not folder.is_dir() or not is_site_root(folder):
            continue
        site = load_site(folder)
        found += [PageFile(p, site) for p in sorted(site.root.rglob("*")) if p.is_file() and _is_page(p, site)]
    return found


# --- URLs --------------------------------------------------------------------------------------
def _template(page_file, permalink):
    """Jekyll's URL template for a page: its ``permalink:``, else one the site's style gives."""
    if permalink:
        return str(permalink)
    if PurePosixPath(page_file.relative).stem == "index":
        return "/:path/"
    style = str(page_file.site.config.get("permalink") or "date")
    suffix = PERMALINK_SUFFIX.get(style)
    if suffix is None:
        suffix = "/" if style.endswith("/") else ":output_ext" if style.endswith(":output_ext") else ""
    return "/:path/:basename" + suffix


def page_url(page_file, meta):
    """The URL Jekyll writes a page at (percent-decoded, as we store paths)."""
    relative = PurePosixPath(page_file.relative)
    values = {"path": str(relative.parent).strip("."), "basename": relative.stem, "output_ext": ".html"}
    url = re.sub(
        r":(path|basename|output_ext)", lambda m: values[m.group(1)], _template(page_file, meta.get("permalink"))
    )
    return normalize_path(url)


def theme_page(page_file, url, body):
    """Why a page is the theme's own (and so not imported), or None."""
    relative = PurePosixPath(page_file.relative)
    if url == "/":
        return "the home page (the blog makes its own)"
    if len(relative.parts) == 1 and relative.stem.lower() in THEME_PAGES:
        return f"the theme's {relative.stem} page (the blog makes its own)"
    if "paginator" in body:
        return "a paginated list of posts (the blog makes its own lists)"
    try:
        match = resolve(url)
    except Resolver404:
        return None
    if match.view_name != "blog:page":
        return f"{url} is served by the blog itself"
    return None
