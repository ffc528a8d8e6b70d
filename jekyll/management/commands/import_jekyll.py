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

from jekyll import prepare
from jekyll.errors import JekyllError
from jekyll.importer import Importer, Skip
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
        except JekyllError as exc:
            raise CommandError(str(exc)) from None
        importer = Importer(
            dry_run=dry_run, default_author=(author or "").strip() or None, zone=_zone(zone_name), note=self._note
        )
        counts = {"created": 0, "updated": 0, "failed": 0, "skipped": 0}
        stream = getattr(self.stderr, "_out", sys.stderr)
        show_bar = not no_progress and self.verbosity > 0 and hasattr(stream, "isatty") and stream.isatty()
        bar = tqdm(
            total=len(files), unit="file", desc="Importing", file=stream, disable=not show_bar, dynamic_ncols=True
        )
        # Each file still commits (and is delivered to the page cache) alone; no file's
        # dependency keys are worked out, as every page may show an imported post.
        with bar, invalidation.bulk():
            for post_file, prepared in prepare.prepared(files, importer.options):
                counts[self._import(importer, post_file, prepared)] += 1
                bar.update(1)
        if self.verbosity > 0:
            self.stdout.write(_summary(counts, len(files), importer.assets, dry_run))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files could not be imported (reasons above).")

    def _import(self, importer, post_file, prepared=None):
        """One file; what became of it ("created", "updated", "failed", "skipped")."""
        try:
            outcome = importer.import_file(post_file, prepared)
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
        summary += f", {counts['skipped']} without front matter skipped"
    summary += ")"
    if assets:
        summary += f"; {assets} linked images copied"
    if dry_run:
        summary = f"Dry run, nothing was changed: would be {summary}"
    return summary + "."
