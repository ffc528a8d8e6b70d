"""Pinned posts lead the first page of the home list in the editor's order, marked as pinned;
everywhere else they keep their date place; every change shows at once on cached pages."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from blog.models import Post
from blog.writing import pins
from blog.writing.posts import save_post, set_state

from ..helpers import local

NOW = local(2025, 7, 1, 0, 30)  # just after midnight in Shanghai: the previous day in UTC


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def titles(html):
    """Post titles of a list page, in order."""
    return re.findall(r'<h2 class="post-title">\s*<a href="[^"]+">([^<]+)</a>\s*</h2>', html)


def pinned_titles(html):
    """Titles of the previews marked as pinned."""
    previews = html.split('<article class="post-preview">')[1:]
    return [titles(preview)[0] for preview in previews if 'class="pinned-marker"' in preview]


def page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def hours(n):
    return timedelta(hours=n)


def dated_posts(make_post, count, prefix="帖子"):
    """``count`` posts an hour apart, the first the newest."""
    return [make_post(title=f"{prefix} {i:02d}", publish=NOW - hours(i + 1)) for i in range(count)]


def pin(post, order=None):
    post.pinned, post.pin_order = True, order
    return save_post(post)


def test_pinned_posts_lead_the_first_page_in_the_editors_order(client, make_post, clock):
    posts = dated_posts(make_post, 6)
    pin(posts[5], order=1)  # the oldest, first
    pin(posts[3], order=2)
    pin(posts[1])  # no number: after the numbered ones
    pin(posts[4])  # no number, older than posts[1]: after it
    html = page(client)
    expected_lead = [posts[5].title, posts[3].title, posts[1].title, posts[4].title]
    assert titles(html)[:4] == expected_lead
    assert pinned_titles(html) == expected_lead
    assert titles(html)[4:] == [posts[0].title, posts[2].title]
    assert html.count('class="pinned-marker"') == 4


def test_the_pinned_marker_says_pinned_in_both_languages(client, make_post, clock):
    pin(make_post(title="置顶的文章"))
    assert '<p class="pinned-marker"><span>置顶</span></p>' in page(client)
    client.cookies["django_language"] = "en"
    assert '<p class="pinned-marker"><span>Pinned</span></p>' in page(client)


@pytest.mark.parametrize("pinned_count", [1, 3, 10, 12])
def test_later_pages_neither_repeat_nor_skip_a_post(client, make_post, clock, pinned_count):
    """23 posts, 10 a page; every third post pinned, oldest first (so from every page of the
    date order, and with 12 more than a page's worth)."""
    posts = dated_posts(make_post, 23)
    chosen = (posts[::-1] * 2)[::3][:pinned_count] if pinned_count <= 8 else posts[::-1][:pinned_count]
    for n, post in enumerate(chosen, 1):
        pin(post, order=n)
    seen = []
    for number in (1, 2, 3):
        html = page(client, f"/?page={number}")
        assert f"第 {number} 页，共 3 页" in html
        seen += titles(html)
        assert len(titles(html)) == (10 if number < 3 else 3)
    assert client.get("/?page=4").status_code == 404
    lead = [post.title for post in chosen]
    rest = [post.title for post in posts if post not in chosen]
    assert seen == lead + rest  # each post once: the pinned ones first, then newest first
    assert pinned_titles(page(client, "/?page=2")) == lead[10:]


def test_pinned_posts_keep_their_date_place_elsewhere(client, make_post, clock):
    old = make_post(title="Old pinned 置顶", publish=NOW - hours(48), tags=["AI"])
    new = make_post(title="Newer post", publish=NOW - hours(1), tags=["AI"])
    pin(old, order=1)
    assert titles(page(client))[:2] == [old.title, new.title]
    for url in ("/tags/ai/", "/2025/", "/2025/06/", "/authors/tester/", "/search/?q=post"):
        html = page(client, url)
        assert 'class="pinned-marker"' not in html, url
        if "search" not in url:
            assert html.index(new.title) < html.index(old.title), url
    for url in ("/feed/", "/feed/atom/", "/tags/ai/feed/"):
        xml = page(client, url)
        assert xml.index(new.title) < xml.index("Old pinned"), url
        assert "pinned-marker" not in xml


def test_hidden_and_unpublished_pinned_posts_are_not_on_the_home_page(client, make_post, clock):
    make_post(title="Listed post")
    hidden = make_post(title="Hidden pinned", hidden=True)
    hidden.pinned = True
    save_post(hidden)
    pin(make_post(title="Draft pinned", status=Post.Status.DRAFT))
    pin(make_post(title="Scheduled pinned", publish=NOW + hours(2)))
    html = page(client)
    assert titles(html) == ["Listed post"]
    assert 'class="pinned-marker"' not in html
    assert client.get("/?page=2").status_code == 404


def test_unpinning_shows_at_once_on_the_cached_home_page(client, make_post, clock):
    posts = dated_posts(make_post, 3)
    pin(posts[2])
    assert pinned_titles(page(client)) == [posts[2].title]
    assert client.get("/").headers["X-Cache"] == "hit"
    pins.unpin([Post.objects.get(pk=posts[2].pk)])
    response = client.get("/")
    assert response.headers["X-Cache"] == "miss"
    assert pinned_titles(response.content.decode()) == []
    assert titles(response.content.decode()) == [post.title for post in posts]


def test_unpublishing_a_pinned_post_takes_it_off_every_cached_page(client, make_post, clock):
    keep = make_post(title="Stays", tags=["AI"], publish=NOW - hours(1))
    pinned = pin(make_post(title="Pinned then drafted", tags=["AI"], publish=NOW - hours(30)))
    urls = ["/", "/tags/ai/", "/2025/06/", "/feed/", pinned.get_absolute_url()]
    for url in urls:
        assert "Pinned then drafted" in page(client, url)
        assert client.get(url).headers["X-Cache"] == "hit"
    set_state(Post.objects.get(pk=pinned.pk), Post.Status.DRAFT)
    for url in urls[:-1]:
        html = page(client, url)
        assert "Pinned then drafted" not in html and keep.title in html, url
    assert client.get(pinned.get_absolute_url()).status_code == 404


def test_a_pinned_scheduled_post_appears_pinned_when_it_goes_live(client, make_post, clock):
    """The next-change horizon (Post.objects.next_publication) renews the cached home page and
    the pinned posts figure at the post's time, with no write."""
    make_post(title="Already out", publish=NOW - hours(1))
    goes_live = NOW + hours(1)
    pin(make_post(title="Pinned and scheduled", publish=goes_live), order=1)
    assert pinned_titles(page(client)) == []
    assert client.get("/").headers["X-Cache"] == "hit"
    clock.move_to(goes_live - timedelta(seconds=1))
    assert "Pinned and scheduled" not in page(client)
    clock.move_to(goes_live + timedelta(seconds=1))
    html = page(client)
    assert pinned_titles(html) == ["Pinned and scheduled"]
    assert titles(html) == ["Pinned and scheduled", "Already out"]
    anonymous = Client()
    assert pinned_titles(page(anonymous)) == ["Pinned and scheduled"]
