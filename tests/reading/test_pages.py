"""The home page, the post page, About, error pages and the language switch."""

import io
import re

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from blog.models import Page, Post

from ..helpers import get, local
from ..pagehtml import elements, hrefs, parse

SEED_URL = "/2025/06/19/105626/"


def ago(**kwargs):
    return timezone.now() - timezone.timedelta(**kwargs)


# --- Home ------------------------------------------------------------------------------------
def test_home_has_banner_previews_and_sidebar(client, seed):
    html = get(client, "/")
    banner = elements(html, "img", class_="banner-img")
    assert banner and banner[0]["src"].endswith("img/home-bg.jpg")
    assert banner[0]["alt"] == ""  # decorative
    preview = re.search(r'<article class="post-preview">.*?</article>', html, re.S).group(0)
    for text in (seed.title, seed.subtitle, seed.excerpt[:30], "Agent Eric", "2025-06-19"):
        assert text in preview
    assert 'href="/tags/ai/"' in preview and 'href="/tags/deepseek/"' in preview
    # The sidebar: About from the About page, and the feed.
    sidebar = html[html.index('<aside class="sidebar"') : html.index("</aside>")]
    about = re.search(r"<h2>关于</h2>\s*<p>(.*?)</p>\s*<p>\s*<a href=\"([^\"]+)\">", sidebar, re.S)
    assert about, sidebar
    assert (
        about.group(1).startswith("你好，我是 Agent Eric。")
        and about.group(2) == Page.objects.get(slug="about").get_absolute_url()
    )
    assert 'href="/feed/"' in html


def test_featured_tags_are_tags_of_two_or_more_published_posts_by_count(client, make_post):
    for _ in range(3):
        make_post(tags=["Python"])
    make_post(tags=["开源", "Python"])
    make_post(tags=["开源"])
    make_post(tags=["单篇"])
    for _ in range(3):
        make_post(tags=["草稿标签"], status=Post.Status.DRAFT)
        make_post(tags=["未来标签"], publish=timezone.now() + timezone.timedelta(days=1))
    html = get(client, "/")
    sidebar = html[html.index('<aside class="sidebar"') :]
    featured = sidebar[: sidebar.index("</section>")]
    assert featured.index("Python") < featured.index("开源")
    assert '>Python <span class="count">4</span>' in featured
    for absent in ("单篇", "草稿标签", "未来标签"):
        assert absent not in featured


def test_home_without_about_page_still_renders(client, make_post):
    make_post()
    html = get(client, "/")
    assert settings.BLOG["DESCRIPTION"] in html


def test_home_pager_links_newer_and_older(client, make_post):
    for i in range(21):
        make_post(publish=ago(hours=i + 1))
    first = get(client, "/")
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    second = get(client, "/?page=2")
    # Page 1 is the bare address, never ?page=1.
    assert 'rel="prev" href="/"' in second and 'rel="next" href="?page=3"' in second
    third = get(client, "/?page=3")
    assert 'rel="next"' not in third


# --- The post ----------------------------------------------------------------------------------
def test_post_banner_has_title_tags_author_date_and_mask(client, seed):
    html = get(client, SEED_URL)
    header = html[
        html.index('<header class="banner banner-post">') : html.index("</header>", html.index("banner-post"))
    ]
    assert elements(header, "img", class_="banner-img")[0]["src"].endswith("img/post-bg-2015.jpg")
    assert 'style="opacity:0.30"' in header  # the default mask
    assert "<h1>Deepseek那么厉害,为什么要开源</h1>" in header
    assert "拆解AI明星的商业战略" in header
    assert 'class="tag" href="/tags/ai/"' in header
    assert "Agent Eric" in header
    assert 'href="/2025/06/19/"' in header  # the date links to its day


def test_post_header_mask_is_adjustable(client, make_post):
    post = make_post(header_mask="0.75")
    assert 'style="opacity:0.75"' in get(client, post.get_absolute_url())


def test_reading_time_and_word_count_count_chinese_characters(client, seed):
    html = get(client, SEED_URL)
    assert seed.word_count > 1000 and seed.reading_time == 4  # ~1300 characters at 400 a minute
    assert f"阅读约 {seed.reading_time} 分钟" in html
    assert f"{seed.word_count} 字" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = get(client, SEED_URL)
    assert "4 min read" in html and "1,288 words" in html


