"""python manage.py import_jekyll PATH [PATH ...]: move a Jekyll (Hux Blog) site in.

Each PATH is a post file or a folder: a Jekyll site root (its ``_posts/``, and ``_drafts/`` as
drafts) or any folder of Markdown posts, searched recursively. The work is ``jekyll.importer``'s;
this command parses the arguments, shows progress and prints the summary.
"""

import os
import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from blog.writing.liquid import config_held, refresh_later, stored_liquid_errors
from jekyll.errors import JekyllError
from jekyll.importer import Importer, Skip
from jekyll.page_importer import PageImporter, PageSkipped
from jekyll.pages import find_pages
from jekyll.site import find_posts
from pagecache import invalidation


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
            help="time zone of dates written without an offset "
            "(default: _config.yml's timezone, then the site's TIME_ZONE)",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, change nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, author=None, zone_name=None, dry_run=False, no_progress=False, **options):
        self.verbosity = options["verbosity"]
        self.traceback = options.get("traceback")
        try:
            files = find_posts(paths)
            pages = find_pages(paths)
        except JekyllError as exc:
            raise CommandError(str(exc)) from None
        importer = Importer(
            dry_run=dry_run, default_author=(author or "").strip() or None, zone=_zone(zone_name), note=self._note
        )
        page_importer = PageImporter(dry_run=dry_run, note=self._note)
        stream = getattr(self.stderr, "_out", sys.stderr)
        show_bar = not no_progress and self.verbosity > 0 and hasattr(stream, "isatty") and stream.isatty()
        # Documents that read other posts or pages (site.posts, post_url, links) render once
        # more at the end, when everything is in; their Liquid errors are told then. Each file
        # still commits (and reaches the page cache) alone, as "everything changed": no file's
        # dependency keys are worked out, as every page may show an imported post.
        with refresh_later(), invalidation.bulk():
            for site in {p.site.root.resolve(): p.site for p in [*files, *pages]}.values():
                importer.site_liquid(site)
            with config_held():
                page_counts = self._import_pages(page_importer, pages, importer)
                counts = self._import_posts(importer, files, stream, show_bar)
        liquid_errors = self._liquid_errors([*page_importer.documents, *importer.documents], dry_run)
        if self.verbosity > 0:
            summary = _summary(counts, len(files), importer.assets, dry_run)
            self.stdout.write(summary + _pages_summary(page_counts, importer, liquid_errors))
            if importer.applied.summary(dry_run):
                self.stdout.write(importer.applied.summary(dry_run))
        failed = counts["failed"] + page_counts["failed"]
        if failed:
            raise CommandError(f"{failed} of {len(files) + len(pages)} files could not be imported (reasons above).")

    def _import_posts(self, importer, files, stream, show_bar):
        counts = {"created": 0, "updated": 0, "failed": 0, "skipped": 0}
        with tqdm(
            total=len(files), unit="file", desc="Importing", file=stream, disable=not show_bar, dynamic_ncols=True
        ) as bar:
            for post_file in files:
                counts[self._import(importer, post_file)] += 1
                bar.update(1)
        return counts

    def _liquid_errors(self, documents, dry_run):
        """Tell which imported documents show their Liquid as written, and why; how many."""
        if not dry_run:
            errors = stored_liquid_errors([document for _, document in documents])
            for _, document in documents:
                document.liquid_error = errors.get((type(document), document.pk), "")
        count = 0
        for path, document in documents:
            if document.liquid_error:
                count += 1
                self._note(path, f"Liquid not rendered, shown as written: {document.liquid_error}", 1)
        return count

    def _import(self, importer, post_file):
        """One file; what became of it ("created", "updated", "failed", "skipped")."""
        try:
            outcome = importer.import_file(post_file)
        except Skip as exc:
            self._note(post_file.path, f"skipped: {exc}", 2)
            return "skipped"
        except JekyllError as exc:
            self._error(post_file.path, str(exc))
            return "failed"
        except Exception as exc:  # one bad file must not stop the others
            if self.traceback:
                raise
            self._error(post_file.path, f"{type(exc).__name__}: {exc}")
            return "failed"
        if self.verbosity >= 2:
            self._write(self.stdout, f"{outcome}: {post_file.path}")
        return outcome

    def _import_pages(self, page_importer, pages, importer):
        """Each page; counts of what became of them ("skipped" lists the theme's pages)."""
        counts = {"created": 0, "updated": 0, "failed": 0, "skipped": []}
        for page_file in pages:
            try:
                counts[page_importer.import_page(page_file, importer.site_liquid(page_file.site))] += 1
            except PageSkipped as exc:
                counts["skipped"].append(page_file.relative)
                self._note(page_file.path, f"skipped: {exc}", 2)
            except JekyllError as exc:
                counts["failed"] += 1
                self._error(page_file.path, str(exc))
        return counts

    # --- Output that does not tear the progress bar -----------------------------------------
    def _write(self, out, message, style=None):
        with tqdm.external_write_mode(file=getattr(self.stderr, "_out", None)):
            out.write(message, style_func=style)

    def _error(self, path, reason):
        self._write(self.stderr, f"{os.fspath(path)}: {reason}")

    def _note(self, path, message, level):
        if self.verbosity >= level:
            self._write(self.stderr, f"{os.fspath(path)}: note: {message}", self.style.WARNING)


def _zone(name):
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(f"unknown time zone {name!r}") from None


def _summary(counts, files, assets, dry_run):
    summary = f"{counts['created']} created, {counts['updated']} updated, {counts['failed']} failed ({files} files"
    if counts["skipped"]:
        summary += f", {counts['skipped']} skipped as Jekyll does not make posts of them (-v 2 says why)"
    summary += ")"
    if assets:
        summary += f"; {assets} linked images copied"
    if dry_run:
        summary = f"Dry run, nothing was changed: would be {summary}"
    return summary + "."


def _pages_summary(counts, importer, liquid_errors):
    """`` Pages: 2 created, 0 updated; theme pages skipped: index.html, tags.html.``"""
    text = ""
    if counts["created"] or counts["updated"] or counts["failed"]:
        text += f" Pages: {counts['created']} created, {counts['updated']} updated, {counts['failed']} failed."
    if counts["skipped"]:
        text += f" Theme pages skipped (the blog has its own): {', '.join(counts['skipped'])}."
    includes = sum(site.includes for site in importer.sites.values())
    if includes:
        text += f" {includes} includes imported."
    if liquid_errors:
        text += f" Liquid could not be rendered in {liquid_errors} posts or pages: they show it as written (see above)."
    return text
