"""Exact invalidation: each kind of change shows on every page that shows what it changed, at
once, and every page that does not show it stays a hit.

The site: D (two years ago, its own author, no tags), then A (tag ai), B (ai, web), C (web), one
day apart, newest last. Neighbours run D - A - B - C; related posts go through shared tags.
"""

import pytest
import time_machine
from django.utils import timezone

from blog.models import Author, Page, Post
from blog.writing.posts import save_post
from blog.writing.tags import set_tags

from ..helpers import local

NOW = local(2030, 3, 10, 12, 0)


def x_cache(response):
    return response.headers.get("X-Cache")


@pytest.fixture
def site(make_post, author):
    with time_machine.travel(NOW, tick=False):
        other = Author.objects.create(name="Other Writer", slug="other")
        day = timezone.timedelta(days=1)
        posts = {
            "D": make_post(title="Post D", publish=NOW - 730 * day, author=other),
            "A": make_post(title="Post A", publish=NOW - 3 * day, tags=["ai"]),
            "B": make_post(title="Post B", publish=NOW - 2 * day, tags=["ai", "web"]),
            "C": make_post(title="Post C", publish=NOW - 1 * day, tags=["web"]),
        }
        Page.objects.create(slug="about", title="About me", body="Hello.")
        yield posts


def pages(site):
    urls = {name: post.get_absolute_url() for name, post in site.items()}
    return {
        **urls,
        "home": "/",
        "tag ai": "/tags/ai/",
        "tag web": "/tags/web/",
        "tags": "/tags/",
        "archive": "/archive/",
        "year 2030": "/2030/",
        "year 2028": "/2028/",
        "feed": "/feed/",
        "about": "/about/",
        "author other": "/authors/other/",
        "search": "/search/?q=Post",
    }


def warm(client, urls):
    for url in urls.values():
        client.get(url)
    for name, url in urls.items():
        assert x_cache(client.get(url)) == "hit", name


def after_change(client, urls):
    """{name: (X-Cache, html)} for every page, right after a change."""
    result = {}
    for name, url in urls.items():
        response = client.get(url)
        result[name] = (x_cache(response), response.content.decode() if response.status_code == 200 else "")
    return result


def assert_only(result, changed):
    """The pages in ``changed`` were rebuilt; every other page is still a hit."""
    missed = {name for name, (state, _html) in result.items() if state != "hit"}
    assert missed == set(changed), sorted(missed ^ set(changed))


@time_machine.travel(NOW, tick=False)
def test_a_title_edit_rebuilds_the_pages_showing_the_post_and_no_other(client, site):
    urls = pages(site)
    warm(client, urls)
    post = site["B"]
    post.title = "Post B, retitled"
    save_post(post)
    result = after_change(client, urls)
    # Its page, its neighbours' (A next, C previous), the related-posts blocks of A and C (shared
    # tags), every list and feed it is on, the tags page (which lists every tag's posts), and
    # the search.
    shown = {"B", "A", "C", "home", "tag ai", "tag web", "tags", "archive", "year 2030", "feed", "search"}
    assert_only(result, shown)
    for name in shown - {"search"}:
        assert "Post B, retitled" in result[name][1], name


@time_machine.travel(NOW, tick=False)
def test_an_unpublished_post_vanishes_everywhere_at_once(client, site):
    urls = pages(site)
    warm(client, urls)
    post = site["B"]
    post.status = Post.Status.DRAFT
    save_post(post)
    result = after_change(client, urls)
    assert client.get(urls["B"]).status_code == 404
    for name, (_state, html) in result.items():
        assert "Post B" not in html, name
    # A's next post is now C, and C's previous is A.
    assert "Post C" in result["A"][1] and "Post A" in result["C"][1]
    assert result["D"][0] == "hit" and result["about"][0] == "hit" and result["author other"][0] == "hit"


