"""Every post out as a Jekyll (Hux Blog) site, the body byte for byte.

``DIR/_posts/YYYY-MM-DD-slug.md`` for every post (drafts with ``published: false``) with Hux
front matter; uploaded header images go to ``DIR/img/posts/``, and images the bodies link to are
copied under the path they are linked by. ``import_jekyll DIR`` reads it back.
"""

import json
import posixpath
from urllib.parse import unquote, urlsplit

import yaml
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.content.html import local_links
from blog.content.kramdown.options import merged, to_kramdown_config
from blog.models import Post
from blog.writing.legacy import imported_asset_name, safe_relative

from . import extras
from .dates import format_date
from .frontmatter import dump_post

HEADER_DIR = "img/posts"


def _copy_from_storage(name, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as src:
        target.write_bytes(src.read())


class Exporter:
    """``export()`` writes the site into ``root`` and returns the number of posts in each state;
    ``failures`` lists the files that could not be copied, ``copied`` the ones that were."""

    def __init__(self, root):
        self.root = root
        self.failures = []
        self.copied = set()

    def export(self):
        (self.root / "_posts").mkdir(parents=True, exist_ok=True)
        posts = (
            Post.objects.select_related("author", "series")
            .prefetch_related("tags", "legacy_urls")
            .order_by("publish", "pk")
        )
        names = set()
        counts = dict.fromkeys(Post.State.values, 0)
        for post in posts:
            name = self.file_name(post, names)
            (self.root / "_posts" / f"{name}.md").write_bytes(dump_post(self.front_matter(post, name), post.body))
            self.copy_linked_media(post)
            counts[post.state] += 1
        self.write_config(any(post.legacy_urls.all() for post in posts), _shared_options(posts))
        extras.write_series_data(self.root, posts)
        return counts

    @staticmethod
    def file_name(post, taken):
        stem = f"{post.publish_date:%Y-%m-%d}-{post.slug}"
        name, n = stem, 2
        while name in taken:  # two posts can only share this if the data was forced in
            name, n = f"{stem}-{n}", n + 1
        taken.add(name)
        return name

    def front_matter(self, post, name):
        front = {"layout": "post", "title": post.title}
        if post.subtitle:
            front["subtitle"] = post.subtitle
        front["date"] = format_date(timezone.localtime(post.publish, timezone.get_default_timezone()))
        front["author"] = post.author.name
        header = self.header_image(post, name)
        if header:
            front["header-img"] = header
        if post.header_mask is not None:
            front["header-mask"] = float(post.header_mask)
        front["permalink"] = unquote(post.get_absolute_url())
        tags = sorted(post.tags.all(), key=lambda t: t.name.lower())
        if tags:
            front["tags"] = [tag.name for tag in tags]
        if post.summary:
            front["description"] = post.summary
        if post.hidden:
            front["hidden"] = True
        if post.status == Post.Status.DRAFT:
            front["published"] = False
        front.update(extras.front_matter(post))
        old = sorted(legacy.path for legacy in post.legacy_urls.all())
        if old:
            front["redirect_from"] = old  # the jekyll-redirect-from plugin's key
        return front

    def header_image(self, post, name):
        if not post.header_image:
            return post.header_image_url
        ext = posixpath.splitext(post.header_image.name)[1].lower() or ".jpg"
        relative = f"{HEADER_DIR}/{name}{ext}"
        try:
            _copy_from_storage(post.header_image.name, self.root / relative)
        except OSError as exc:
            self.failures.append(f"{post.get_absolute_url()}: header image {post.header_image.name}: {exc}")
            return post.header_image_url
        self.copied.add(relative)
        return relative

    def copy_linked_media(self, post):
        """Media the body links to, copied under the path it is linked by (served the same by Jekyll)."""
        media_url = settings.MEDIA_URL
        for link in local_links(post.body_html):
            path = unquote(urlsplit(link).path)
            if not path.startswith("/"):
                continue
            name = path[len(media_url) :] if path.startswith(media_url) else imported_asset_name(path)
            relative = safe_relative(path)
            if not name or not relative or relative in self.copied:
                continue
            try:
                if not default_storage.exists(name):
                    continue
                _copy_from_storage(name, self.root / relative)
            except Exception as exc:  # a bad name or an unreadable file: report, go on
                self.failures.append(f"{post.get_absolute_url()}: linked file {link}: {exc}")
                continue
            self.copied.add(relative)

    def write_config(self, redirects, markdown_options=None):
        """A minimal _config.yml, unless the folder has one (it is the user's, then)."""
        config = self.root / "_config.yml"
        if config.exists():
            return
        data = {
            "title": settings.BLOG.get("TITLE", ""),
            "description": settings.BLOG.get("DESCRIPTION", ""),
            "timezone": str(timezone.get_default_timezone()),
            "permalink": "pretty",
        }
        if settings.BLOG.get("SITE_URL"):
            data["url"] = settings.BLOG["SITE_URL"]
        if redirects:
            data["plugins"] = ["jekyll-redirect-from"]
        # How the blog reads Markdown (the site setting, and the options its posts share) as kramdown options.
        kramdown = to_kramdown_config(merged(settings.BLOG.get("MARKDOWN"), markdown_options))
        if kramdown:
            data["kramdown"] = kramdown
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _shared_options(posts):
    """The Markdown options every exported post has (a site imported whole), else none."""
    distinct = {json.dumps(post.markdown_options, sort_keys=True) for post in posts}
    return json.loads(distinct.pop()) if len(distinct) == 1 else {}
