"""Exact invalidation of what the newer models show: comments, series and pinned posts. Each
change shows on the pages that show it; pages that do not show it stay hits."""

import pytest
import time_machine
from django.utils import timezone

from blog.models import Comment, Page, Series
from blog.writing import comments
from blog.writing.posts import save_post

from ..helpers import local

NOW = local(2030, 3, 10, 12, 0)
DAY = timezone.timedelta(days=1)


def x_cache(response):
    return response.headers.get("X-Cache")


@pytest.fixture
def site(make_post):
    with time_machine.travel(NOW, tick=False):
        series = Series.objects.create(name="入门教程", slug="intro")
        posts = {
            "far": make_post(title="Far away", publish=NOW - 300 * DAY, tags=["misc"]),
            "one": make_post(title="Part one", publish=NOW - 3 * DAY, series=series, series_order=1),
            "two": make_post(title="Part two", publish=NOW - 2 * DAY, series=series, series_order=2),
            "new": make_post(title="Newest", publish=NOW - 1 * DAY),
        }
        Page.objects.create(slug="about", title="About", body="Hello.")
        yield posts, series


def warm(client, urls):
    for url in urls.values():
        client.get(url)
    for name, url in urls.items():
        assert x_cache(client.get(url)) == "hit", name


def missed(client, urls):
    """The pages no longer served from the cache, and the text of every page."""
    result = {name: client.get(url) for name, url in urls.items()}
    return {name for name, response in result.items() if x_cache(response) != "hit"}, {
        name: response.content.decode() for name, response in result.items()
    }


def urls_of(posts):
    return {
        **{name: post.get_absolute_url() for name, post in posts.items()},
        "home": "/",
        "series": "/series/intro/",
        "about": "/about/",
        "tag misc": "/tags/misc/",
    }


def comment_on(post, status, body="好文章"):
    return Comment.objects.create(post=post, name="读者", body=body, status=status)


@time_machine.travel(NOW, tick=False)
def test_a_held_comment_touches_nothing_and_its_approval_only_its_post(client, site):
    posts, _series = site
    urls = urls_of(posts)
    warm(client, urls)
    comment = comment_on(posts["far"], Comment.Status.PENDING)
    assert missed(client, urls)[0] == set()
    comments.set_status([comment], Comment.Status.APPROVED, "http://testserver")
    gone, html = missed(client, urls)
    # Its page (thread and count), the lists showing its count and its neighbour's page (which
    # links to it); no other page.
    assert gone == {"far", "home", "tag misc", "one"}, gone
    assert "好文章" in html["far"]


@time_machine.travel(NOW, tick=False)
def test_a_renamed_series_rebuilds_its_parts_and_its_page_only(client, site):
    posts, series = site
    urls = urls_of(posts)
    warm(client, urls)
    series.name = "进阶教程"
    series.save()
    gone, html = missed(client, urls)
    assert gone == {"one", "two", "series"}, gone
    assert all("进阶教程" in html[name] for name in gone)


@time_machine.travel(NOW, tick=False)
def test_a_part_retitled_shows_in_every_series_box(client, site):
    posts, _series = site
    urls = urls_of(posts)
    warm(client, urls)
    posts["two"].title = "Part two, revised"
    save_post(posts["two"])
    gone, html = missed(client, urls)
    assert {"one", "two", "series"} <= gone and not gone & {"far", "about", "tag misc"}, gone
    assert "Part two, revised" in html["one"] and "Part two, revised" in html["series"]


@time_machine.travel(NOW, tick=False)
def test_pinning_moves_the_post_to_the_head_of_the_home_page(client, site):
    posts, _series = site
    urls = urls_of(posts)
    warm(client, urls)
    far = posts["far"]
    far.pinned = True
    save_post(far)
    gone, html = missed(client, urls)
    assert "home" in gone and "about" not in gone and "series" not in gone, gone
    home = html["home"]
    assert home.index("Far away") < home.index("Newest")
    far.pinned = False
    save_post(far)
    gone, html = missed(client, urls)
    assert "home" in gone and html["home"].index("Newest") < html["home"].index("Far away")
