"""python manage.py export_jekyll DIR: every post out as a Jekyll (Hux Blog) site
(``jekyll.exporter`` does the work; this command parses the argument and prints the summary)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.models import Comment
from jekyll.exporter import Exporter


class Command(BaseCommand):
    help = (
        "Write every post as a Jekyll / Hux Blog post: DIR/_posts/YYYY-MM-DD-slug.md (or the file it was "
        "imported from) with Hux front matter, header images in DIR/img/posts/ and linked media beside them; "
        "pages at their files with permalink: their URL, the imported _includes/, _config.yml and _data/. "
        "Existing files of the same name are overwritten; nothing else in DIR is touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", metavar="DIR", help="folder to write the site into (created if missing)")

    def handle(self, *args, dir, **options):
        root = Path(dir).expanduser()
        if root.exists() and not root.is_dir():
            raise CommandError(f"{root} exists and is not a folder")
        exporter = Exporter(root)
        counts = exporter.export()
        for message in exporter.failures:
            self.stderr.write(message)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Exported {sum(counts.values())} posts ({counts['published']} published, "
                f"{counts['scheduled']} scheduled, {counts['draft']} drafts), "
                f"{exporter.pages} pages, {len(exporter.includes)} includes "
                f"and {len(exporter.copied)} images to {root}."
            )
            self.stdout.write(
                f"Comments are not exported ({Comment.objects.count()} stay in the blog): a Jekyll site has none."
            )
        if exporter.failures:
            raise CommandError(f"{len(exporter.failures)} files could not be copied (see above).")
