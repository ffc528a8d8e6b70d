"""Saving what ``posts.read_post`` read: each file in its own transaction, through the blog's
own ``save_post``; a re-import updates the post it made before instead of making a second."""

from dataclasses import dataclass
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from blog.content import characters, images
from blog.content.kramdown.options import from_kramdown_config
from blog.models import LegacyURL, Post
from blog.querysets import local_date
from blog.writing.authors import author_named
from blog.writing.legacy import record_old_urls
from blog.writing.liquid import json_safe, reading_files
from blog.writing.posts import save_post
from blog.writing.tags import set_tags

from . import extras
from .assets import LinkedFiles, cleaned_upload, digest, stored_digest
from .errors import JekyllError
from .frontmatter import has_front_matter, read_text
from .liquidsite import SiteLiquid
from .permalinks import our_shape
from .posts import read_post
from .site import HTML_EXTENSIONS

MAX_AUTHOR = 100  # Author.name's length
UNKNOWN = object()  # a post not looked up


def _liquid_source(post_file, parsed):
    """``(front matter, path in the site)``: what ``page.*``, relative links and
    include_relative read; the front matter over the site's ``defaults:``, as Jekyll's page.* has it."""
    try:
        relative = post_file.path.resolve().relative_to(post_file.site.root.resolve()).as_posix()
    except ValueError:
        relative = f"_posts/{post_file.path.name}"
    return json_safe(parsed.front_matter), relative[:500]


class Skip(Exception):
    """A file that is not a post (no front matter) found while scanning a folder."""


