"""python manage.py import_disqus EXPORT.xml: comments in from a Disqus XML export
(``jekyll.disqus`` does the work; this command parses the arguments and prints the summary)."""

from django.core.management.base import BaseCommand, CommandError

from jekyll.disqus import DisqusError, DisqusImporter


class Command(BaseCommand):
    help = (
        "Import comments from a Disqus XML export. Each Disqus thread is attached to the post at its old "
        "address (the Jekyll URLs import_jekyll kept, or our permalinks); deleted comments are left out, spam "
        "stays spam. Importing again updates the same comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", metavar="EXPORT.xml", help="the XML file Disqus's export sent you")
        parser.add_argument("--dry-run", action="store_true", help="read and match everything, change nothing")

    def handle(self, *args, export, dry_run=False, **options):
        try:
            summary = DisqusImporter(dry_run=dry_run).run(export)
        except DisqusError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] > 0:
            self._report(summary, dry_run)

    def _report(self, summary, dry_run):
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {summary.created + summary.updated} comments ({summary.created} new, {summary.updated} updated, "
            f"{summary.spam} spam) on {len(summary.posts)} posts; {summary.deleted_skipped} deleted comments left out."
        )
        self.stdout.write(f"Threads matched to posts: {summary.threads_matched}.")
        if summary.unmatched:
            total = sum(count for _link, count in summary.unmatched)
            self.stderr.write(f"{total} comments in {len(summary.unmatched)} threads matched no post:")
            for link, count in summary.unmatched:
                self.stderr.write(f"  {link} ({count} comments)")
