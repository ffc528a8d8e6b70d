#!/usr/bin/env python3
"""What comments cost a post page: render time (page cache off, figures warm and cold), HTML
size and SQL queries with 0, 10, 100 and 1,000 approved comments, and the time to post one.

    python bench/comments.py        # from the repository root (or .venv/bin/python)

Runs on its own: test settings, a throwaway SQLite database with the seed article, no server.
Prints figures; asserts nothing.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (0, 10, 100, 1000)
ROUNDS = 20


def add_comments(post, count):
    from blog.models import Comment
    from blog.writing.comments import recount

    start = post.comments.count()
    rows = [
        Comment(
            post=post,
            name=f"读者{n}",
            body=f"第 {n} 条评论：开源**不等于**不赚钱，见 https://example.com/{n}",
            body_html=f"<p>第 {n} 条评论：开源<strong>不等于</strong>不赚钱</p>",
            status=Comment.Status.APPROVED,
            created=timezone.now() - timezone.timedelta(minutes=count - n),
        )
        for n in range(start, count)
    ]
    Comment.objects.bulk_create(rows)
    recount(post.pk)
    from pagecache import version

    version.bump()


def timed(client, url, cold):
    times = []
    for _ in range(ROUNDS):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2] * 1000, response


def main():
    from django.conf import settings

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    settings.PAGE_CACHE = False
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "RATE": "0", "MIN_SECONDS": 0}
    call_command("load_seed", verbosity=0)
    from blog.models import Post

    post = Post.objects.get(slug="105626")
    url = post.get_absolute_url()
    client = Client()
    print(f"{'comments':>10}{'warm ms':>10}{'cold ms':>10}{'queries':>10}{'HTML bytes':>12}")
    for size in SIZES:
        add_comments(post, size)
        post.refresh_from_db()
        client.get(url)
        warm, response = timed(client, url, cold=False)
        cold, _ = timed(client, url, cold=True)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        print(f"{size:>10}{warm:>10.1f}{cold:>10.1f}{len(captured.captured_queries):>10}{len(response.content):>12,}")
    post_time(post)


def post_time(post):
    from tests.comment_helpers import send_comment

    client = Client()
    started = time.perf_counter()
    for n in range(ROUNDS):
        send_comment(client, post, body=f"计时评论 {n}", meta={"REMOTE_ADDR": f"203.0.113.{n + 1}"})
    print(
        f"Posting a comment (moderation 'first', no Akismet): {(time.perf_counter() - started) / ROUNDS * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
