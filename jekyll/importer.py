"""Saving what ``posts.read_post`` read: each file in its own transaction, through the blog's
own ``save_post``; a re-import updates the post it made before instead of making a second."""

from dataclasses import dataclass
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from blog.content import images
from blog.models import LegacyURL, Post
from blog.querysets import local_date
from blog.writing.authors import author_named
from blog.writing.legacy import record_old_urls
from blog.writing.posts import save_post
from blog.writing.tags import set_tags

from .assets import LinkedFiles, cleaned_image, digest, stored_digest
from .errors import JekyllError
from .prepare import Options, Skip, read  # noqa: F401  (Skip: raised to the command)


def _validation_text(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


@dataclass
class Header:
    """A header image file of the site, and the digest of its cleaned bytes."""

    path: object
    digest: str


class Importer:
    """``import_file(post_file)`` -> "created" or "updated"; raises ``Skip`` or ``JekyllError``.
    ``note(path, message, level)`` hears what is worth telling (level 1 warnings, 2 details)."""

    def __init__(self, *, dry_run, default_author, zone, note):
        self.dry_run = dry_run
        self.default_author = default_author
        self.zone = zone
        self.site_zone = timezone.get_default_timezone()
        self.note = note
        self.claimed = {}  # post pk or (date, slug) -> file that claimed it in this run
        self.linked = LinkedFiles(note, dry_run=dry_run)
        self.known = None  # what the database held when the run began (see _index)
        self.authors = {}  # name -> Author, and tag name -> Tag: read once per run
        self.tags = {}

    @property
    def assets(self):
        return self.linked.copied

    @property
    def options(self):
        return Options(self.site_zone, self.zone, self.default_author)

    def import_file(self, post_file, prepared=None):
        """``prepared``: what ``jekyll.prepare`` read and rendered of the file, if it did."""
        if prepared is None:
            parsed, rendered = read(post_file, self.options), None
        elif prepared.error is not None:
            raise prepared.error
        else:
            parsed, rendered = prepared.parsed, prepared.rendered
        for message in parsed.notes:
            self.note(post_file.path, message, 1)
        if parsed.ignored_keys:
            self.note(post_file.path, "ignored front matter: " + ", ".join(parsed.ignored_keys), 2)
        header = self._read_header(parsed)
        try:
            with transaction.atomic():
                return self._save(post_file, parsed, header, rendered)
        except BaseException:
            # Rows this file made are rolled back: forget them.
            self.authors.clear()
            self.tags.clear()
            raise

    def _read_header(self, parsed):
        if parsed.header_image is None:
            return None
        try:
            return Header(parsed.header_image, digest(cleaned_image(parsed.header_image)))
        except ValueError as exc:
            raise JekyllError(f"header image {parsed.header_image.name}: {exc}") from None

    # --- Which post -----------------------------------------------------------------------
    def _slug(self, parsed, day):
        """The file's slug; when nothing in it names one (e.g. "2014-10-12-.md" with a Chinese
        title), the model's default, numbered when another file of this run has it."""
        if parsed.slug:
            return parsed.slug
        base = Post(title=parsed.title, publish=parsed.publish).default_slug()
        slug, n = base, 2
        while (day, slug) in self.claimed:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _index(self):
        """{(day, slug): pk} of every post (the earliest of a day and slug) and {old path: [pk]},
        read once: a query per file for each made a large import slow. Posts this run makes
        are in ``claimed``; one another process makes meanwhile on the same day and slug is
        still refused by ``Post.validate_unique``."""
        if self.known is None:
            at, old = {}, {}
            for pk, publish, slug in Post.objects.order_by("publish", "pk").values_list("pk", "publish", "slug"):
                at.setdefault((local_date(publish), slug), pk)
            for path, pk in LegacyURL.objects.order_by("path").values_list("path", "post_id"):
                old.setdefault(path, []).append(pk)
            self.known = at, old
        return self.known

    def _find(self, parsed, day, slug):
        at, old = self._index()
        pk = at.get((day, slug))
        if pk is None and parsed.identity_paths:
            # Posts claimed earlier in this run are left out (a re-import's second file).
            candidates = (pk for path in sorted(parsed.identity_paths) for pk in old.get(path, ()))
            pk = next((pk for pk in candidates if pk not in self.claimed), None)
        post = Post.objects.filter(pk=pk).first() if pk is not None else None
        if post is None and not parsed.dated:
            # A draft without a date has a new date (its file's mtime) at each import.
            post = Post.objects.drafts().filter(slug=slug).order_by("pk").first()
        return post

    def _check_unclaimed(self, post, target):
        for key in (target, post.pk if post else None):
            if key is not None and key in self.claimed:
                raise JekyllError(f"same post as {self.claimed[key]}, imported just before")

    def _claim(self, path, post, target):
        self.claimed[target] = path
        if post.pk:
            self.claimed[post.pk] = path

    # --- Saving ----------------------------------------------------------------------------
    def _save(self, post_file, parsed, header, rendered=None):
        day = local_date(parsed.publish)
        slug = self._slug(parsed, day)
        post = self._find(parsed, day, slug)
        self._check_unclaimed(post, (day, slug))
        outcome = "created" if post is None else "updated"
        old_url = None if post is None else unquote(post.get_absolute_url())
        post = post or Post()
        self._fill(post, parsed, slug)
        if rendered is not None:
            post.set_rendered(rendered)
        previous_header = post.header_image.name or None
        if header is None:
            post.header_image = None
        elif previous_header and stored_digest(previous_header) == header.digest:
            header = None  # the same image as last time: keep the stored one
        self._validate(post)
        if not self.dry_run:
            self._write(post, parsed, header, previous_header, old_url)
        else:
            post.render()  # what the linked files are read from
        self.linked.copy(post, post_file)
        self._claim(post_file.path, post, (day, slug))
        return outcome

    def _fill(self, post, parsed, slug):
        post.title = parsed.title
        post.subtitle = parsed.subtitle
        post.slug = slug
        if parsed.author not in self.authors:
            self.authors[parsed.author] = author_named(parsed.author, create=not self.dry_run)
        post.author = self.authors[parsed.author]
        post.body = parsed.body
        post.summary = parsed.summary
        post.publish = parsed.publish
        post.status = Post.Status.PUBLISHED if parsed.published else Post.Status.DRAFT
        post.hidden = parsed.hidden
        post.header_mask = parsed.header_mask
        post.header_image_url = parsed.header_image_url

    def _validate(self, post):
        try:
            # The author was just read or made (a dry run's is not saved): no query to check it.
            exclude = ["header_image", "author"]
            # The header mask's range, the one constraint, was checked when the file was read.
            post.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as exc:
            raise JekyllError(_validation_text(exc)) from None

    def _write(self, post, parsed, header, previous_header, old_url):
        try:
            if header is not None:
                with open(header.path, "rb") as fh:
                    post.header_image = File(fh, name=header.path.name)
                    save_post(post)  # cleans the image and makes its variants, like an upload
            else:
                save_post(post)
            set_tags(post, parsed.tags, new=old_url is None, known=self.tags)
            old_paths = list(parsed.old_paths)
            if old_url and old_url != unquote(post.get_absolute_url()):
                old_paths.append(old_url)  # the post moved: its previous address keeps working
            for old in record_old_urls(post, old_paths):
                self.note(parsed.path, f"old URL {old} already redirects to another post; left as it is", 1)
        except BaseException:
            if header is not None and post.header_image and post.header_image.name != previous_header:
                # The new header was stored before something failed: remove it again.
                images.delete_variants(post.header_image_variants)
                default_storage.delete(post.header_image.name)
            raise
        if previous_header and previous_header != post.header_image.name:
            transaction.on_commit(lambda: default_storage.delete(previous_header))