@time_machine.travel(NOW, tick=False)
def test_a_deleted_post_vanishes_and_unrelated_pages_stay(client, site):
    urls = pages(site)
    warm(client, urls)
    site["C"].delete()
    result = after_change(client, urls)
    for name, (_state, html) in result.items():
        assert "Post C" not in html, name
    # Its page, its neighbour's, the related-posts block of B (web), the lists it was on, the tag
    # cloud (web is used once less), and the date archives' links (its day has no post left).
    assert_only(result, {"C", "B", "home", "tag web", "tags", "archive", "year 2030", "year 2028", "feed", "search"})


@time_machine.travel(NOW, tick=False)
def test_a_new_tag_shows_on_its_post_the_tag_cloud_and_its_lists(client, site):
    urls = pages(site)
    warm(client, urls)
    set_tags(site["D"], ["ai"])
    result = after_change(client, urls)
    assert 'href="/tags/ai/"' in result["D"][1]
    assert "Post D" in result["tag ai"][1]
    # D now shares a tag with A and B: their related-posts blocks may show it. C (web only) and
    # the pages not listing tags stay.
    assert_only(
        result, {"D", "A", "B", "tag ai", "tags", "home", "archive", "year 2028", "author other", "feed", "search"}
    )
    assert result["C"][0] == "hit" and result["about"][0] == "hit"


@time_machine.travel(NOW, tick=False)
def test_a_renamed_tag_shows_where_it_is_shown(client, site):
    urls = pages(site)
    warm(client, urls)
    tag = site["A"].tags.get(slug="ai")
    tag.name = "Machine minds"
    tag.save()
    result = after_change(client, urls)
    for name in ("A", "B", "home", "tag ai", "tags"):
        assert "Machine minds" in result[name][1], name
    assert result["C"][0] == "hit" and result["D"][0] == "hit" and result["about"][0] == "hit"


@time_machine.travel(NOW, tick=False)
def test_an_author_and_a_page_change_only_their_pages(client, site):
    urls = pages(site)
    warm(client, urls)
    other = Author.objects.get(slug="other")
    other.name = "Renamed Writer"
    other.save()
    result = after_change(client, urls)
    assert "Renamed Writer" in result["D"][1] and "Renamed Writer" in result["author other"][1]
    assert_only(result, {"D", "author other", "year 2028", "archive", "feed", "home"} & set(result) - {"archive"})
    page = Page.objects.get(slug="about")
    page.title = "About this blog"
    page.save()
    result = after_change(client, urls)
    assert "About this blog" in result["about"][1]
    assert_only(result, {"about", "home"})  # the home sidebar's About box


def test_a_scheduled_post_goes_live_where_it_belongs(client, site, make_post):
    with time_machine.travel(NOW, tick=False):
        scheduled = make_post(title="Post E", publish=NOW + timezone.timedelta(hours=1), tags=["web"])
        urls = pages(site)
        warm(client, urls)
    with time_machine.travel(NOW + timezone.timedelta(hours=1), tick=False):
        result = after_change(client, urls)
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        for name in ("home", "tag web", "archive", "feed"):
            assert "Post E" in result[name][1], name
        assert "Post E" in result["C"][1]  # C's next post
        assert result["D"][0] == "hit" and result["A"][0] == "hit" and result["about"][0] == "hit"


@time_machine.travel(NOW, tick=False)
def test_moving_a_post_in_time_rebuilds_its_old_and_new_neighbours(client, site):
    urls = pages(site)
    warm(client, urls)
    post = site["C"]
    post.publish = NOW - timezone.timedelta(days=731)  # now before D
    save_post(post)
    result = after_change(client, urls)
    assert client.get(urls["C"]).status_code == 404  # its address moved with its date
    assert 'rel="next"' not in result["B"][1]  # B is the newest now (C is still a related post)
    assert "Post C" in result["D"][1]  # D's previous post
    assert result["A"][0] == "hit" and result["about"][0] == "hit"