def _validation_text(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


@dataclass
class Header:
    """A header image file of the site, cleaned with its variants (before the post's
    transaction), and the digest of its cleaned bytes."""

    path: object
    digest: str
    cleaned: object


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
        self.markdown_options = {}  # site root -> its kramdown: options, read (and reported) once
        self.applied = extras.Applied()  # pinned posts and series parts, for the summary
        self.series_data = {}  # site root -> what its _data/series.yml says
        self.sites = {}  # site root -> its SiteLiquid, imported once per run
        self.documents = []  # (file, post) of every post saved, whose Liquid errors are told at the end
        # Authors and tags by name, as committed by earlier files of this run (a file that rolls
        # back teaches nothing): each name is looked up once.
        self.authors = {}
        self.tags = {}

    def site_liquid(self, site):
        """The site's _config.yml, _data/ and _includes/, moved in the first time it is seen."""
        root = site.root.resolve()
        if root not in self.sites:
            self.sites[root] = SiteLiquid(site, self.note, dry_run=self.dry_run)
            with transaction.atomic():
                self.sites[root].import_all()
        return self.sites[root]

    @property
    def assets(self):
        return self.linked.copied

    def import_file(self, post_file):
        if post_file.in_posts and not post_file.explicit:
            suffix = post_file.path.suffix.lower()
            if suffix not in post_file.site.markdown_extensions | HTML_EXTENSIONS:
                raise Skip(f"a {suffix or 'plain'} file: Jekyll copies it out as it is, not as a Markdown or HTML post")
        text = read_text(post_file.path)
        if not (post_file.explicit or post_file.in_posts) and not has_front_matter(text):
            raise Skip("no front matter (Jekyll treats it as a static file)")
        parsed = read_post(
            post_file,
            self.site_zone,
            default_author=self.default_author,
            zone=self.zone,
            mtime=post_file.path.stat().st_mtime,
            text=text,
        )
        for message in parsed.notes + parsed.extras.notes:
            self.note(post_file.path, message, 1)
        if parsed.extras.pinned and parsed.hidden:
            self.note(post_file.path, "pinned and hidden: it stays off the home page while it is hidden", 1)
        if parsed.ignored_keys:
            self.note(post_file.path, "ignored front matter: " + ", ".join(parsed.ignored_keys), 2)
        if len(parsed.author) > MAX_AUTHOR:
            raise JekyllError(f"author name is longer than {MAX_AUTHOR} characters")
        header = self._read_header(parsed)
        source = _liquid_source(post_file, parsed)
        with transaction.atomic(), reading_files(self.site_liquid(post_file.site)):
            outcome, post = self._save(post_file, parsed, header, source)
        self.documents.append((post_file.path, post))
        self.applied.add(parsed.extras)
        if parsed.extras.describe():
            self.note(post_file.path, parsed.extras.describe(), 2)
        return outcome

    def _read_header(self, parsed):
        if parsed.header_image is None:
            return None
        try:
            cleaned = cleaned_upload(parsed.header_image, variants=not self.dry_run)
            header = Header(parsed.header_image, digest(cleaned.read()), cleaned)
            cleaned.seek(0)
            return header
        except ValueError as exc:
            raise JekyllError(f"header image {parsed.header_image.name}: {exc}") from None

    # --- Which post -----------------------------------------------------------------------
    def _slugs(self, parsed):
        """The slugs the post may take, best first: its own; when another file has it on the
        same day (``a/_posts/`` and ``b/_posts/`` both have 2020-01-07-same.md), its categories
        in front (``b-same``); then numbered. A slug from the model (e.g. "2014-10-12-.md" with a
        Chinese title) is numbered."""
        base = parsed.slug or Post(title=parsed.title, publish=parsed.publish).default_slug()
        yield base
        if parsed.fixed_slug:
            return  # written as a /yyyy/mm/dd/slug/ permalink: no other address will do
        if parsed.slug and parsed.categories:
            base = slugify("-".join(parsed.categories + [base]), allow_unicode=True)[:200]
            yield base
        for n in range(2, 1000):
            yield f"{base}-{n}"

    def _slug(self, parsed, day):
        """``(slug, the post at that address now)``; the post is ``UNKNOWN`` when not read."""
        slug, other = None, UNKNOWN
        for slug in self._slugs(parsed):
            if (day, slug) in self.claimed:
                other = UNKNOWN
                continue
            other = Post.objects.at(day, slug).first()
            if other is None or not self._another_files(other, parsed):
                return slug, other
        return slug, other  # the last one; its clash is reported as such

    def _another_files(self, post, parsed):
        """Is ``post`` the post of another file of the site, not the one ``parsed`` was read from?"""
        held = set(post.legacy_urls.values_list("path", flat=True))
        if not held or held & set(parsed.jekyll_urls):
            return False  # made here, or this file's own
        ours = set(parsed.identity_paths)
        for path in held - ours:
            if any(path != bare and path.endswith(bare) for bare in parsed.uncategorized_urls):
                return True  # the same date and name, under other categories
        return bool(held & set(parsed.uncategorized_urls))  # the same name without categories

    def _find(self, parsed, day, slug, at_address):
        """The post this file updates, best first: the one its Jekyll URL leads to (a previous
        import of this very file), the one at its address, the one an old URL of the file
        leads to; a draft without a date by its slug (it has a new date at each import)."""
        by_path = self._old_url_posts(parsed)
        post = next((by_path[path] for path in sorted(by_path) if path in parsed.jekyll_urls), None)
        if post is None:
            post = Post.objects.at(day, slug).first() if at_address is UNKNOWN else at_address
        if post is None:
            post = next((by_path[path] for path in sorted(by_path) if path in parsed.identity_paths), None)
        if post is None and not parsed.dated:
            post = Post.objects.drafts().filter(slug=slug).order_by("pk").first()
        return post

    def _old_url_posts(self, parsed):
        """``{old URL: post}`` for this file's Jekyll and identity URLs, of posts not claimed by
        another file of this run (one query; the claimed ones are left out here, not in SQL,
        where their list grows with the run)."""
        paths = set(parsed.jekyll_urls) | set(parsed.identity_paths)
        if not paths:
            return {}
        rows = LegacyURL.objects.filter(path__in=paths).select_related("post")
        return {row.path: row.post for row in rows if row.post_id not in self.claimed}

    @staticmethod
    def _another_posts_permalink(path, post, taken):
        """Is ``path`` where another post lives now? (It answers there already: not an old URL.)
        ``taken`` remembers the addresses asked about (a post's old URLs share them)."""
        shape = our_shape(path)
        if not shape:
            return False
        address = shape[:2]
        if address not in taken:
            taken[address] = Post.objects.at(*address).exclude(pk=post.pk).exists()
        return taken[address]

    def _check_unclaimed(self, post, target):
        for key in (target, post.pk if post else None):
            if key is not None and key in self.claimed:
                raise JekyllError(f"same post as {self.claimed[key]}, imported just before")

    def _claim(self, path, post, target):
        self.claimed[target] = path
        if post.pk:
            self.claimed[post.pk] = path

    def _markdown_options(self, site):
        """The site's kramdown: options from _config.yml, saying which apply and which do not."""
        if site.root not in self.markdown_options:
            config = site.config.get("kramdown")
            options, applied, ignored = from_kramdown_config(config if isinstance(config, dict) else {})
            where = site.root / "_config.yml"
            if applied:
                self.note(where, "kramdown options applied: " + ", ".join(f"{k}: {config[k]}" for k in applied), 1)
            for name, reason in ignored:
                self.note(where, f"kramdown option {name} not applied: {reason}", 1)
            self.markdown_options[site.root] = options
        return self.markdown_options[site.root]

    # --- Saving ----------------------------------------------------------------------------
    def _save(self, post_file, parsed, header, source):
        day = local_date(parsed.publish)
        slug, at_address = self._slug(parsed, day)
        post = self._find(parsed, day, slug, at_address)
        self._check_unclaimed(post, (day, slug))
        outcome = "created" if post is None else "updated"
        old_url = None if post is None else unquote(post.get_absolute_url())
        post = post or Post()
        self._fill(post, parsed, slug, source)
        post.markdown_options = self._markdown_options(post_file.site)
        extras.fill(post, parsed.extras, self._series_data(post_file), create=not self.dry_run)
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
        return outcome, post

    def _fill(self, post, parsed, slug, source):
        post.title = parsed.title
        post.subtitle = parsed.subtitle
        post.slug = slug
        post.author = self._author(characters.storable(parsed.author))
        post.body = parsed.body
        post.summary = parsed.summary
        post.publish = parsed.publish
        post.status = Post.Status.PUBLISHED if parsed.published else Post.Status.DRAFT
        post.hidden = parsed.hidden
        post.header_mask = parsed.header_mask
        post.header_image_url = parsed.header_image_url
        post.front_matter, post.source_path = source
        post.liquid = post.front_matter.get("render_with_liquid") is not False

    def _author(self, name):
        if name in self.authors:
            return self.authors[name]
        author = author_named(name, create=not self.dry_run)
        if author.pk:
            transaction.on_commit(lambda: self.authors.setdefault(name, author))
        return author

    def _series_data(self, post_file):
        root = post_file.site.root
        if root not in self.series_data:
            self.series_data[root], notes = extras.read_series_data(post_file.site)
            for message in notes:
                self.note(root.joinpath(*extras.DATA_FILE), message, 1)
        return self.series_data[root]

    def _validate(self, post):
        try:
            # An author not saved yet (a dry run) or committed earlier in this run needs no check.
            known = post.author.pk is None or self.authors.get(post.author.name) is post.author
            exclude = ["header_image"] + (["author"] if known else [])
            post.full_clean(exclude=exclude)
        except ValidationError as exc:
            raise JekyllError(_validation_text(exc)) from None

    def _write(self, post, parsed, header, previous_header, old_url):
        try:
            if header is not None:
                post.header_image = header.cleaned  # cleaned and resized before the transaction
            save_post(post)
            tags = set_tags(post, parsed.tags, known=self.tags)
            transaction.on_commit(lambda: self.tags.update(tags))
            taken = {}  # (day, slug) -> is another post there?
            old_paths = [path for path in parsed.old_paths if not self._another_posts_permalink(path, post, taken)]
            if old_url and old_url != unquote(post.get_absolute_url()):
                old_paths.append(old_url)  # the post moved: its previous address keeps working
            for old in record_old_urls(post, old_paths):
                if old not in parsed.likely_urls:
                    self.note(parsed.path, f"old URL {old} already redirects to another post; left as it is", 1)
        except BaseException:
            if header is not None and post.header_image and post.header_image.name != previous_header:
                # The new header was stored before something failed: remove it again.
                images.delete_variants(post.header_image_variants)
                default_storage.delete(post.header_image.name)
            raise
        if previous_header and previous_header != post.header_image.name:
            transaction.on_commit(lambda: default_storage.delete(previous_header))
