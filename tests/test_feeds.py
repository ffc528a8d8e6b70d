"""/feed/ (RSS 2.0), /feed/atom/ and /tags/<slug>/feed/: the latest 20
published posts, full sanitized HTML with absolute links, tags as categories."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from blog.feeds import absolutize
from blog.models import Post

from .pagehtml import elements

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel").findall("item")


def test_rss_carries_the_seed_in_full(client, seed):
    response = feed(client, "/feed/")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Eric Blog"
    assert channel.findtext("link") == "http://testserver/"
    (item,) = channel.findall("item")
    assert item.findtext("title") == seed.title
    assert item.findtext("link") == "http://testserver/2025/06/19/105626/"
    assert item.findtext("guid") == "http://testserver/2025/06/19/105626/"
    description = item.findtext("description")
    assert "<strong>开源不等于不赚钱</strong>" in description
    assert "主导下一代智能范式" in description  # the whole body, not a summary
    assert 'href="http://testserver/2025/06/19/105626/#商业版销售"' in description
    assert sorted(c.text for c in item.findall("category")) == ["AI", "DEEPSEEK"]
    assert parsedate_to_datetime(item.findtext("pubDate")) == seed.publish


def test_atom_has_summary_and_full_content(client, seed):
    response = feed(client, "/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == seed.title
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/2025/06/19/105626/"
    assert entry.findtext(f"{ATOM}summary") == seed.excerpt
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<blockquote>" in content.text
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"AI", "DEEPSEEK"}
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Agent Eric"


def test_relative_links_and_images_become_absolute(client, make_post):
    make_post(
        title="Links",
        body="[home](/about/) [rel](other/) [ext](https://example.org/x?a=1&b=2) [mail](mailto:a@b.c)\n\n![pic](/media/p.png)",
    )
    description = rss_items(feed(client, "/feed/"))[0].findtext("description")
    assert 'href="http://testserver/about/"' in description
    assert 'href="http://testserver/' in description and "/other/" in description
    assert 'href="https://example.org/x?a=1&amp;b=2"' in description
    assert 'href="mailto:a@b.c"' in description
    assert 'src="http://testserver/media/p.png"' in description


def test_absolutize_leaves_absolute_urls_and_fixes_fragments():
    html = '<a href="#x">a</a><img src="/i.png" alt=""><a href="https://x.org/">b</a><a href="?q=1&amp;r=2">c</a>'
    out = absolutize(html, "https://blog.example/2025/06/19/p/")
    assert 'href="https://blog.example/2025/06/19/p/#x"' in out
    assert 'src="https://blog.example/i.png"' in out and 'href="https://x.org/"' in out
    assert 'href="https://blog.example/2025/06/19/p/?q=1&amp;r=2"' in out


def test_feeds_hold_the_latest_twenty_published_posts(client, make_post):
    now = timezone.now()
    for i in range(25):
        make_post(title=f"Item {i:02d}", publish=now - timezone.timedelta(hours=i + 1), tags=["AI"])
    make_post(title="Draft item", status=Post.Status.DRAFT, tags=["AI"])
    make_post(title="Future item", publish=now + timezone.timedelta(hours=1), tags=["AI"])
    make_post(title="Hidden item", hidden=True, publish=now - timezone.timedelta(minutes=1), tags=["AI"])
    for url in ("/feed/", "/tags/ai/feed/"):
        titles = [item.findtext("title") for item in rss_items(feed(client, url))]
        assert len(titles) == 20
        assert titles[0] == "Hidden item" and titles[1] == "Item 00" and "Item 19" not in titles
        assert "Draft item" not in titles and "Future item" not in titles
    entries = ET.fromstring(feed(client, "/feed/atom/").content).findall(f"{ATOM}entry")
    assert len(entries) == 20


def test_tag_feed_has_only_that_tag(client, make_post):
    make_post(title="Tagged", tags=["机器学习"])
    make_post(title="Other", tags=["其他"])
    response = feed(client, "/tags/机器学习/feed/")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "机器学习 - Eric Blog"
    assert [i.findtext("title") for i in channel.findall("item")] == ["Tagged"]


@pytest.mark.parametrize("url", ["/tags/none/feed/", "/feed/rss/", "/feed/atom/x/"])
def test_unknown_feeds_are_404(client, seed, url):
    feed(client, url, status=404)


def test_empty_blog_has_an_empty_feed(client, db):
    assert rss_items(feed(client, "/feed/")) == []


@pytest.mark.parametrize("url", ["/", "/2025/06/19/105626/", "/tags/", "/archive/", "/search/", "/about/", "/no-such/"])
def test_every_page_announces_the_feeds(client, seed, url):
    html = client.get(url).content.decode()
    assert elements(html, "link", rel="alternate", type="application/rss+xml", href="/feed/")
    assert elements(html, "link", rel="alternate", type="application/atom+xml", href="/feed/atom/")


def test_feed_urls_use_site_url_when_set(client, seed, settings):
    settings.BLOG = {**settings.BLOG, "SITE_URL": "https://blog.example.com"}
    item = rss_items(feed(client, "/feed/"))[0]
    assert item.findtext("link") == "https://blog.example.com/2025/06/19/105626/"
    assert 'href="https://blog.example.com/2025/06/19/105626/#商业版销售"' in item.findtext("description")
