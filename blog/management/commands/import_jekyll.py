"""python manage.py import_jekyll PATH [PATH ...]: move a Jekyll (Hux Blog) site in.

Each PATH is a post file or a folder: a Jekyll site root (its ``_posts/``, and
``_drafts/`` as drafts) or any folder of Markdown posts, searched recursively.
Every file is imported in its own transaction; one that fails is reported
with its path and the reason and the others still import. Re-importing a file
updates its post. Every old URL of a post is kept as a LegacyURL, which
answers 301 to the new permalink.
"""

import hashlib
import os
import posixpath
import sys
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from tqdm import tqdm

from blog import images, jekyll
from blog.models import Author, LegacyURL, Post, Revision, local_date

# Other files a post may link to that we do not import (reported, not lost silently).
OTHER_ASSET_EXTENSIONS = {".svg", ".pdf", ".zip", ".mp3", ".mp4", ".webm", ".mov", ".bmp", ".ico", ".tif", ".tiff"}


class Skip(Exception):
    """A file that is not a post (no front matter) found while scanning a folder."""


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def _stored_digest(name):
    try:
        with default_storage.open(name, "rb") as fh:
            return _digest(fh.read())
    except (OSError, ValueError):
        return None


def _validation_text(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


class Importer:
    def __init__(self, *, dry_run, default_author, zone, note):
        self.dry_run = dry_run
        self.default_author = default_author
        self.zone = zone
        self.site_zone = timezone.get_default_timezone()
        self.note = note  # note(path, message, level)
        self.claimed = {}  # post pk or (date, slug) -> file that claimed it in this run
        self.assets = 0

    # --- One file ----------------------------------------------------------------------
    def import_file(self, post_file):
        text = jekyll.read_text(post_file.path)
        if not post_file.explicit and not jekyll.has_front_matter(text):
            raise Skip("no front matter (Jekyll treats it as a static file)")
        parsed = jekyll.read_post(
            post_file,
            self.site_zone,
            default_author=self.default_author,
            zone=self.zone,
            mtime=post_file.path.stat().st_mtime,
            text=text,
        )
        for message in parsed.notes:
            self.note(post_file.path, message, 1)
        if parsed.ignored_keys:
            self.note(post_file.path, "ignored front matter: " + ", ".join(parsed.ignored_keys), 2)
        if len(parsed.author) > 100:
            raise jekyll.JekyllError("author name is longer than 100 characters")
        header = self._read_header(parsed)
        with transaction.atomic():
            return self._save(post_file, parsed, header)

    def _read_header(self, parsed):
        """The header image file's bytes, validated like an upload."""
        if parsed.header_image is None:
            return None
        with open(parsed.header_image, "rb") as fh:
            upload = File(fh, name=parsed.header_image.name)
            try:
                images.validate_image(upload)
                cleaned = images.clean_image(upload)
            except ValidationError as exc:
                raise jekyll.JekyllError(f"header image {parsed.header_image.name}: {' '.join(exc.messages)}") from None
            except Exception as exc:  # Pillow can fail in many ways on a damaged file
                raise jekyll.JekyllError(f"header image {parsed.header_image.name}: cannot be read ({exc})") from None
            return {"path": parsed.header_image, "digest": _digest(cleaned.read())}

    def _find(self, parsed, slug):
        day = local_date(parsed.publish)
        post = Post.objects.on_day(day).filter(slug=slug).order_by("publish", "pk").first()
        if post is None and parsed.identity_paths:
            legacy = (
                LegacyURL.objects.filter(path__in=parsed.identity_paths)
                .exclude(post__in=self.claimed_pks())
                .select_related("post")
                .first()
            )
            post = legacy.post if legacy else None
        if post is None and not parsed.dated:
            # A draft without a date has a new date (its file's mtime) at each import.
            post = Post.objects.filter(status=Post.Status.DRAFT, slug=slug).order_by("pk").first()
        return post

    def _author(self, name):
        slug = slugify(name, allow_unicode=True)[:100] or "author"
        author = Author.objects.filter(name=name).first() or Author.objects.filter(slug=slug).first()
        if author is None:
            author = Author(name=name, slug=slug)
            if not self.dry_run:
                author.save()
        return author

    def _save(self, post_file, parsed, header):
        path = post_file.path
        day = local_date(parsed.publish)
        slug = parsed.slug
        if not slug:
            # Nothing in the file names a slug (e.g. "2014-10-12-.md" with a Chinese title): the
            # model's default, numbered when another file of this run has it (same order each run).
            base = Post(title=parsed.title, publish=parsed.publish).default_slug()
            slug, n = base, 2
            while (day, slug) in self.claimed:
                slug, n = f"{base}-{n}", n + 1
        post = self._find(parsed, slug)
        created = post is None
        target = (day, slug)
        for key in (target, None if created else post.pk):
            if key is not None and key in self.claimed:
                raise jekyll.JekyllError(f"same post as {self.claimed[key]}, imported just before")
        if created:
            post = Post()
        else:
            before = (post.title, post.subtitle, post.body)
            old_url = unquote(post.get_absolute_url())
            revisions = post.revisions.count()

        post.title = parsed.title
        post.subtitle = parsed.subtitle
        post.slug = slug
        post.author = self._author(parsed.author)
        post.body = parsed.body
        post.summary = parsed.summary
        post.publish = parsed.publish
        post.status = Post.Status.PUBLISHED if parsed.published else Post.Status.DRAFT
        post.hidden = parsed.hidden
        post.header_mask = parsed.header_mask
        post.header_image_url = parsed.header_image_url
        previous_header = post.header_image.name or None
        if header is None:
            post.header_image = None
        elif previous_header and _stored_digest(previous_header) == header["digest"]:
            header = None  # the same image as last time: keep the stored one
        try:
            exclude = ["header_image"] + (["author"] if post.author.pk is None else [])
            post.full_clean(exclude=exclude)
        except ValidationError as exc:
            raise jekyll.JekyllError(_validation_text(exc)) from None
        if self.dry_run:
            self._claim(path, post, target)
            self._assets(post, post_file)
            return "created" if created else "updated"

        try:
            if header is not None:
                with open(header["path"], "rb") as fh:
                    post.header_image = File(fh, name=header["path"].name)
                    post.save()  # cleans the image and makes its variants, like an upload
            else:
                post.save()
            self._tags(post, parsed.tags)
            old_paths = list(parsed.old_paths)
            if not created and old_url != unquote(post.get_absolute_url()):
                old_paths.append(old_url)  # the post moved: its previous address keeps working
            self._legacy(path, post, old_paths)
            if not created and before != (post.title, post.subtitle, post.body) and post.revisions.count() == revisions:
                Revision.objects.create(post=post, title=before[0], subtitle=before[1], body=before[2])
            self._assets(post, post_file)
        except BaseException:
            if header is not None and post.header_image and post.header_image.name != previous_header:
                # The new header was stored before something failed: remove it again.
                images.delete_variants(post.header_image_variants)
                default_storage.delete(post.header_image.name)
            raise
        if previous_header and previous_header != post.header_image.name:
            transaction.on_commit(lambda: default_storage.delete(previous_header))
        self._claim(path, post, target)
        return "created" if created else "updated"

    def claimed_pks(self):
        return [key for key in self.claimed if isinstance(key, int)]

    def _claim(self, path, post, target):
        self.claimed[target] = path
        if post.pk:
            self.claimed[post.pk] = path

    def _tags(self, post, names):
        for name in names:
            if not slugify(name, allow_unicode=True) and not Tag.objects.filter(name__iexact=name).exists():
                # Names such as "🚀" slugify to nothing; give them a slug a URL can carry.
                Tag.objects.create(name=name, slug="tag-" + hashlib.sha1(name.encode()).hexdigest()[:8])
        post.tags.set(names, clear=False)

    def _legacy(self, path, post, old_paths):
        canonical = unquote(post.get_absolute_url())
        for old in dict.fromkeys(old_paths):
            if old in (canonical, canonical.rstrip("/")):
                continue
            legacy, _created = LegacyURL.objects.get_or_create(path=old, defaults={"post": post})
            if legacy.post_id != post.pk:
                self.note(path, f"old URL {old} already redirects to another post; left as it is", 1)

    # --- Images the body links to -----------------------------------------------------------
    def _assets(self, post, post_file):
        """Copy images the body links to into media, under the path the browser will ask for."""
        if self.dry_run:
            post.render()
        page = unquote(post.get_absolute_url())
        for link in jekyll.local_links(post.body_html):
            link_path = unquote(urlsplit(link).path)
            ext = posixpath.splitext(link_path)[1].lower()
            if ext not in jekyll.IMAGE_EXTENSIONS | OTHER_ASSET_EXTENSIONS:
                continue
            source = jekyll.find_site_file(link_path, post_file.site, post_file.path.parent)
            if source is None:
                self.note(post_file.path, f"linked file {link} not found in the site", 2)
                continue
            if ext not in jekyll.IMAGE_EXTENSIONS:
                self.note(post_file.path, f"linked file {link} was not imported (only images are)", 1)
                continue
            name = jekyll.imported_asset_name(unquote(urlsplit(urljoin(page, link)).path))
            if name is not None:
                self._store_asset(post_file.path, source, name, link)

    def _store_asset(self, path, source, name, link):
        with open(source, "rb") as fh:
            upload = File(fh, name=source.name)
            try:
                images.validate_image(upload)
                cleaned = images.clean_image(upload).read()
            except ValidationError as exc:
                self.note(path, f"linked image {link} not imported: {' '.join(exc.messages)}", 1)
                return
            except Exception as exc:
                self.note(path, f"linked image {link} not imported: cannot be read ({exc})", 1)
                return
        if self.dry_run:
            return
        if default_storage.exists(name):
            if _stored_digest(name) == _digest(cleaned):
                return
            default_storage.delete(name)
        default_storage.save(name, ContentFile(cleaned))
        self.assets += 1


class Command(BaseCommand):
    help = (
        "Import Jekyll / Hux Blog posts. PATH is a post file or a folder: a Jekyll site root "
        "(its _posts/ and, as drafts, _drafts/) or any folder of Markdown posts, searched recursively. "
        "Re-importing a file updates its post; every old URL of a post redirects (301) to its new permalink."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="post files or folders")
        parser.add_argument(
            "--author",
            help="author of posts that name none (default: _config.yml's author, then its title, then 'Anonymous')",
        )
        parser.add_argument(
            "--timezone",
            dest="zone_name",
            metavar="ZONE",
            help="time zone of dates written without an offset (default: _config.yml's timezone, "
            "then the site's TIME_ZONE)",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, change nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, author=None, zone_name=None, dry_run=False, no_progress=False, **options):
        self.verbosity = options["verbosity"]
        zone = None
        if zone_name:
            try:
                zone = ZoneInfo(zone_name)
            except (ZoneInfoNotFoundError, ValueError):
                raise CommandError(f"unknown time zone {zone_name!r}") from None
        try:
            files = jekyll.find_posts(paths)
        except jekyll.JekyllError as exc:
            raise CommandError(str(exc)) from None

        stream = getattr(self.stderr, "_out", sys.stderr)
        show_bar = not no_progress and self.verbosity > 0 and hasattr(stream, "isatty") and stream.isatty()
        self.bar = tqdm(
            total=len(files), unit="file", desc="Importing", file=stream, disable=not show_bar, dynamic_ncols=True
        )
        importer = Importer(dry_run=dry_run, default_author=(author or "").strip() or None, zone=zone, note=self._note)
        counts = {"created": 0, "updated": 0, "failed": 0, "skipped": 0}
        try:
            for post_file in files:
                try:
                    outcome = importer.import_file(post_file)
                except Skip as exc:
                    counts["skipped"] += 1
                    self._note(post_file.path, f"skipped: {exc}", 2)
                except jekyll.JekyllError as exc:
                    counts["failed"] += 1
                    self._error(post_file.path, str(exc))
                except Exception as exc:  # one bad file must not stop the others
                    counts["failed"] += 1
                    if options.get("traceback"):
                        raise
                    self._error(post_file.path, f"{type(exc).__name__}: {exc}")
                else:
                    counts[outcome] += 1
                    if self.verbosity >= 2:
                        self._write(self.stdout, f"{outcome}: {post_file.path}")
                self.bar.update(1)
        finally:
            self.bar.close()

        summary = (
            f"{counts['created']} created, {counts['updated']} updated, {counts['failed']} failed ({len(files)} files"
        )
        if counts["skipped"]:
            summary += f", {counts['skipped']} without front matter skipped"
        summary += ")"
        if importer.assets:
            summary += f"; {importer.assets} linked images copied"
        if dry_run:
            summary = f"Dry run, nothing was changed: would be {summary}"
        if self.verbosity > 0:
            self.stdout.write(summary + ".")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files could not be imported (reasons above).")

    # --- Output that does not tear the progress bar -----------------------------------------
    def _write(self, out, message, style=None):
        with tqdm.external_write_mode(file=getattr(self.stderr, "_out", None)):
            out.write(message, style_func=style)

    def _error(self, path, reason):
        self._write(self.stderr, f"{os.fspath(path)}: {reason}")

    def _note(self, path, message, level):
        if self.verbosity >= level:
            self._write(self.stderr, f"{os.fspath(path)}: note: {message}", self.style.WARNING)
