"""The home page list: published, non-hidden, newest first, paginated."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Post

from ..conftest import _clear_caches


def test_home_lists_the_seed(client, seed):
    html = client.get("/").content.decode()
    assert seed.title in html
    assert seed.subtitle in html
    assert "Agent Eric" in html
    assert "2025-06-19" in html
    assert seed.excerpt[:20] in html
    assert 'href="/2025/06/19/105626/"' in html


def test_home_orders_newest_first_and_hides_what_it_must(client, make_post):
    now = timezone.now()
    old = make_post(title="Old one", publish=now - timezone.timedelta(days=2))
    new = make_post(title="New one", publish=now - timezone.timedelta(days=1))
    make_post(title="Hidden one", hidden=True)
    make_post(title="Draft one", status=Post.Status.DRAFT)
    make_post(title="Future one", publish=now + timezone.timedelta(days=1))
    html = client.get("/").content.decode()
    assert html.index(new.title) < html.index(old.title)
    for absent in ("Hidden one", "Draft one", "Future one"):
        assert absent not in html


def test_hidden_post_still_has_its_page(client, make_post):
    post = make_post(title="Hidden one", hidden=True)
    assert client.get(post.get_absolute_url()).status_code == 200


def test_pagination_ten_a_page(client, make_post):
    now = timezone.now()
    for i in range(23):
        make_post(title=f"Numbered {i:02d}", publish=now - timezone.timedelta(hours=i + 1))
    page1 = client.get("/").content.decode()
    assert page1.count('class="post-preview"') == 10
    assert "Numbered 00" in page1 and "Numbered 10" not in page1
    page3 = client.get("/?page=3").content.decode()
    assert page3.count('class="post-preview"') == 3
    assert "Numbered 22" in page3


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "1.5", "99999999999999999999"])
def test_bad_page_is_404(client, make_post, page):
    for _ in range(23):
        make_post()
    assert client.get(f"/?page={page}").status_code == 404


def test_empty_blog_home_is_200(client, db):
    assert client.get("/").status_code == 200


def count_queries(client, url):
    _clear_caches()  # cold: every figure computed
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_query_count_does_not_grow_with_posts(client, make_post):
    make_post(tags=["AI", "开源"])
    one = count_queries(client, "/")
    for i in range(29):
        make_post(tags=["AI", f"tag{i}", "开源"])
    thirty = count_queries(client, "/")
    assert one == thirty
    assert thirty <= 7  # cold: the page, its tags, and the figures (counts, tags, About, pinned posts)