def test_catalog_is_built_on_the_server_and_works_without_javascript(client, seed):
    html = get(client, SEED_URL)
    details = elements(html, "details", class_="catalog")
    assert details and "open" in details[0]  # open unless the script folds it
    catalog = html[html.index('<details class="catalog"') : html.index("</details>")]
    links = list(hrefs(catalog))
    assert links[0] == "#商业版销售" and len(links) == 9
    for href in links:
        assert f'id="{href[1:]}"' in html  # every entry has its heading
    # Heading anchors, and the script that folds the catalog on phones and highlights the
    # current section: right after the catalog, so it folds before the text is laid out.
    assert '<a class="heading-anchor" href="#商业版销售">' in html
    script = elements(html, "script", src="/static/js/catalog.js")
    assert script and "defer" not in script[0] and "async" not in script[0]
    assert html.index("</details>") < html.index('src="/static/js/catalog.js"') < html.index('class="post-body"')


def test_post_without_headings_has_no_catalog_and_no_script(client, make_post):
    post = make_post(body="Just one paragraph.")
    html = get(client, post.get_absolute_url())
    assert "catalog" not in html


def test_previous_and_next_skip_drafts_and_future_posts(client, make_post):
    older = make_post(title="Older", publish=ago(days=5))
    make_post(title="Draft between", status=Post.Status.DRAFT, publish=ago(days=4))
    current = make_post(title="Current", publish=ago(days=3))
    newer = make_post(title="Newer", publish=ago(days=2))
    make_post(title="Future", publish=timezone.now() + timezone.timedelta(days=1))
    html = get(client, current.get_absolute_url())
    pager = html[html.index('class="post-pager"') :]
    assert f'rel="prev" href="{older.get_absolute_url()}"' in pager
    assert f'rel="next" href="{newer.get_absolute_url()}"' in pager
    assert "Draft between" not in html and "Future" not in html
    last = get(client, newer.get_absolute_url())
    assert 'rel="next"' not in last[last.index("post-footer") :]


def test_neighbours_of_posts_published_at_the_same_moment(client, make_post):
    moment = ago(days=1)
    first = make_post(title="Twin A", publish=moment)
    second = make_post(title="Twin B", publish=moment)
    assert first.get_next_published() == second
    assert second.get_previous_published() == first


def test_related_posts_by_shared_tags(client, make_post):
    post = make_post(tags=["AI", "开源", "模型"])
    best = make_post(title="Shares three", tags=["AI", "开源", "模型"], publish=ago(days=9))
    good = make_post(title="Shares two", tags=["AI", "开源"], publish=ago(days=8))
    for i in range(4):
        make_post(title=f"Shares one {i}", tags=["AI"], publish=ago(days=i + 1))
    make_post(title="Shares none", tags=["其他"])
    make_post(title="Draft related", tags=["AI", "开源", "模型"], status=Post.Status.DRAFT)
    make_post(title="Future related", tags=["AI", "开源", "模型"], publish=timezone.now() + timezone.timedelta(days=1))
    related = post.related_posts()
    assert len(related) == 5
    assert related[0] == best and related[1] == good
    assert [p.title for p in related[2:]] == ["Shares one 0", "Shares one 1", "Shares one 2"]  # newest first
    html = get(client, post.get_absolute_url())
    section = html[html.index('<section class="related"') :]
    assert section.count("<li>") == 5
    for absent in ("Shares none", "Draft related", "Future related", "Shares one 3"):
        assert absent not in section


def test_post_without_tags_has_no_related_section(client, make_post):
    post = make_post()
    assert 'class="related"' not in get(client, post.get_absolute_url())


def _jpeg(size=(1600, 900)):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG")
    return SimpleUploadedFile("banner.jpg", out.getvalue(), content_type="image/jpeg")


def test_uploaded_header_is_a_picture_with_webp_and_jpeg_srcsets(client, make_post):
    post = make_post(header_image=_jpeg())
    html = get(client, post.get_absolute_url())
    source = elements(html, "source", type="image/webp")[0]
    assert "640w" in source["srcset"] and "1280w" in source["srcset"] and source["sizes"] == "100vw"
    img = elements(html, "img", class_=None)  # the <img> inside the picture
    picture_img = [a for a in img if a.get("srcset", "").count("w,") >= 1][0]
    assert picture_img["src"].endswith("-1600w.jpg") and ".jpg 640w" in picture_img["srcset"]
    assert picture_img["width"] == "1600" and picture_img["height"] == "900"


def test_external_header_image_is_used_as_given(client, make_post):
    post = make_post(header_image_url="https://images.example/banner.jpg")
    html = get(client, post.get_absolute_url())
    assert elements(html, "img", class_="banner-img")[0]["src"] == "https://images.example/banner.jpg"
    assert "<picture" not in html


# --- Pages: About, 404, 500 ------------------------------------------------------------------------
def test_about_is_the_page_edited_in_the_admin(client, seed):
    page = Page.objects.get(slug="about")
    page.body = "新的自我介绍。"
    page.save()
    html = get(client, "/about/")
    assert "<h1>关于</h1>" in html and "新的自我介绍。" in html
    assert "新的自我介绍。" in get(client, "/")  # the home sidebar follows


