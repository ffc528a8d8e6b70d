"""python manage.py rerender: render every saved post, page and author bio again
with the current Markdown pipeline (blog.writing.rerender), e.g. after an upgrade."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from blog.writing.rerender import rerender, total


class Command(BaseCommand):
    help = "Render the HTML of every saved post, page and author bio again; only what changes is written."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would change, write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, dry_run=False, no_progress=False, **options):
        stream = getattr(self.stderr, "_out", sys.stderr)
        show = not no_progress and options["verbosity"] > 0 and hasattr(stream, "isatty") and stream.isatty()
        with tqdm(total=total(), unit="item", desc="Rendering", file=stream, disable=not show) as bar:
            counts = rerender(dry_run=dry_run, step=lambda kind: bar.update(1))
        parts = [f"{c.changed} of {c.seen} {kind}" for kind, c in counts.items()]
        verb = "would change" if dry_run else "re-rendered with changes"
        if options["verbosity"] > 0:
            self.stdout.write(f"{verb.capitalize()}: " + ", ".join(parts) + ".")
