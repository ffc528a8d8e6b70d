"""Series: each published part shows the series box (name, "part N of M", every part linked, the
current one marked), readers never see drafts or scheduled parts, the series has a page and a
place in the sitemap, and every change shows at once on cached pages."""

import re
from datetime import timedelta

import pytest
import time_machine

from blog.models import Post, Series
from blog.writing.posts import save_post, set_state
from blog.writing.series import place_in_series

from ..helpers import local

NOW = local(2025, 7, 1, 23, 50)  # ten minutes before midnight in Shanghai, 15:50 UTC


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def hours(n):
    return timedelta(hours=n)


def box(html):
    """The series box of a page: (name, position text, [(title, url or None if current)])."""
    match = re.search(r'<nav class="series-box".*?</nav>', html, re.S)
    if match is None:
        return None
    nav = match.group(0)
    name = re.search(r'<span class="series-box-kicker">[^<]*</span>\s*<a href="[^"]+">([^<]+)</a>', nav).group(1)
    position = re.search(r'<span class="series-box-position">([^<]+)</span>', nav)
    parts = []
    for item in re.findall(r"<li>(.*?)</li>", nav, re.S):
        link = re.search(r'<a href="([^"]+)">([^<]+)</a>', item)
        current = re.search(r'<strong aria-current="page">([^<]+)</strong>', item)
        parts.append((link.group(2), link.group(1)) if link else (current.group(1), None))
    return name, position.group(1) if position else None, parts


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def rust(db):
    return Series.objects.create(name="Rust 入门", slug="rust-入门", description="从零开始学 **Rust**。")


def part(make_post, series, title, order=None, **fields):
    post = make_post(title=title, **fields)
    return place_in_series(post, series, order)


def test_every_part_shows_the_box_in_reading_order(client, make_post, rust, clock):
    # By number first, then the unnumbered parts by date, whatever the publish order.
    third = part(make_post, rust, "第三篇", publish=NOW - hours(30))
    first = part(make_post, rust, "第一篇", order=1, publish=NOW - hours(10))
    second = part(make_post, rust, "第二篇", order=2, publish=NOW - hours(50))
    fourth = part(make_post, rust, "第四篇", publish=NOW - hours(5))
    parts = [first, second, third, fourth]
    for n, post in enumerate(parts, 1):
        name, position, listed = box(page(client, post.get_absolute_url()))
        assert name == "Rust 入门"
        assert position == f"第 {n} 篇，共 4 篇"
        assert listed == [(p.title, None if p == post else p.get_absolute_url()) for p in parts]
    html = page(client, first.get_absolute_url())
    assert f'<a href="{rust.get_absolute_url()}">Rust 入门</a>' in html
    assert rust.get_absolute_url() == "/series/rust-%E5%85%A5%E9%97%A8/"


def test_the_box_in_english(client, make_post, rust, clock):
    post = part(make_post, rust, "Only part")
    client.cookies["django_language"] = "en"
    html = page(client, post.get_absolute_url())
    assert box(html)[1] == "Part 1 of 1"
    assert '<span class="series-box-kicker">Series</span>' in html


def test_a_post_outside_a_series_has_no_box(client, make_post, clock):
    assert box(page(client, make_post().get_absolute_url())) is None


def test_readers_never_see_drafts_or_scheduled_parts(client, make_post, rust, clock):
    one = part(make_post, rust, "Part one", order=1, publish=NOW - hours(3))
    part(make_post, rust, "Drafted part", order=2, status=Post.Status.DRAFT)
    # Scheduled for 00:10 tomorrow in Shanghai, still today in UTC.
    part(make_post, rust, "Scheduled part", order=3, publish=NOW + timedelta(minutes=20))
    four = part(make_post, rust, "Part four", order=4, publish=NOW - hours(1))
    for post, n in ((one, 1), (four, 2)):
        name, position, listed = box(page(client, post.get_absolute_url()))
        assert position == f"第 {n} 篇，共 2 篇"
        assert [title for title, _url in listed] == ["Part one", "Part four"]
    series_page = page(client, rust.get_absolute_url())
    assert "Drafted part" not in series_page and "Scheduled part" not in series_page


def test_a_staff_preview_lists_every_part_with_its_state(admin_client, make_post, rust, clock):
    part(make_post, rust, "Part one", order=1, publish=NOW - hours(3))
    draft = part(make_post, rust, "Drafted part", order=2, status=Post.Status.DRAFT, publish=NOW - hours(2))
    part(make_post, rust, "Scheduled part", order=3, publish=NOW + hours(2))
    html = page(admin_client, draft.get_absolute_url())
    name, position, listed = box(html)
    assert position == "第 2 篇，共 3 篇"
    assert [title for title, _url in listed] == ["Part one", "Drafted part", "Scheduled part"]
    assert '<span class="series-box-state">草稿</span>' in html
    assert '<span class="series-box-state">定时发布</span>' in html


