"""Posts and pages as Jekyll's Liquid sees them: ``page`` (the document being rendered),
``site.posts``, ``site.tags``, ``site.categories``, ``site.pages``, and the URL of a site file
(``post_url``, ``link`` and relative links)."""

import posixpath
import re
from collections.abc import Mapping
from datetime import date, time
from html import escape

from django.apps import apps
from django.utils import timezone

from .. import links
from ..content import liquid
from ..content.liquid.values import RubyTime

DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
DAY_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
RELATED_POSTS = 10  # Jekyll's site.related_posts without LSI: the newest ten
POST_DROP_FIELDS = (
    "title",
    "subtitle",
    "slug",
    "publish",
    "status",
    "summary",
    "excerpt",
    "source_path",
    "front_matter",
)


def _model(name):
    return apps.get_model("blog", name)


def folder_of(document):
    """The folder of the site a document's relative paths are read from."""
    if document.source_path:
        return posixpath.dirname(document.source_path)
    return "_posts" if isinstance(document, _model("Post")) else ""


def _names(value):
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item not in (None, "")]
    return [] if value in (None, "") else [str(value)]


def _post_url(post):
    return links.post_url(post.publish_date, post.slug or post.default_slug())


def post_categories(post):
    """Jekyll's categories of a post: the folders above ``_posts/``, then its front matter's."""
    front = post.front_matter or {}
    parts = (post.source_path or "").split("/")[:-1]
    folders = [p for p in parts[: parts.index("_posts")] if not p.startswith("_")] if "_posts" in parts else []
    names = folders + _names(front.get("category")) + _names(front.get("categories"))
    return list(dict.fromkeys(names))


def jekyll_date(post, zone):
    """``page.date`` as Jekyll had it: a post dated by day only (midnight here, which keeps its
    day in its URL) is midnight of that day in the Jekyll site's zone."""
    ours = timezone.localtime(post.publish)
    written = str((post.front_matter or {}).get("date") or "").strip()
    if ours.time() == time.min and (not written or DAY_ONLY.match(written)):
        return RubyTime(ours.year, ours.month, ours.day, tzinfo=zone)
    return RubyTime.of(timezone.localtime(post.publish, zone))


def post_drop(post, zone, tags=None):
    """A post as ``site.posts`` and ``page`` show it."""
    url = _post_url(post)
    path = post.source_path or f"_posts/{post.publish_date:%Y-%m-%d}-{post.slug}.md"
    front = post.front_matter or {}
    drop = dict(front)
    drop.update(
        title=post.title,
        url=url,
        id=url.rstrip("/") or "/",
        date=jekyll_date(post, zone),
        path=path,
        relative_path=path,
        name=posixpath.basename(path),
        ext=posixpath.splitext(path)[1],
        slug=post.slug,
        collection="posts",
        categories=post_categories(post),
        tags=tags if tags is not None else _names(front.get("tags")) + _names(front.get("tag")),
        excerpt=f"<p>{escape(post.excerpt)}</p>" if post.excerpt else "",
        content=post.body_html,
        draft=post.status == post.Status.DRAFT,
    )
    if post.subtitle:
        drop["subtitle"] = post.subtitle
    if post.summary:
        drop["description"] = post.summary
    return drop


def page_drop(page):
    path = page.source_path or page.path.strip("/") + ".md"
    drop = dict(page.front_matter or {})
    # Jekyll escapes what its placeholders (:basename…) put in a URL, not a permalink as written.
    written = isinstance(drop.get("permalink"), str) and page.path
    drop.update(
        title=page.title,
        url=page.path if written else page.get_absolute_url(),
        path=path,
        name=posixpath.basename(path),
        dir=page.path if page.path.endswith("/") else posixpath.dirname(page.path).rstrip("/") + "/",
    )
    if page.description:
        drop["description"] = page.description
    return drop


def page_tags(post):
    """A post's tags as saved, else (a post being imported, not tagged yet) its front matter's."""
    return ([tag.name for tag in post.tags.all()] or None) if post.pk else None


def page_variables(document, zone):
    """``page.*`` of the document being rendered (its ``content`` as written, as Jekyll has it
    while the Liquid runs)."""
    if isinstance(document, _model("Post")):
        drop = post_drop(document, zone, page_tags(document))
    else:
        drop = page_drop(document)
    drop["content"] = document.body
    return drop


