"""Pages at the paths a Jekyll site gave them, and a theme's list pages sent to the blog's own."""

import pytest

from blog.models import Page

from ..helpers import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    return {
        "html": Page.objects.create(slug="links", title="Links", path="/links.html", body="all my *links*"),
        "nested": Page.objects.create(slug="notes-x", title="X", path="/notes/x/", body="nested"),
        "chinese": Page.objects.create(slug="页面", title="中文", path="/页面/中文/", body="中文页面"),
        "bare": Page.objects.create(slug="about", title="About", path="/about", body="about"),
    }


@pytest.mark.parametrize("url", ["/links.html", "/notes/x/", "/%E9%A1%B5%E9%9D%A2/%E4%B8%AD%E6%96%87/", "/about"])
def test_a_page_answers_at_its_path(client, pages, url):
    html = get(client, url)
    assert "<article" in html


def test_the_page_shows_its_body_and_is_its_own_canonical(client, pages):
    html = get(client, "/links.html")
    assert "<em>links</em>" in html
    assert 'rel="canonical" href="http://testserver/links.html"' in html


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/links", "/links.html"),  # GitHub Pages served /links.html at /links too
        ("/notes/x", "/notes/x/"),
        ("/notes/x/index.html", "/notes/x/"),
        ("/about/", "/about"),  # the slug's address
        ("/about.html", "/about"),
    ],
)
def test_other_spellings_move_to_the_page(client, pages, url, target):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == target


def test_a_page_asked_for_by_its_slug_moves_to_its_path(client, pages):
    response = client.get("/links/")
    assert response.status_code == 301 and response["Location"] == "/links.html"


def test_page_urls_and_the_sitemap(client, pages):
    assert pages["chinese"].get_absolute_url() == "/%E9%A1%B5%E9%9D%A2/%E4%B8%AD%E6%96%87/"
    sitemap = get(client, "/sitemap-pages.xml")
    assert "http://testserver/links.html" in sitemap and "/notes/x/" in sitemap


def test_a_page_made_in_the_admin_lives_at_its_slug(client, db):
    page = Page.objects.create(slug="contact", title="Contact", body="hi")
    assert page.path == "/contact/" and page.get_absolute_url() == "/contact/"
    assert "hi" in get(client, "/contact/")


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/archive.html", "/archive/"),
        ("/archives/", "/archive/"),
        ("/tags.html", "/tags/"),
        ("/categories/", "/tags/"),
        ("/search.html", "/search/"),
        ("/index.html", "/"),
        ("/page2/", "/?page=2"),
        ("/page/3/", "/?page=3"),
    ],
)
def test_a_themes_list_pages_move_to_the_blogs(client, db, url, target):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == target


@pytest.mark.parametrize(
    "url", ["/nothing-here.html", "/page1/", "/a/archive.html", "/page0/", "/archive/?page=9", "/tags/nope/"]
)
def test_anything_else_is_still_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_a_404_costs_no_query_for_pages_once_their_paths_are_known(client, pages, django_assert_max_num_queries):
    client.get("/")
    client.get("/warm-up-404/")
    with django_assert_max_num_queries(1):  # the old-URL lookup only
        assert client.get("/no/such/page.html").status_code == 404
