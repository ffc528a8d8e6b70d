"""/sitemap.xml (an index), its sections and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from blog.models import Post

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    return {el.findtext(f"{NS}loc"): el.findtext(f"{NS}lastmod") for el in root}


def everything(client):
    urls = {}
    for section in locations(client, "/sitemap.xml"):
        urls.update(locations(client, section.replace("http://testserver", "")))
    return urls


def test_index_lists_every_section(client, seed):
    sections = locations(client, "/sitemap.xml")
    assert set(sections) == {
        f"http://testserver/sitemap-{name}.xml"
        for name in ("static", "posts", "pages", "tags", "series", "authors", "archives")
    }


def test_sitemap_has_posts_with_lastmod_tags_archives_and_pages(client, seed):
    urls = everything(client)
    assert urls["http://testserver/2025/06/19/105626/"].startswith("2025-06-1")
    for url in (
        "/",
        "/archive/",
        "/tags/",
        "/tags/ai/",
        "/tags/deepseek/",
        "/2025/",
        "/2025/06/",
        "/about/",
        "/authors/agent-eric/",
    ):
        assert f"http://testserver{url}" in urls, url


def test_drafts_future_posts_and_their_tags_are_absent(client, make_post):
    make_post(title="Live", slug="live", tags=["公开"])
    make_post(
        title="Draft",
        slug="draft",
        status=Post.Status.DRAFT,
        tags=["草稿"],
        publish=timezone.now() - timezone.timedelta(days=400),
    )
    make_post(title="Future", slug="future", publish=timezone.now() + timezone.timedelta(days=400), tags=["未来"])
    urls = " ".join(everything(client))
    assert "/live/" in urls
    assert "/draft/" not in urls and "/future/" not in urls
    assert "%E5%85%AC%E5%BC%80" in urls  # 公开
    assert "%E8%8D%89%E7%A8%BF" not in urls and "%E6%9C%AA%E6%9D%A5" not in urls
    year_of_draft = (timezone.now() - timezone.timedelta(days=400)).year
    if year_of_draft != timezone.now().year:
        assert f"http://testserver/{year_of_draft}/" not in urls


def test_sitemap_uses_site_url_when_set(client, seed, settings):
    settings.BLOG = {**settings.BLOG, "SITE_URL": "https://blog.example.com/"}
    assert "https://blog.example.com/2025/06/19/105626/" in locations(client, "/sitemap-posts.xml")


@pytest.mark.parametrize("url", ["/sitemap-nope.xml", "/sitemap-posts.xml?p=2", "/sitemap-posts.xml?p=x"])
def test_unknown_section_or_page_is_404(client, seed, url):
    assert client.get(url).status_code == 404


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /search/?\n" in text and "Disallow: /lang/" in text


def test_index_tells_when_posts_last_changed(client, seed, make_post):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    lastmods = {el.findtext(f"{NS}loc"): el.findtext(f"{NS}lastmod") for el in root}
    assert lastmods["http://testserver/sitemap-posts.xml"].startswith("2025-06-1")
    make_post(status=Post.Status.DRAFT)  # a draft changes nothing public
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert {el.findtext(f"{NS}loc"): el.findtext(f"{NS}lastmod") for el in root} == lastmods


@pytest.mark.parametrize("drafts_changed_after", [0, 3, 60])
def test_the_index_lastmod_is_the_newest_change_of_a_published_post(client, make_post, drafts_changed_after):
    """Read from the posts changed last; when every one of those is a draft, from all posts."""
    now = timezone.now().replace(microsecond=0)
    # The post changed last is not the newest one.
    edited = make_post(publish=now - timezone.timedelta(days=30))
    newest = make_post(publish=now - timezone.timedelta(days=20))
    Post.objects.filter(pk=edited.pk).update(updated=now - timezone.timedelta(days=2))
    Post.objects.filter(pk=newest.pk).update(updated=now - timezone.timedelta(days=19))
    for n in range(drafts_changed_after):
        draft = make_post(status=Post.Status.DRAFT, publish=now + timezone.timedelta(days=1))
        Post.objects.filter(pk=draft.pk).update(updated=now - timezone.timedelta(minutes=n))
    lastmod = locations(client, "/sitemap.xml")["http://testserver/sitemap-posts.xml"]
    assert lastmod.startswith((now - timezone.timedelta(days=2)).date().isoformat()), lastmod


def test_series_and_authors_are_listed_only_with_a_published_post(client, make_post, author):
    from blog.models import Author, Series

    shown = Series.objects.create(name="有文章的系列", slug="shown")
    hidden = Series.objects.create(name="Only drafts", slug="only-drafts")
    make_post(series=shown)
    make_post(series=hidden, status=Post.Status.DRAFT)
    silent = Author.objects.create(name="Nobody Yet", slug="nobody-yet")
    make_post(author=silent, status=Post.Status.DRAFT)
    urls = everything(client)
    assert any("/series/shown/" in url for url in urls)
    assert not any("/series/only-drafts/" in url for url in urls)
    assert any(f"/authors/{author.slug}/" in url for url in urls), urls
    assert not any("/authors/nobody-yet/" in url for url in urls)