def test_a_scheduled_part_joins_the_cached_boxes_when_it_goes_live(client, make_post, rust, clock):
    one = part(make_post, rust, "Part one", order=1, publish=NOW - hours(3))
    goes_live = NOW + timedelta(minutes=20)  # after midnight in Shanghai
    two = part(make_post, rust, "Part two", order=2, publish=goes_live)
    assert box(page(client, one.get_absolute_url()))[1] == "第 1 篇，共 1 篇"
    assert client.get(one.get_absolute_url()).headers["X-Cache"] == "hit"
    clock.move_to(goes_live + timedelta(seconds=1))
    assert box(page(client, one.get_absolute_url()))[2] == [("Part one", None), ("Part two", two.get_absolute_url())]
    assert two.get_absolute_url() == "/2025/07/02/part-two/"
    assert "Part two" in page(client, rust.get_absolute_url())


def test_changes_show_at_once_on_every_cached_part(client, make_post, rust, clock):
    one = part(make_post, rust, "Part one", order=1)
    two = part(make_post, rust, "Part two", order=2)
    for post in (one, two):
        page(client, post.get_absolute_url())
        assert client.get(post.get_absolute_url()).headers["X-Cache"] == "hit"
    rust.name = "Rust 从入门到放弃"
    rust.save()
    assert box(page(client, two.get_absolute_url()))[0] == "Rust 从入门到放弃"
    place_in_series(Post.objects.get(pk=two.pk), rust, 0)  # now the first part
    assert [t for t, _u in box(page(client, one.get_absolute_url()))[2]] == ["Part two", "Part one"]
    set_state(Post.objects.get(pk=two.pk), Post.Status.DRAFT)
    assert box(page(client, one.get_absolute_url()))[1] == "第 1 篇，共 1 篇"
    rust.delete()
    assert box(page(client, one.get_absolute_url())) is None
    assert Post.objects.get(pk=one.pk).series is None


def test_the_series_page_lists_its_parts_in_reading_order(client, make_post, rust, clock, settings):
    settings.BLOG = {**settings.BLOG, "PAGE_SIZE": 2}
    parts = [part(make_post, rust, f"Part {n}", order=n, publish=NOW - hours(n)) for n in (1, 2, 3)]
    html = page(client, rust.get_absolute_url())
    assert "从零开始学 <strong>Rust</strong>。" in html
    assert re.findall(r'<h2 class="post-title">\s*<a href="[^"]+">([^<]+)</a>', html) == ["Part 1", "Part 2"]
    assert '<ol class="post-list series-parts" start="1">' in html
    assert "共 3 篇" in html
    later = page(client, rust.get_absolute_url() + "?page=2")
    assert '<ol class="post-list series-parts" start="3">' in later
    assert re.findall(r'<h2 class="post-title">\s*<a href="([^"]+)">', later) == [parts[2].get_absolute_url()]
    assert "<title>Rust 入门 - " in html


def test_unknown_or_unpublished_series_are_404(client, make_post, rust, clock):
    assert client.get("/series/no-such-series/").status_code == 404
    assert client.get(rust.get_absolute_url()).status_code == 404  # no parts at all
    part(make_post, rust, "Drafted", status=Post.Status.DRAFT)
    part(make_post, rust, "Scheduled", publish=NOW + hours(1))
    assert client.get(rust.get_absolute_url()).status_code == 404


def test_series_in_the_sitemap_only_with_a_published_part(client, make_post, rust, clock):
    hidden = Series.objects.create(name="Only drafts", slug="only-drafts")
    part(make_post, hidden, "Draft", status=Post.Status.DRAFT)
    part(make_post, rust, "Public part")
    index = page(client, "/sitemap.xml")
    assert "http://testserver/sitemap-series.xml" in index
    xml = page(client, "/sitemap-series.xml")
    assert "<loc>http://testserver/series/rust-%E5%85%A5%E9%97%A8/</loc>" in xml
    assert "only-drafts" not in xml


def test_a_hidden_part_is_still_a_part(client, make_post, rust, clock):
    """Hidden keeps a post off the home page only."""
    one = part(make_post, rust, "Visible", order=1)
    two = part(make_post, rust, "Hidden one", order=2, hidden=True)
    assert box(page(client, one.get_absolute_url()))[2][1] == ("Hidden one", two.get_absolute_url())
    two.refresh_from_db()
    save_post(two)
    assert "Hidden one" not in page(client, "/")


def test_a_series_slug_from_any_name(db):
    assert Series.objects.create(name="Rust 入门：第一季").slug == "rust-入门第一季"
    emoji = Series.objects.create(name="🚀")
    assert emoji.slug.startswith("series-") and emoji.get_absolute_url() == f"/series/{emoji.slug}/"
