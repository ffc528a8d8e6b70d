"""<head> of every page: title, description, canonical, Open Graph, Twitter
card and JSON-LD BlogPosting on posts."""

import json

import pytest

from blog.reading import seo

from ..pagehtml import elements, meta, parse

SEED_URL = "/2025/06/19/105626/"


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def canonical(html):
    links = elements(html, "link", rel="canonical")
    return links[0]["href"] if links else None


def json_ld(html):
    blocks = [text for attrs, text in parse(html).scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_post_head(client, seed):
    html = head(client, SEED_URL)
    assert "<title>Deepseek那么厉害,为什么要开源 - Eric Blog</title>" in html
    assert meta(html, "description").startswith("前言：国外的模型都闭源")
    assert canonical(html) == "http://testserver/2025/06/19/105626/"
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == seed.title
    assert meta(html, "og:url") == canonical(html)
    assert meta(html, "og:image") == "http://testserver/static/img/post-bg-2015.jpg"
    assert meta(html, "og:locale") == "zh_Hans"
    assert meta(html, "article:published_time") == "2025-06-19T00:00:00+08:00"
    assert {a["content"] for a in elements(html, "meta", property="article:tag")} == {"AI", "DEEPSEEK"}
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:image") == meta(html, "og:image")


def test_post_json_ld_blogposting(client, seed):
    data = json_ld(head(client, SEED_URL))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == seed.title and data["alternativeHeadline"] == seed.subtitle
    assert data["url"] == data["mainEntityOfPage"]["@id"] == "http://testserver/2025/06/19/105626/"
    assert data["datePublished"] == "2025-06-19T00:00:00+08:00"
    assert data["author"] == {"@type": "Person", "name": "Agent Eric", "url": "http://testserver/authors/agent-eric/"}
    assert data["image"] == ["http://testserver/static/img/post-bg-2015.jpg"]
    assert data["wordCount"] == seed.word_count and data["timeRequired"] == "PT4M"
    assert sorted(data["keywords"]) == ["AI", "DEEPSEEK"]


def test_json_ld_cannot_be_closed_by_a_title(client, make_post):
    post = make_post(title="</script><script>alert(1)</script> & more")
    html = head(client, post.get_absolute_url())
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["headline"] == post.title


@pytest.mark.parametrize(
    "url,title",
    [
        ("/", "<title>Eric Blog</title>"),
        ("/tags/", "<title>标签 - Eric Blog</title>"),
        ("/tags/ai/", "<title>AI - Eric Blog</title>"),
        ("/archive/", "<title>归档 - Eric Blog</title>"),
        ("/2025/06/", "<title>2025年6月归档 - Eric Blog</title>"),
        ("/authors/agent-eric/", "<title>Agent Eric - Eric Blog</title>"),
        ("/about/", "<title>关于 - Eric Blog</title>"),
    ],
)
def test_every_page_has_title_description_canonical_and_cards(client, seed, url, title):
    html = head(client, url)
    assert title in html
    assert meta(html, "description")
    assert canonical(html) == f"http://testserver{url}"
    assert meta(html, "og:title") and meta(html, "og:description") and meta(html, "og:image").startswith("http")
    assert meta(html, "twitter:card") == "summary_large_image"


def test_home_describes_the_site_with_a_search_action(client, seed):
    html = head(client, "/")
    assert meta(html, "description") == "记录与思考"
    data = json_ld(html)
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/search/?q={search_term_string}"


def test_page_two_is_its_own_canonical_page(client, make_post):
    for _ in range(11):
        make_post()
    assert canonical(head(client, "/?page=2")) == "http://testserver/?page=2"
    assert canonical(head(client, "/?page=1")) == "http://testserver/"
    assert canonical(head(client, "/?utm_source=x")) == "http://testserver/"


def test_search_results_are_not_indexed_the_search_page_is(client, seed):
    html = head(client, "/search/?q=开源")
    assert meta(html, "robots") == "noindex, follow" and canonical(html) is None
    assert "<title>搜索：开源 - Eric Blog</title>" in html
    for empty in ("/search/?q=", "/search/?q=%20"):
        assert meta(head(client, empty), "robots") == "noindex, follow"
    page = head(client, "/search/")
    assert meta(page, "robots") is None and canonical(page) == "http://testserver/search/"


def test_site_url_decides_absolute_addresses(client, seed, settings):
    settings.BLOG = {**settings.BLOG, "SITE_URL": "https://blog.example.com"}
    html = head(client, SEED_URL)
    assert canonical(html) == "https://blog.example.com/2025/06/19/105626/"
    assert meta(html, "og:image") == "https://blog.example.com/static/img/post-bg-2015.jpg"
    assert json_ld(html)["author"]["url"] == "https://blog.example.com/authors/agent-eric/"


def test_https_request_gives_https_addresses(client, seed):
    html = client.get(SEED_URL, secure=True).content.decode()
    assert canonical(html) == "https://testserver/2025/06/19/105626/"


def test_external_header_image_is_the_card_image(client, make_post):
    post = make_post(header_image_url="https://cdn.example/banner.jpg")
    assert meta(head(client, post.get_absolute_url()), "og:image") == "https://cdn.example/banner.jpg"


def test_description_is_one_short_line():
    assert seo.describe("<p>a\n\n  b</p>") == "a b"
    assert len(seo.describe("字" * 500)) == seo.DESCRIPTION_LENGTH


def test_description_of_html_is_escaped_once(client, db):
    from blog.models import Page

    Page.objects.create(slug="links", title="Links", body="Tom & Jerry <3")
    html = client.get("/links/").content.decode()
    assert '<meta name="description" content="Tom &amp; Jerry &lt;3"' in html
