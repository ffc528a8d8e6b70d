#!/usr/bin/env python3
"""What pinned posts and series cost: the queries behind the home page (its pinned lead, its
later pages) and a part's series box, with 10,000 posts, page cache off.

    python bench/pinned_series.py        # from the repository root (or .venv/bin/python)

Runs on its own: test settings, a throwaway SQLite database filled by ``seed_demo``, no server.
For each case it prints the milliseconds of a page with the figures cold (the pinned posts and
the series parts computed) and warm, the number of SQL queries, and the query plan of the list
queries. Prints figures; asserts nothing (query counts are asserted in tests/reading/).
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS = int(os.environ.get("BENCH_POSTS", "10000"))
RUNS = 20


def setup():
    sys.path.insert(0, str(ROOT))
    from page_weight import use_project_python  # the same re-run under .venv

    use_project_python()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    workdir = tempfile.mkdtemp(prefix="blog-pinned-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/pinned.sqlite3"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", POSTS, "--random-seed", "1", verbosity=0)
    return workdir


def timed(client, url, cold):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pagecache.figures import forget_local

    best, count = None, 0
    for _ in range(RUNS):
        if cold:
            cache.clear()
            forget_local()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        best = elapsed if best is None else min(best, elapsed)
        count = len(ctx.captured_queries)
    return best, count


def plan(queryset):
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "; ".join(row[-1] for row in cursor.fetchall())


def report(client, label, urls):
    print(label)
    for url in urls:
        cold, cold_queries = timed(client, url, cold=True)
        warm, warm_queries = timed(client, url, cold=False)
        print(f"  {url:42} cold {cold:7.1f} ms ({cold_queries} queries)   warm {warm:6.1f} ms ({warm_queries} queries)")


def pin_and_group():
    """Pin 5 old posts; put 12 posts in a series. Returns a part's URL and the series'."""
    from blog.models import Post, Series
    from blog.writing import pins
    from blog.writing.series import place_in_series

    oldest = list(Post.objects.listed().order_by("publish")[:5])
    pins.pin(oldest)
    series = Series.objects.create(name="基准系列", slug="bench-series")
    parts = list(Post.objects.published().order_by("-publish")[100:112])
    for n, post in enumerate(parts, 1):
        place_in_series(post, series, n)
    return parts[5].get_absolute_url(), series.get_absolute_url()


def main():
    workdir = setup()
    from django.test import Client

    from blog.models import Post
    from blog.reading.views.common import post_list

    client = Client(HTTP_HOST="localhost")
    try:
        print(f"{POSTS:,} posts, SQLite, page cache off; best of {RUNS}")
        report(client, "No pinned post, no series", ["/", "/?page=2", "/?page=500"])
        part, series = pin_and_group()
        report(client, "5 pinned posts, a series of 12", ["/", "/?page=2", "/?page=500", part, series])
        ids = list(Post.objects.filter(pinned=True).values_list("pk", flat=True))
        print("Query plans")
        print("  pinned posts:   ", plan(Post.objects.listed().pinned()))
        print("  home, unpinned: ", plan(post_list(Post.objects.listed()).exclude(pk__in=ids)[5:15]))
        print("  home, before:   ", plan(post_list(Post.objects.listed())[10:20]))
        print("  series parts:   ", plan(Post.objects.published().in_series(1)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
