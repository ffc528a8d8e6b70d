"""python manage.py forget_comment_addresses: drop the client address hash and browser of every
comment older than BLOG_COMMENTS_KEEP_ADDRESSES_DAYS (each comment's own deferred task does it
on time; this catches up, e.g. after the setting was lowered)."""

from django.core.management.base import BaseCommand

from blog.writing import privacy


class Command(BaseCommand):
    help = "Drop the kept client address hashes of comments older than the configured number of days."

    def handle(self, *args, **options):
        count = privacy.forget_old_addresses()
        if options["verbosity"] > 0:
            self.stdout.write(f"Forgot the addresses of {count} comments older than {privacy.keep_days()} days.")