# --- site.* ---------------------------------------------------------------------------------
class SiteVariables(Mapping):
    """``site``: the imported ``_config.yml`` plus what Jekyll computes, each read when asked."""

    COMPUTED = ("posts", "tags", "categories", "pages", "html_pages", "related_posts", "documents", "static_files")

    def __init__(self, site):
        self.site = site
        self.values = dict(site.config)
        self.values.update(url=site.url, baseurl=site.baseurl, time=RubyTime.of(timezone.now(), site.zone))
        self.values.setdefault("data", {})
        self.computed = {}

    def __getitem__(self, key):
        if key in self.COMPUTED:
            liquid.record("site.pages" if key in ("pages", "html_pages") else "site.posts")
            if key not in self.computed:
                self.computed[key] = getattr(self, f"_{key}")()
            return self.computed[key]
        liquid.record("site")
        return self.values[key]

    def __iter__(self):
        yield from self.values
        yield from self.COMPUTED

    def __len__(self):
        return len(self.values) + len(self.COMPUTED)

    def _posts(self):
        """Published posts, newest first; the post being rendered as it is now (Jekyll lists it
        too, and it may not be saved yet)."""
        Post = _model("Post")
        posts = Post.objects.published().prefetch_related("tags").only(*POST_DROP_FIELDS)
        current = self.site.document
        drops = []
        if isinstance(current, Post):
            posts = posts.exclude(pk=current.pk) if current.pk else posts
            if current.status == Post.Status.PUBLISHED and current.publish <= timezone.now():
                drops.append((current.publish, post_drop(current, self.site.zone, page_tags(current))))
        drops += [(post.publish, post_drop(post, self.site.zone, [t.name for t in post.tags.all()])) for post in posts]
        drops.sort(key=lambda pair: pair[0], reverse=True)
        return [drop for _publish, drop in drops]

    def _grouped(self, key):
        """Jekyll's order: names as the oldest post has them first, each name's posts newest first."""
        groups = {}
        for drop in reversed(self["posts"]):
            for name in drop[key]:
                groups.setdefault(name, []).insert(0, drop)
        return groups

    def _tags(self):
        return self._grouped("tags")

    def _categories(self):
        return self._grouped("categories")

    def _related_posts(self):
        return self["posts"][:RELATED_POSTS]

    def _documents(self):
        return self["posts"]

    def _pages(self):
        return [page_drop(page) for page in _model("Page").objects.all()]

    def _html_pages(self):
        return self["pages"]

    def _static_files(self):
        return []


# --- URLs of the site's files -----------------------------------------------------------------
# What a document that links to another read, for re-rendering it when that one changes.
def file_name(path):
    return f"file:{path}"


def post_name(name):
    return f"post:{posixpath.basename(name.strip().strip('/'))}"


def names_of_post(post):
    """The names a change to ``post`` concerns (besides ``site.posts``)."""
    names = [post_name(f"{post.publish_date:%Y-%m-%d}-{post.slug}")] if post.publish and post.slug else []
    if post.source_path:
        names += [file_name(post.source_path), post_name(posixpath.splitext(post.source_path)[0])]
    return names


def names_of_page(page):
    return [file_name(page.source_path)] if page.source_path else []


def post_url(name):
    """The URL of the post ``{% post_url name %}`` names (``2010-07-21-name``, ``sub/…``): the
    post imported from that file, else the one of that date and slug, else the address such a
    post would have (an old URL of it answers there)."""
    name = name.strip().strip("/")
    stem = posixpath.basename(name)
    Post = _model("Post")
    for post in Post.objects.filter(source_path__contains=f"/{stem}.").only("slug", "publish", "source_path"):
        path_stem = posixpath.splitext(post.source_path)[0]
        if path_stem.endswith("/" + name) or posixpath.basename(path_stem) == name:
            return _post_url(post)
    match = DATED_NAME.match(stem)
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    post = Post.objects.at(day, match[4]).only("slug", "publish").first()
    return _post_url(post) if post else links.post_url(day, match[4])


def url_of_file(path):
    """The URL of the post or page made from the site's file ``path``, or None."""
    post = _model("Post").objects.filter(source_path=path).only("slug", "publish").first()
    if post is not None:
        return _post_url(post)
    page = _model("Page").objects.filter(source_path=path).only("path", "slug").first()
    if page is not None:
        return page.get_absolute_url()
    parts = path.split("/")
    if "_posts" in parts[:-1]:
        return post_url(posixpath.splitext(parts[-1])[0])
    return None