def test_unknown_page_is_404(client, db):
    get(client, "/no-such-page/", status=404)


def test_404_page_is_styled_and_helpful(client, db):
    html = get(client, "/2025/13/45/nothing/", status=404)
    assert '<link rel="stylesheet" href="/static/css/blog.css">' in html
    assert 'action="/search/"' in html and 'name="robots" content="noindex"' in html
    assert 'rel="canonical"' not in html


def test_500_page_renders_without_request_context_or_database():
    # No db fixture: any database access here would fail the test.
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<style>" in html and "prefers-color-scheme:dark" in html
    assert "服务器出错了" in html and "Server error" in html
    assert "{%" not in html and "{{" not in html


# --- Language switch -------------------------------------------------------------------------------
def test_language_switch_sets_the_cookie_and_goes_back(client, db):
    response = client.get("/lang/en/?next=/tags/")
    assert response.status_code == 302 and response["Location"] == "/tags/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax" and not cookie["secure"]
    assert "no-cache" in response["Cache-Control"]
    assert "Tags" in get(client, "/tags/")


def test_language_cookie_is_secure_over_https(client, db):
    response = client.get("/lang/en/?next=/", secure=True)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_off_site(client, db, next_url):
    response = client.get("/lang/zh-hans/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_language_switch_keeps_a_query_and_escapes_odd_characters(client, db):
    response = client.get("/lang/en/", {"next": "/search/?q=开源 AI&page=2\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert "\n" not in response["Location"] and response["Location"].startswith("/search/?q=")


def test_unknown_language_is_404(client, db):
    assert client.get("/lang/xx/?next=/").status_code == 404


def test_every_page_links_the_language_switch_back_to_itself(client, seed):
    html = get(client, "/tags/ai/?page=1")
    assert 'href="/lang/en/?next=/tags/ai/%3Fpage%3D1"' in html


def test_english_ui(client, seed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = get(client, SEED_URL)
    assert '<html lang="en">' in html and "Contents" in html and "Posted by Agent Eric on" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = get(client, SEED_URL)
    assert '<html lang="zh-hans">' in html and "目录" in html and "Agent Eric 发表于" in html


# --- Rules every public page keeps ------------------------------------------------------------------
PUBLIC_URLS = [
    "/",
    "/?page=1",
    SEED_URL,
    "/tags/",
    "/tags/ai/",
    "/archive/",
    "/2025/",
    "/2025/06/",
    "/2025/06/19/",
    "/authors/agent-eric/",
    "/search/",
    "/search/?q=开源",
    "/about/",
    "/feed/",
    "/feed/atom/",
    "/tags/ai/feed/",
    "/sitemap.xml",
    "/sitemap-posts.xml",
    "/robots.txt",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_set_no_cookie_and_are_served_from_the_page_cache(client, seed, url):
    # The page cache can only store a page that is the same for every reader:
    # no cookie set, no session read (only the language cookie may vary it).
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert not response.cookies
    if response.status_code == 200:
        assert response["X-Cache"] == "miss"
        assert client.get(url)["X-Cache"] == "hit"


@pytest.mark.parametrize("url", [u for u in PUBLIC_URLS if "feed" not in u and "xml" not in u and "txt" not in u])
def test_no_inline_script_or_event_handler(client, seed, url):
    # CSP is script-src 'self': inline code would not run anyway.
    html = client.get(url).content.decode()
    page = parse(html)
    for attrs, text in page.scripts:
        assert attrs.get("src") or attrs.get("type") == "application/ld+json", text[:80]
    for _tag, attrs in page.elements:
        assert not [name for name in attrs if name.startswith("on")]
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize("url", ["/", SEED_URL, "/tags/", "/archive/", "/search/?q=x", "/no-such-page/"])
def test_landmarks_skip_link_and_language(client, seed, url):
    html = client.get(url).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<nav" in html and "<footer" in html and "<header" in html
    assert re.search(r'<html lang="zh-hans">', html)
    for img in elements(html, "img"):
        assert "alt" in img


def test_scheduled_post_appears_in_lists_when_its_time_comes(client, make_post):
    with time_machine.travel(local(2030, 1, 1, 12, 0), tick=False):
        make_post(title="Already out", publish=local(2030, 1, 1, 11, 0), tags=["定时"])
        make_post(title="Comes at half past", publish=local(2030, 1, 1, 12, 30), tags=["定时"])
        for url in ("/", "/archive/", "/tags/定时/", "/2030/01/01/"):
            assert "Comes at half past" not in get(client, url)  # also fills every cache
    with time_machine.travel(local(2030, 1, 1, 12, 31), tick=False):
        for url in ("/", "/archive/", "/tags/定时/", "/2030/01/01/"):
            assert "Comes at half past" in get(client, url), url
        assert "2 篇文章" in get(client, "/tags/定时/")
