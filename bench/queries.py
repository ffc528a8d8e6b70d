"""SQL queries per page, counted in-process (Django test client, page cache off).

Run by bench/run.py against the bench database; prints one JSON object:
{"urls": {...name: path}, "queries": {...name: count or null for a 404}}.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_PAGE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from blog.models import Post  # noqa: E402


def bench_urls():
    """The pages the bench loads: the seed post and one of its tags."""
    seed = Post.objects.published().filter(slug="105626").first() or Post.objects.published().first()
    tag = seed.tags.order_by("name").first() if seed else None
    return {
        "home": "/",
        "post": seed.get_absolute_url() if seed else "/",
        "tag": f"/tags/{tag.slug}/" if tag else "/tags/none/",
        "archive": "/archive/",
        "search": "/search/?q=开源",
    }


def mix_urls(count=50):
    """The save-under-load scenario's pages: the home page and four more, 30 posts, tags, the
    archives, searches and feeds: ``count`` URLs, and the slugs of the posts among them."""
    from django.utils import timezone

    posts = list(Post.objects.published().order_by("-publish")[:30])
    tags = list(Post.tags.through.tag_model().objects.filter(pk__in=Post.objects.published().values("tags"))[:5])
    now = timezone.localtime()
    urls = ["/", "/?page=2", "/?page=3", "/?page=4", "/?page=5", "/archive/", "/tags/", "/feed/", "/feed/atom/"]
    urls += [post.get_absolute_url() for post in posts]
    urls += [f"/tags/{tag.slug}/" for tag in tags]
    urls += [f"/{now.year}/", f"/{now.year - 1}/", "/search/?q=开源", "/search/?q=cache", "/sitemap.xml", "/about/"]
    return urls[:count], [post.slug for post in posts]


def main():
    urls = bench_urls()
    client = Client()
    queries = {}
    for name, url in urls.items():
        client.get(url)  # warm up template and URL caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries[name] = len(captured.captured_queries) if response.status_code == 200 else None
    mix, slugs = mix_urls()
    info = {"urls": urls, "queries": queries, "posts": Post.objects.count(), "mix": mix, "slugs": slugs}
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    main()
