"""Every public page costs the same number of SQL queries with 1 post as with
30, cold (empty cache) and warm; and no page ever shows a draft or a post
scheduled for later."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Page, Post

from ..conftest import _clear_caches
from ..helpers import local

DAY = local(2025, 6, 19, 8, 0)


def urls(first):
    return [
        "/",
        "/?page=1",
        first.get_absolute_url(),
        "/tags/",
        "/tags/ai/",
        "/archive/",
        "/2025/",
        "/2025/06/",
        "/2025/06/19/",
        "/authors/tester/",
        "/search/?q=开源",
        "/search/?q=",
        "/about/",
        "/feed/",
        "/feed/atom/",
        "/tags/ai/feed/",
        "/sitemap.xml",
        "/sitemap-posts.xml",
        "/sitemap-tags.xml",
        "/sitemap-archives.xml",
        "/robots.txt",
    ]


def queries(client, url, warm):
    if warm:
        client.get(url)
    else:
        _clear_caches()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_posts(make_post, count, start):
    return [
        make_post(
            title=f"开源 {start + i}",
            publish=DAY + timezone.timedelta(minutes=start + i),
            tags=["AI", f"single-{start + i}"],
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "warm-cache"])
def test_query_count_is_the_same_for_1_and_30_posts(client, make_post, warm):
    Page.objects.create(slug="about", title="About", body="Hi.")
    first = add_posts(make_post, 1, 0)[0]
    with time_machine_now():
        one = {url: queries(client, url, warm) for url in urls(first)}
        add_posts(make_post, 29, 1)
        thirty = {url: queries(client, url, warm) for url in urls(first)}
    assert one == thirty
    # And few: a cold day archive (its posts, its tags, the days around it) is the most.
    assert max(thirty.values()) <= 10, thirty
    if warm:
        assert thirty["/"] <= 4 and thirty["/archive/"] <= 2 and thirty["/tags/ai/"] <= 5, thirty


def test_uncached_pages_read_only_their_own_rows(client, make_post, settings):
    """Page cache off, site figures cached: a list is its posts and their tags,
    a post is itself and its tags, the archive and the tag's name come from
    the figures; the same with 1 post and with 30."""
    settings.PAGE_CACHE = False
    Page.objects.create(slug="about", title="About", body="Hi.")
    first = add_posts(make_post, 1, 0)[0]
    pages = ["/", first.get_absolute_url(), "/tags/ai/", "/archive/", "/search/?q=开源"]
    with time_machine_now():
        one = {url: queries(client, url, warm=True) for url in pages}
        add_posts(make_post, 29, 1)
        thirty = {url: queries(client, url, warm=True) for url in pages}
    assert one == thirty
    assert thirty == {"/": 2, first.get_absolute_url(): 2, "/tags/ai/": 2, "/archive/": 0, "/search/?q=开源": 2}


def time_machine_now():
    import time_machine

    return time_machine.travel(local(2025, 7, 1, 12, 0), tick=False)


def test_drafts_and_future_posts_appear_nowhere(client, make_post):
    import time_machine

    with time_machine.travel(local(2025, 7, 1, 12, 0), tick=False):
        live = make_post(title="Live 开源", tags=["AI", "公开"], publish=local(2025, 6, 19, 8, 0))
        make_post(title="Drafted 开源", tags=["AI", "草稿"], status=Post.Status.DRAFT, publish=local(2025, 6, 19, 9, 0))
        make_post(title="Scheduled 开源", tags=["AI", "定时"], publish=local(2025, 7, 1, 12, 30))
        make_post(title="Scheduled later 开源", tags=["AI"], publish=local(2026, 1, 1, 0, 0))
        pages = urls(live) + ["/sitemap-static.xml", "/sitemap-pages.xml", "/sitemap-authors.xml"]
        for url in pages:
            response = client.get(url)
            if url in ("/about/",):
                assert response.status_code == 404
                continue
            assert response.status_code == 200, url
            text = response.content.decode()
            for secret in ("Drafted", "Scheduled", "%E8%8D%89%E7%A8%BF", "%E5%AE%9A%E6%97%B6", "/2026/"):
                assert secret not in text, (url, secret)
        assert client.get("/tags/草稿/").status_code == 404
        assert client.get("/tags/定时/").status_code == 404
        assert client.get("/2026/").status_code == 404
        assert client.get("/2026/01/01/").status_code == 404


def add_series_parts(make_post, series, count, start):
    from blog.writing.series import place_in_series

    return [
        place_in_series(
            make_post(
                title=f"系列 {start + i}", publish=DAY + timezone.timedelta(hours=1, minutes=start + i), tags=["AI"]
            ),
            series,
            start + i,
        )
        for i in range(count)
    ]


def pin_posts(posts):
    from blog.writing import pins

    pins.pin(posts)


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "warm-cache"])
def test_query_count_is_the_same_with_more_pinned_posts_and_longer_series(client, make_post, warm):
    """1 pinned post, a series of 1 part and 1 other post; then 6 pinned, 30 parts, 30 others."""
    from blog.models import Series

    Page.objects.create(slug="about", title="About", body="Hi.")
    series = Series.objects.create(name="开源系列", slug="开源系列")
    first_part = add_series_parts(make_post, series, 1, 0)[0]
    others = add_posts(make_post, 2, 0)
    pin_posts(others[1:])
    pages = [*urls(others[0]), "/?page=2", first_part.get_absolute_url(), series.get_absolute_url()]
    pages += ["/sitemap-series.xml"]
    with time_machine_now():
        few = {url: queries(client, url, warm) for url in pages if url != "/?page=2"}
        add_series_parts(make_post, series, 29, 1)
        pin_posts(add_posts(make_post, 5, 2))
        add_posts(make_post, 25, 7)
        many = {url: queries(client, url, warm) for url in pages}
    assert many.pop("/?page=2") == many["/"]
    assert few == many
    assert max(many.values()) <= 10, many


def test_uncached_pages_with_pinned_posts_and_a_series_read_only_their_own_rows(client, make_post, settings):
    """Page cache off, figures cached: the pinned posts and the series box come from the figures."""
    from blog.models import Series

    settings.PAGE_CACHE = False
    series = Series.objects.create(name="开源系列", slug="open-series")
    part = add_series_parts(make_post, series, 3, 0)[1]
    pin_posts(add_posts(make_post, 3, 3))
    add_posts(make_post, 12, 6)
    pages = ["/", "/?page=2", part.get_absolute_url(), series.get_absolute_url()]
    with time_machine_now():
        counts = {url: queries(client, url, warm=True) for url in pages}
    assert counts == {"/": 2, "/?page=2": 2, part.get_absolute_url(): 2, series.get_absolute_url(): 3}
