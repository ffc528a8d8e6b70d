"""Measure a move from Jekyll on real sites: python scripts/measure_jekyll_import.py SITE [SITE ...]

For each Jekyll site folder (kept outside the repository): ``jekyll build`` it (its theme's
layouts and plugins replaced by the tests' minimal post layout, so any theme builds), import the
site as it is into a fresh test database, then print: the posts Jekyll built, the posts imported,
the post URLs Jekyll wrote that answer here (200, or one 301 to a 200) and those that do not,
and a crawl from / (pages, 5xx, broken internal links).
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

BASE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")


def _buildable_copy(site, into):
    """The site with its theme's layouts and plugins taken out (Jekyll needs neither to write
    the posts), each post in the oracle's layout."""
    import yaml

    copy = into / site.name
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_site", ".git", "_layouts", "_includes"))
    config_path = copy / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) if config_path.exists() else {}
    for key in ("plugins", "gems", "whitelist", "theme", "remote_theme"):
        config.pop(key, None)
    config["defaults"] = list(config.get("defaults") or []) + [
        {"scope": {"path": "", "type": "posts"}, "values": {"layout": "post"}}
    ]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return copy, str(config.get("timezone") or "UTC")


def _answers(client, url):
    response = client.get(quote(url))
    if response.status_code == 301:
        return client.get(response["Location"]).status_code == 200
    return response.status_code == 200


def measure(site):
    from django.core.management import call_command

    from blog.models import Post
    from tests.jekyll.oracle import build
    from tests.jekyll.test_crawl import crawl

    with tempfile.TemporaryDirectory() as tmp:
        copy, zone = _buildable_copy(site, Path(tmp))
        written = build(copy, zone)
    Post.objects.all().delete()
    try:
        call_command("import_jekyll", str(site), no_progress=True, verbosity=1)
    except Exception as exc:  # a failed file ends the command with an error, after the others
        print(f"  import: {exc}")
    from django.test import Client

    client = Client()
    missing = [page.url for page in written if not _answers(client, page.url)]
    statuses, referrers = crawl(client)
    errors = {url: code for url, code in statuses.items() if code >= 500}
    broken = {url: referrers[url] for url, code in statuses.items() if 400 <= code < 500}
    print(f"{site}: Jekyll built {len(written)} posts; {Post.objects.count()} imported")
    print(f"  Jekyll's post URLs answering here: {len(written) - len(missing)} of {len(written)}")
    for url in missing:
        print(f"    does not answer: {url}")
    print(f"  crawl from /: {len(statuses)} URLs, {len(errors)} 5xx, {len(broken)} broken internal links")
    for url, referrer in list(broken.items())[:20]:
        print(f"    broken: {url} (linked from {referrer})")
    for url, code in errors.items():
        print(f"    {code}: {url}")


def main(sites):
    import django
    from django.test.utils import setup_databases, setup_test_environment

    django.setup()
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    for site in sites:
        measure(Path(site).resolve())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
