import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from blog.models import Post


class Command(BaseCommand):
    help = (
        "Load fixtures/seed.json into an empty blog. Skipped once the blog has posts, "
        "so `make run` never overwrites what was written in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even if posts exist (overwrites the seed objects)."
        )

    def handle(self, *args, force=False, **options):
        if Post.objects.exists() and not force:
            self.stdout.write("The blog has posts already; seed fixture not loaded.")
            return
        fixture = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
        with warnings.catch_warnings():
            # The seed's date is deliberately naive: it means midnight in the site's time zone.
            warnings.filterwarnings("ignore", message=r".*received a naive datetime", category=RuntimeWarning)
            call_command("loaddata", str(fixture), verbosity=options["verbosity"])
