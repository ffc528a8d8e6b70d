"""python manage.py export_jekyll DIR: every post out as a Jekyll (Hux Blog) site.

Writes ``DIR/_posts/YYYY-MM-DD-slug.md`` for every post (drafts with
``published: false``), Hux front matter and the body byte for byte; uploaded
header images go to ``DIR/img/posts/``, and images the bodies link to are
copied under the path they are linked by. ``import_jekyll DIR`` reads it back.
"""

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from blog import jekyll
from blog.models import Post

HEADER_DIR = "img/posts"


def _copy_from_storage(name, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as src:
        target.write_bytes(src.read())


class Command(BaseCommand):
    help = (
        "Write every post as a Jekyll / Hux Blog post: DIR/_posts/YYYY-MM-DD-slug.md with Hux front matter, "
        "header images in DIR/img/posts/ and linked media beside them. Existing files of the same name are "
        "overwritten; nothing else in DIR is touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", metavar="DIR", help="folder to write the site into (created if missing)")

    def handle(self, *args, dir, **options):
        root = Path(dir).expanduser()
        if root.exists() and not root.is_dir():
            raise CommandError(f"{root} exists and is not a folder")
        (root / "_posts").mkdir(parents=True, exist_ok=True)
        self.root = root
        self.failures = []
        self.copied = set()
        posts = Post.objects.select_related("author").prefetch_related("tags", "legacy_urls").order_by("publish", "pk")
        names = set()
        counts = {"published": 0, "scheduled": 0, "draft": 0}
        for post in posts:
            day = post.publish_date
            stem = f"{day:%Y-%m-%d}-{post.slug}"
            name, n = stem, 2
            while name in names:  # two posts can only share this if the data was forced in
                name, n = f"{stem}-{n}", n + 1
            names.add(name)
            (root / "_posts" / f"{name}.md").write_bytes(jekyll.dump_post(self.front_matter(post, name), post.body))
            self.copy_linked_media(post)
            state = "draft" if post.status == Post.Status.DRAFT else "scheduled" if post.is_scheduled else "published"
            counts[state] += 1
        self.write_config(any(post.legacy_urls.all() for post in posts))
        for message in self.failures:
            self.stderr.write(message)
        if options["verbosity"] > 0:
            total = sum(counts.values())
            self.stdout.write(
                f"Exported {total} posts ({counts['published']} published, {counts['scheduled']} scheduled, "
                f"{counts['draft']} drafts) and {len(self.copied)} images to {root}."
            )
        if self.failures:
            raise CommandError(f"{len(self.failures)} files could not be copied (see above).")

    def front_matter(self, post, name):
        front = {"layout": "post", "title": post.title}
        if post.subtitle:
            front["subtitle"] = post.subtitle
        front["date"] = jekyll.format_date(timezone.localtime(post.publish, timezone.get_default_timezone()))
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
        for link in jekyll.local_links(post.body_html):
            path = unquote(urlsplit(link).path)
            if not path.startswith("/"):
                continue
            if path.startswith(media_url):
                name = path[len(media_url) :]
            else:
                name = jekyll.imported_asset_name(path)
            relative = jekyll.safe_relative(path)
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

    def write_config(self, redirects):
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
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
