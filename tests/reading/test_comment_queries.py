"""Comments cost a constant number of SQL queries: a post page with 1 comment or 30 (threaded),
lists showing comment counts with 1 post or 30, cached figures warm or cold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Comment
from blog.writing import comments

from ..conftest import _clear_caches
from ..helpers import local

DAY = local(2025, 6, 19, 8, 0)


def queries(client, url, warm):
    if warm:
        client.get(url)
    else:
        _clear_caches()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_comments(post, count):
    """``count`` approved comments, every other one a reply to the one before."""
    previous = None
    for n in range(count):
        comment = Comment.objects.create(
            post=post,
            name=f"读者{n}",
            body=f"评论 {n}",
            status=Comment.Status.APPROVED,
            parent=previous if n % 2 else None,
            created=DAY + timezone.timedelta(hours=1, minutes=n),
        )
        previous = comment
    comments.recount(post.pk)


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "warm-cache"])
def test_query_counts_do_not_grow_with_comments_or_posts(client, make_post, settings, warm):
    settings.PAGE_CACHE = False  # count what a page costs to render
    first = make_post(title="第一篇", publish=DAY, tags=["AI"])
    add_comments(first, 1)
    pages = [first.get_absolute_url(), "/", "/tags/ai/", "/2025/06/19/", "/comments/feed/"]
    pages.append(f"{first.get_absolute_url()}comments/feed/")
    one = {url: queries(client, url, warm) for url in pages}
    add_comments(first, 29)
    for n in range(29):
        other = make_post(title=f"第 {n} 篇", publish=DAY + timezone.timedelta(minutes=n + 1), tags=["AI"])
        add_comments(other, 2)
    thirty = {url: queries(client, url, warm) for url in pages}
    assert one == thirty
    if warm:
        # The post and its tags; the thread comes from the figures. Lists read their counts
        # with their rows.
        assert thirty[first.get_absolute_url()] == 2 and thirty["/"] <= 4, thirty


def test_a_writers_own_comments_cost_one_query(client, make_post, settings):
    from ..comment_helpers import send_comment

    settings.PAGE_CACHE = False
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MODERATION": "all", "RATE": "0"}
    post = make_post(title="自己的评论", publish=DAY)
    add_comments(post, 3)
    send_comment(client, post, body="我的")
    url = post.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_comments(post, 20)
    for n in range(5):
        send_comment(client, post, body=f"我的 {n}")
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        assert "我的 4" in client.get(url).content.decode()
    assert len(few.captured_queries) == len(many.captured_queries) == 3
