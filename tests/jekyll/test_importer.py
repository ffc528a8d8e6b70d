"""import_jekyll: every front-matter variant, sites and folders, re-imports, failures, --dry-run,
and the seed fixture kept equal to what the importer makes of the seed file."""

import fcntl
import importlib.util
import json
import os
import pty
import sqlite3
import struct
import subprocess
import sys
import termios
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from taggit.models import Tag

from blog.models import Author, LegacyURL, Post, Revision

from ..helpers import local
from .utils import HUX_SITE, SEED, image_bytes, import_ok, post_text, run, write

pytestmark = pytest.mark.django_db


def local_moment(post):
    return timezone.localtime(post.publish, timezone.get_default_timezone()).replace(tzinfo=None)


def only_post():
    [post] = Post.objects.all()
    return post


# --- The seed fixture is what the importer makes of the seed -----------------------------------
SNAPSHOT_FIELDS = [
    "title",
    "subtitle",
    "slug",
    "body",
    "body_html",
    "toc_html",
    "summary",
    "excerpt",
    "word_count",
    "reading_time",
    "header_image_url",
    "header_mask",
    "status",
    "hidden",
]


def snapshot(post):
    data = {name: getattr(post, name) for name in SNAPSHOT_FIELDS}
    data.update(
        author=(post.author.name, post.author.slug),
        tags=sorted((t.name, t.slug) for t in post.tags.all()),
        header_image=post.header_image.name or "",
        local_publish=local_moment(post),
        url=post.get_absolute_url(),
        legacy=sorted(post.legacy_urls.values_list("path", flat=True)),
    )
    return data


def test_fresh_import_of_the_seed_equals_the_loaded_fixture_field_by_field():
    import_ok(SEED)
    imported = snapshot(only_post())
    Post.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    call_command("load_seed", verbosity=0)
    loaded = snapshot(only_post())
    for name, value in imported.items():
        assert loaded[name] == value, name
    assert imported["url"] == "/2025/06/19/105626/"
    assert imported["local_publish"] == datetime(2025, 6, 19, 0, 0)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/Los_Angeles"])
def test_seed_import_and_fixture_agree_in_any_site_time_zone(settings, zone):
    settings.TIME_ZONE = zone
    import_ok(SEED)
    assert only_post().get_absolute_url() == "/2025/06/19/105626/"
    assert local_moment(only_post()) == datetime(2025, 6, 19, 0, 0)


def test_fixture_file_is_exactly_what_the_builder_makes_of_a_fresh_import(settings):
    spec = importlib.util.spec_from_file_location(
        "build_seed_fixture", settings.BASE_DIR / "scripts" / "build_seed_fixture.py"
    )
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    on_disk = json.loads(builder.FIXTURE.read_text(encoding="utf-8"))
    assert builder.build(SEED) == on_disk, "fixtures/seed.json is stale: run scripts/build_seed_fixture.py"


def test_seed_body_is_stored_byte_for_byte():
    import_ok(SEED)
    raw = SEED.read_bytes()
    body = raw.split(b"\n---\n", 1)[1]
    assert only_post().body.encode("utf-8") == body


def test_seed_header_image_not_in_the_folder_is_kept_as_a_path_and_reported():
    result = import_ok(SEED)
    assert only_post().header_image_url == "img/post-bg-2015.jpg"
    assert not only_post().header_image
    assert "img/post-bg-2015.jpg" in result.stderr and "not found" in result.stderr


# --- Dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "written, expected",
    [
        ("2025-06-19", datetime(2025, 6, 19, 0, 0)),
        ('"2025-06-19"', datetime(2025, 6, 19, 0, 0)),
        ("2025-06-19 10:56", datetime(2025, 6, 19, 10, 56)),
        # A YAML timestamp without an offset is UTC for Jekyll (Ruby's YAML); quoted, it is local.
        ("2025-06-19 10:56:26", datetime(2025, 6, 19, 18, 56, 26)),
        ('"2025-06-19 10:56:26"', datetime(2025, 6, 19, 10, 56, 26)),
        ("2025-06-19 10:56:26 +0800", datetime(2025, 6, 19, 10, 56, 26)),
        ("2025-06-19 02:56:26 +0000", datetime(2025, 6, 19, 10, 56, 26)),
        ("2025-06-19T10:56:26+08:00", datetime(2025, 6, 19, 10, 56, 26)),
        ("2025-06-19T02:56:26Z", datetime(2025, 6, 19, 10, 56, 26)),
        ("2025-06-18 22:56:26 -0400", datetime(2025, 6, 19, 10, 56, 26)),
        ("2025/6/9 8:05", datetime(2025, 6, 9, 8, 5)),
    ],
)
def test_date_variants(tmp_path, settings, written, expected):
    settings.TIME_ZONE = "Asia/Shanghai"
    write(tmp_path, "post.md", post_text(f"title: Dates\ndate: {written}"))
    import_ok(tmp_path / "post.md")
    assert local_moment(only_post()) == expected


def test_date_from_the_file_name_when_the_front_matter_has_none(tmp_path):
    write(tmp_path, "2024-02-29-leap-day.md", post_text("title: Leap"))
    import_ok(tmp_path)
    post = only_post()
    assert post.get_absolute_url() == "/2024/02/29/leap-day/"
    assert local_moment(post) == datetime(2024, 2, 29, 0, 0)


@pytest.mark.parametrize(
    "zone, url, old",
    [
        ("Asia/Shanghai", "/2025/06/19/near-midnight/", None),
        ("UTC", "/2025/06/18/near-midnight/", "/2025/06/19/near-midnight/"),
    ],
)
def test_half_past_midnight_at_plus_eight_in_two_site_zones(client, tmp_path, settings, zone, url, old):
    settings.TIME_ZONE = zone
    write(tmp_path, "2025-06-19-near-midnight.md", post_text("title: Near midnight\ndate: 2025-06-19 00:30:00 +08:00"))
    import_ok(tmp_path)
    post = only_post()
    assert post.publish == datetime(2025, 6, 18, 16, 30, tzinfo=UTC)
    assert post.get_absolute_url() == url
    assert client.get(url).status_code == 200
    # Jekyll's address, from the date as written, still leads there.
    response = client.get("/2025/06/19/near-midnight.html")
    assert response.status_code == 301 and response["Location"] == url
    if old:
        assert client.get(old)["Location"] == url


def test_naive_times_are_in_the_config_timezone(tmp_path, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    write(tmp_path, "_config.yml", "title: NY blog\ntimezone: America/New_York\n")
    write(tmp_path, "_posts/2025-06-19-late.md", post_text("title: Late\ndate: 2025-06-19 22:00"))
    import_ok(tmp_path)
    post = only_post()
    assert post.publish == datetime(2025, 6, 20, 2, 0, tzinfo=UTC)
    assert post.get_absolute_url() == "/2025/06/20/late/"
    # Jekyll (in New York) served it under the 19th.
    assert LegacyURL.objects.filter(path="/2025/06/19/late.html", post=post).exists()


def test_timezone_option_for_naive_times(tmp_path, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    write(tmp_path, "post.md", post_text("title: Zoned\ndate: 2025-06-19 10:00"))
    import_ok(tmp_path, timezone="UTC")
    assert only_post().publish == datetime(2025, 6, 19, 10, 0, tzinfo=UTC)
    assert run("import_jekyll", tmp_path, timezone="Mars/Olympus").error is not None


# --- Slugs and permalinks ---------------------------------------------------------------------------
def test_our_permalink_shape_is_kept_exactly_and_its_date_wins(tmp_path, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    write(tmp_path, "x.md", post_text("title: T\ndate: 2025-06-20 10:56:26 +0800\npermalink: /2025/06/19/105626/"))
    import_ok(tmp_path)
    post = only_post()
    assert post.get_absolute_url() == "/2025/06/19/105626/"
    assert local_moment(post) == datetime(2025, 6, 19, 10, 56, 26)  # the time is kept
    assert not post.legacy_urls.exists()


def test_permalink_without_trailing_slash(tmp_path):
    write(tmp_path, "x.md", post_text("title: T\ndate: 2025-06-19\npermalink: /2025/06/19/no-slash"))
    import_ok(tmp_path)
    assert only_post().get_absolute_url() == "/2025/06/19/no-slash/"


def test_html_permalink_gives_the_directory_url_and_redirects_the_old_one(client, tmp_path):
    write(
        tmp_path, "2024-03-01-raw.md", post_text("title: Raw\ndate: 2024-03-01 20:00\npermalink: /2024/03/01/raw.html")
    )
    import_ok(tmp_path)
    post = only_post()
    assert post.get_absolute_url() == "/2024/03/01/raw/"
    response = client.get("/2024/03/01/raw.html")
    assert response.status_code == 301 and response["Location"] == "/2024/03/01/raw/"


def test_permalink_of_another_shape_redirects_and_the_slug_comes_from_the_file_name(client, tmp_path):
    write(
        tmp_path, "2023-07-07-my-post.md", post_text("title: Something else\ndate: 2023-07-07\npermalink: /blog/hello/")
    )
    import_ok(tmp_path)
    post = only_post()
    assert post.get_absolute_url() == "/2023/07/07/my-post/"
    assert client.get("/blog/hello/")["Location"] == "/2023/07/07/my-post/"
    assert client.get("/2023/07/07/my-post.html")["Location"] == "/2023/07/07/my-post/"


def test_permalink_placeholders_are_expanded(client, tmp_path):
    write(
        tmp_path,
        "2023-01-01-custom.md",
        post_text(
            "title: C\ndate: 2023-01-01 08:00 +0800\ncategories: [Tech]\npermalink: /:categories/:year/:title.html"
        ),
    )
    import_ok(tmp_path)
    assert client.get("/tech/2023/custom.html")["Location"] == "/2023/01/01/custom/"


def test_no_permalink_slug_from_a_chinese_file_name(client, tmp_path):
    write(tmp_path, "2024-02-10-开源与商业.md", post_text("title: 开源与商业\ndate: 2024-02-10"))
    import_ok(tmp_path)
    post = only_post()
    assert post.slug == "开源与商业"
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get("/2024/02/10/%E5%BC%80%E6%BA%90%E4%B8%8E%E5%95%86%E4%B8%9A/").status_code == 200


def test_slug_from_front_matter_and_from_the_title_when_the_name_gives_none(tmp_path):
    write(tmp_path, "2024-01-01-file-name.md", post_text("title: A\nslug: Chosen Slug"))
    write(tmp_path, "2024-01-02-.md", post_text("title: From The Title"))
    import_ok(tmp_path)
    assert set(Post.objects.values_list("slug", flat=True)) == {"chosen-slug", "from-the-title"}


def test_an_undated_file_name_gives_the_slug(tmp_path):
    write(tmp_path, "notes/hello-there.md", post_text("title: Hi\ndate: 2024-01-01"))
    import_ok(tmp_path)
    assert only_post().get_absolute_url() == "/2024/01/01/hello-there/"


def test_jekyll_default_urls_with_and_without_categories_and_the_pretty_form(client, tmp_path):
    write(tmp_path, "_config.yml", "title: S\n")
    write(
        tmp_path,
        "blog/_posts/2023-07-07-Old-Style.markdown",
        post_text("title: Old\ndate: 2023-07-07 12:00 +0800\ncategory: My Notes"),
    )
    import_ok(tmp_path)
    post = only_post()
    assert post.get_absolute_url() == "/2023/07/07/old-style/"
    paths = set(post.legacy_urls.values_list("path", flat=True))
    assert {
        "/blog/my notes/2023/07/07/Old-Style.html",  # date style, categories from folder and front matter
        "/2023/07/07/Old-Style.html",  # without categories
        "/blog/my notes/2023/07/07/Old-Style/",  # pretty
        "/2023/07/07/Old-Style/",
    } <= paths
    assert client.get("/blog/my%20notes/2023/07/07/Old-Style.html")["Location"] == "/2023/07/07/old-style/"
    assert sorted(post.tags.names()) == ["My Notes", "blog"]


def test_config_permalink_style_and_baseurl_are_honoured(client, tmp_path):
    write(tmp_path, "_config.yml", "title: S\npermalink: /:year/:i_month/:i_day/:slug:output_ext\nbaseurl: /myblog\n")
    write(tmp_path, "_posts/2023-07-07-styled.md", post_text("title: S\ndate: 2023-07-07 12:00 +0800"))
    import_ok(tmp_path)
    assert client.get("/2023/7/7/styled.html")["Location"] == "/2023/07/07/styled/"
    assert client.get("/myblog/2023/07/07/styled.html")["Location"] == "/2023/07/07/styled/"


@pytest.mark.parametrize(
    "style, old",
    [
        ("ordinal", "/2023/188/styled.html"),
        ("none", "/styled.html"),
        ("weekdate", "/2023/W27/Fri/styled.html"),
    ],
)
def test_builtin_permalink_styles(client, tmp_path, style, old):
    write(tmp_path, "_config.yml", f"title: S\npermalink: {style}\n")
    write(tmp_path, "_posts/2023-07-07-styled.md", post_text("title: S\ndate: 2023-07-07 12:00 +0800"))
    import_ok(tmp_path)
    assert client.get(old)["Location"] == "/2023/07/07/styled/"


def test_redirect_from_is_kept(client, tmp_path):
    write(tmp_path, "2023-07-07-a.md", post_text("title: A\nredirect_from:\n  - /old/one/\n  - /旧/地址.html"))
    import_ok(tmp_path)
    assert client.get("/old/one/")["Location"] == "/2023/07/07/a/"
    assert client.get("/%E6%97%A7/%E5%9C%B0%E5%9D%80.html")["Location"] == "/2023/07/07/a/"


# --- Other fields -----------------------------------------------------------------------------
def test_title_subtitle_description_hidden_and_mask(tmp_path):
    write(
        tmp_path,
        "2024-01-01-x.md",
        post_text(
            'title: "Hello: World"\nsubtitle: 副标题\ndescription: A summary.\nhidden: true\nheader-mask: 0.3\n'
            "layout: post\ncatalog: true"
        ),
    )
    import_ok(tmp_path)
    post = only_post()
    assert (post.title, post.subtitle, post.summary, post.excerpt) == (
        "Hello: World",
        "副标题",
        "A summary.",
        "A summary.",
    )
    assert post.hidden is True
    assert post.header_mask == Decimal("0.30")
    assert post.status == Post.Status.PUBLISHED


def test_published_false_and_drafts_folder_are_drafts(tmp_path):
    write(tmp_path, "_posts/2024-01-01-off.md", post_text("title: Off\npublished: false"))
    write(tmp_path, "_drafts/idea.md", post_text("title: Idea"))
    write(tmp_path, "_posts/2024-01-02-on.md", post_text("title: On"))
    import_ok(tmp_path)
    states = dict(Post.objects.values_list("title", "status"))
    assert states == {"Off": "draft", "Idea": "draft", "On": "published"}


def test_tags_list_space_separated_string_and_categories(tmp_path):
    write(tmp_path, "2024-01-01-a.md", post_text("title: A\ntags: [人工智能, Python]\ncategories: [思考]"))
    write(tmp_path, "2024-01-02-b.md", post_text("title: B\ntags: python 开源 AI\ncategory: Deep Dive"))
    write(tmp_path, "2024-01-03-c.md", post_text("title: C\ntag: single tag\ncategories: one two"))
    import_ok(tmp_path)
    names = {p.title: sorted(p.tags.names()) for p in Post.objects.all()}
    assert names["A"] == ["Python", "人工智能", "思考"]
    assert names["B"] == ["AI", "Deep Dive", "Python", "开源"]  # "python" is the existing "Python"
    assert names["C"] == ["one", "single tag", "two"]
    assert Tag.objects.get(name="人工智能").slug == "人工智能"


def test_a_tag_that_slugifies_to_nothing_gets_a_usable_slug(client, tmp_path):
    write(tmp_path, "2024-01-01-a.md", post_text("title: A\ntags: ['🚀', '+++']"))
    import_ok(tmp_path)
    post = only_post()
    assert all(tag.slug for tag in post.tags.all())
    assert client.get(post.get_absolute_url()).status_code == 200


def test_authors_from_front_matter_option_config_or_anonymous(tmp_path):
    site = tmp_path / "site"
    write(site, "_config.yml", "title: Site Title\n")
    write(site, "_posts/2024-01-01-a.md", post_text("title: A\nauthor: 张三"))
    write(site, "_posts/2024-01-02-b.md", post_text("title: B"))
    write(tmp_path, "loose/2024-01-03-c.md", post_text("title: C"))
    write(tmp_path, "other/2024-01-04-d.md", post_text("title: D"))
    import_ok(site, tmp_path / "loose")
    import_ok(tmp_path / "other", author="Given Name")
    authors = {p.title: p.author.name for p in Post.objects.select_related("author")}
    assert authors == {"A": "张三", "B": "Site Title", "C": "Anonymous", "D": "Given Name"}
    assert Author.objects.get(name="张三").slug == "张三"


def test_an_existing_author_is_reused(tmp_path, author):
    write(tmp_path, "2024-01-01-a.md", post_text(f"title: A\nauthor: {author.name}"))
    write(tmp_path, "2024-01-02-b.md", post_text(f"title: B\nauthor: {author.name}"))
    import_ok(tmp_path)
    assert Author.objects.count() == 1
    assert set(Post.objects.values_list("author", flat=True)) == {author.pk}


def test_unknown_keys_are_reported_with_verbosity_two(tmp_path):
    write(tmp_path, "2024-01-01-a.md", post_text("title: A\nlayout: post\nmystery: 1\nsidebar: left"))
    quiet = import_ok(tmp_path)
    assert "mystery" not in quiet.stderr
    loud = import_ok(tmp_path, verbosity=2)
    assert "ignored front matter: mystery, sidebar" in loud.stderr
    assert "layout" not in loud.stderr


# --- Header images ------------------------------------------------------------------------------------
def test_header_image_inside_the_site_is_uploaded_and_cleaned(tmp_path, settings):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    write(tmp_path, "img/bg.jpg", image_bytes(size=(800, 300), exif=exif.tobytes()))
    write(tmp_path, "_config.yml", "title: S\n")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text('title: A\nheader-img: "img/bg.jpg"'))
    import_ok(tmp_path)
    post = only_post()
    assert post.header_image.name.startswith("headers/")
    assert post.header_image_url == ""
    assert post.header_image_variants["jpeg"]
    stored = (settings.MEDIA_ROOT / post.header_image.name).read_bytes()
    assert b"SecretCam" not in stored
    with Image.open(settings.MEDIA_ROOT / post.header_image.name) as image:
        assert image.size == (800, 300)


def test_header_image_with_a_leading_slash_and_site_liquid(tmp_path):
    write(tmp_path, "img/bg.png", image_bytes("PNG"))
    write(tmp_path, "_config.yml", "title: S\n")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text('title: A\nheader-img: "{{ site.baseurl }}/img/bg.png"'))
    import_ok(tmp_path)
    assert only_post().header_image.name.endswith(".png")


def test_external_header_image_is_kept_as_a_url(tmp_path):
    write(tmp_path, "2024-01-01-a.md", post_text("title: A\nheader-img: https://example.com/bg.jpg"))
    import_ok(tmp_path)
    assert only_post().header_image_url == "https://example.com/bg.jpg"
    assert not only_post().header_image


def test_header_image_outside_the_site_is_never_read(tmp_path):
    write(tmp_path, "secret.jpg", image_bytes())
    write(tmp_path, "site/_config.yml", "title: S\n")
    write(tmp_path, "site/_posts/2024-01-01-a.md", post_text('title: A\nheader-img: "../secret.jpg"'))
    import_ok(tmp_path / "site")
    assert not only_post().header_image
    assert only_post().header_image_url == "../secret.jpg"


def test_reimporting_the_same_header_image_stores_it_once(tmp_path, settings, django_capture_on_commit_callbacks):
    write(tmp_path, "img/bg.jpg", image_bytes(size=(700, 200)))
    write(tmp_path, "_config.yml", "title: S\n")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text('title: A\nheader-img: "img/bg.jpg"'))
    import_ok(tmp_path)
    files = sorted(p.name for p in (settings.MEDIA_ROOT / "headers").rglob("*") if p.is_file())
    import_ok(tmp_path)
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "headers").rglob("*") if p.is_file()) == files
    # A different image replaces it, and the old files go.
    write(tmp_path, "img/bg.jpg", image_bytes(size=(700, 200), color=(0, 0, 255)))
    with django_capture_on_commit_callbacks(execute=True):
        import_ok(tmp_path)
    post = only_post()
    remaining = {
        str(p.relative_to(settings.MEDIA_ROOT)) for p in (settings.MEDIA_ROOT / "headers").rglob("*") if p.is_file()
    }
    assert post.header_image.name in remaining
    assert len(remaining) == len(files)


def test_images_linked_from_the_body_are_copied_and_their_old_paths_redirect(client, tmp_path):
    write(tmp_path, "_config.yml", "title: S\n")
    write(tmp_path, "img/in-post/图表.png", image_bytes("PNG"))
    write(tmp_path, "_posts/2024-01-01-a.md", post_text("title: A", "![chart](/img/in-post/图表.png)\n"))
    result = import_ok(tmp_path)
    assert "1 linked images copied" in result.stdout
    response = client.get("/img/in-post/%E5%9B%BE%E8%A1%A8.png")
    assert response.status_code == 301
    image = client.get(response["Location"])
    assert image.status_code == 200
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


# --- Body and rendering -----------------------------------------------------------------------------
def test_body_byte_for_byte_with_crlf_and_bom(tmp_path):
    body = "Line one\r\n\r\n```python\r\nprint('hi')\r\n```\r\n  trailing spaces  \r\n\r\n"
    write(tmp_path, "2024-01-01-a.md", b"\xef\xbb\xbf" + ("---\r\ntitle: CRLF\r\n---\r\n" + body).encode())
    import_ok(tmp_path)
    assert only_post().body == body
    assert "<pre" in only_post().body_html


def test_code_blocks_tables_and_chinese_render(tmp_path):
    body = (
        "## 小节\n\n中文段落，**加粗**。\n\n```python\ndef f():\n    return 1\n```\n\n"
        "| 列一 | Col 2 |\n| --- | --- |\n| 甲 | b |\n"
    )
    write(tmp_path, "2024-01-01-a.md", post_text("title: 表格与代码", body))
    import_ok(tmp_path)
    html = only_post().body_html
    assert '<h2 id="小节">' in html
    assert '<div class="highlight">' in html or "<pre" in html
    assert "<table>" in html and "<td>甲</td>" in html
    assert "小节" in only_post().toc_html


def test_raw_html_script_does_not_survive_rendering(tmp_path):
    body = (
        '<div class="note">kept <em>markup</em></div>\n\n<script>alert("x")</script>\n\n'
        "<p onclick=\"alert('y')\">Click</p>\n\n<img src=x onerror=alert(1)>\n"
    )
    write(tmp_path, "2024-01-01-a.md", post_text("title: Raw", body))
    import_ok(tmp_path)
    post = only_post()
    assert post.body == body  # stored as written
    assert "<script" not in post.body_html and "alert" not in post.body_html
    assert "onclick" not in post.body_html and "onerror" not in post.body_html
    assert "<em>markup</em>" in post.body_html


# --- Finding posts -------------------------------------------------------------------------------
def test_a_site_root_reads_posts_and_drafts_and_skips_the_rest():
    result = import_ok(HUX_SITE)
    titles = set(Post.objects.values_list("title", flat=True))
    assert "An idea for later" in titles  # _drafts/
    assert "An old note" in titles  # notes/_posts/
    assert "A theme's demo post" not in titles  # node_modules/
    assert "About" not in titles  # a page, not a post
    assert Post.objects.count() == 9
    assert "9 created, 0 updated, 0 failed" in result.stdout


def test_a_plain_folder_is_searched_recursively_and_files_without_front_matter_are_skipped(tmp_path):
    write(tmp_path, "a/2024-01-01-one.md", post_text("title: One"))
    write(tmp_path, "a/b/2024-01-02-two.markdown", post_text("title: Two"))
    write(tmp_path, "README.md", "# Just a readme\n")
    write(tmp_path, "page.html", post_text("title: Not a post"))
    write(tmp_path, ".git/2024-01-03-hidden.md", post_text("title: Hidden"))
    write(tmp_path, "_site/2024-01-04-built.md", post_text("title: Built"))
    result = import_ok(tmp_path, verbosity=2)
    assert set(Post.objects.values_list("title", flat=True)) == {"One", "Two"}
    assert "1 skipped as Jekyll does not make posts of them" in result.stdout
    assert "README.md: note: skipped" in result.stderr


def test_html_posts_in_posts_folder_are_imported(tmp_path):
    write(tmp_path, "_posts/2024-01-01-html-post.html", post_text("title: H", "<p>Hello <b>there</b></p>\n"))
    import_ok(tmp_path)
    assert "<b>there</b>" in only_post().body_html


def test_a_named_file_is_imported_whatever_its_extension(tmp_path):
    write(tmp_path, "2024-01-01-post.txt", post_text("title: Txt"))
    import_ok(tmp_path / "2024-01-01-post.txt")
    assert only_post().title == "Txt"


def test_a_missing_path_is_an_error():
    result = run("import_jekyll", "/no/such/folder")
    assert result.error is not None and "no such file" in str(result.error)


# --- Re-imports -----------------------------------------------------------------------------------------
def test_reimporting_updates_instead_of_duplicating():
    import_ok(HUX_SITE)
    counts = (Post.objects.count(), LegacyURL.objects.count(), Tag.objects.count(), Author.objects.count())
    result = import_ok(HUX_SITE)
    assert "0 created, 9 updated, 0 failed" in result.stdout
    assert (Post.objects.count(), LegacyURL.objects.count(), Tag.objects.count(), Author.objects.count()) == counts
    assert not Revision.objects.exists()  # nothing changed, nothing to keep


def test_a_changed_title_updates_the_post_and_keeps_a_revision(tmp_path):
    path = write(tmp_path, "2024-01-01-a.md", post_text("title: First title\npermalink: /2024/01/01/a/", "old body"))
    import_ok(path)
    post = only_post()
    write(tmp_path, "2024-01-01-a.md", post_text("title: Second title\npermalink: /2024/01/01/a/", "new body"))
    result = import_ok(path)
    assert "0 created, 1 updated" in result.stdout
    post.refresh_from_db()
    assert (post.title, post.body) == ("Second title", "new body")
    [revision] = post.revisions.all()
    assert (revision.title, revision.body) == ("First title", "old body")


def test_a_changed_permalink_moves_the_post_and_keeps_the_old_address(client, tmp_path):
    path = write(tmp_path, "2024-01-01-a.md", post_text("title: A\npermalink: /2024/01/01/first/"))
    import_ok(path)
    write(tmp_path, "2024-01-01-a.md", post_text("title: A\npermalink: /2024/01/01/second/"))
    import_ok(path)
    post = only_post()
    assert post.get_absolute_url() == "/2024/01/01/second/"
    assert client.get("/2024/01/01/first/")["Location"] == "/2024/01/01/second/"


def test_a_dateless_draft_is_matched_by_its_slug(tmp_path):
    write(tmp_path, "_drafts/idea.md", post_text("title: Idea"))
    import_ok(tmp_path)
    write(tmp_path, "_drafts/idea.md", post_text("title: Idea, revised"))
    import_ok(tmp_path)
    assert only_post().title == "Idea, revised"


def test_two_files_with_the_same_url_in_one_run(tmp_path):
    write(tmp_path, "a.md", post_text("title: A\npermalink: /2024/01/01/same/"))
    write(tmp_path, "b.md", post_text("title: B\npermalink: /2024/01/01/same/"))
    result = run("import_jekyll", tmp_path)
    assert result.error is not None
    assert "b.md: same post as" in result.stderr
    assert only_post().title == "A"


# --- Failures ---------------------------------------------------------------------------------------
BROKEN = {
    "broken-yaml.md": ("---\ntitle: [unclosed\n---\nbody\n", "broken YAML"),
    "bad-date.md": (post_text("title: T\ndate: yesterday-ish"), "bad date 'yesterday-ish'"),
    "impossible-date.md": (post_text("title: T\ndate: 2024-13-01"), "bad date '2024-13-01': Jekyll refuses it too"),
    "no-date.md": (post_text("title: T"), "no date"),
    "latin1.md": ("---\ntitle: caf\xe9\ndate: 2024-01-01\n---\n".encode("latin-1"), "not UTF-8"),
    "mask.md": (post_text("title: T\ndate: 2024-01-01\nheader-mask: 1.5"), "header-mask must be a number from 0 to 1"),
    "mask-text.md": (post_text("title: T\ndate: 2024-01-01\nheader-mask: dark"), "header-mask"),
    "bad-image.md": (post_text("title: T\ndate: 2024-01-01\nheader-img: img/fake.jpg"), "header image fake.jpg"),
    "long-title.md": (post_text("title: " + "x" * 201 + "\ndate: 2024-01-01"), "title:"),
    "hidden-word.md": (post_text("title: T\ndate: 2024-01-01\nhidden: perhaps"), "hidden must be true or false"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_reported_and_the_others_still_import(tmp_path, name):
    text, reason = BROKEN[name]
    write(tmp_path, "posts/img/fake.jpg", b"this is not a JPEG at all")
    write(tmp_path, "posts/" + name, text)
    write(tmp_path, "posts/2024-01-01-good.md", post_text("title: Good"))
    result = run("import_jekyll", tmp_path / "posts")
    assert result.error is not None and "1 of 2 files could not be imported" in str(result.error)
    line = next(line for line in result.stderr.splitlines() if name in line)
    assert line.startswith(f"{tmp_path / 'posts' / name}: "), line  # the path, then the reason
    assert reason in line
    assert list(Post.objects.values_list("title", flat=True)) == ["Good"]
    assert "1 created, 0 updated, 1 failed" in result.stdout


def test_the_explicit_broken_header_image_leaves_no_media(tmp_path, settings):
    write(tmp_path, "_config.yml", "title: S\n")
    write(tmp_path, "img/fake.jpg", b"\xff\xd8\xff\xe0 truncated jpeg")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text("title: A\nheader-img: img/fake.jpg"))
    result = run("import_jekyll", tmp_path)
    assert result.error is not None and "header image fake.jpg" in result.stderr
    assert not Post.objects.exists()
    assert not (settings.MEDIA_ROOT / "headers").exists()


# --- Dry run ------------------------------------------------------------------------------------------
def test_dry_run_changes_nothing(settings):
    result = import_ok(HUX_SITE, dry_run=True)
    assert "Dry run, nothing was changed: would be 9 created, 0 updated, 0 failed" in result.stdout
    assert not Post.objects.exists() and not Author.objects.exists() and not Tag.objects.exists()
    assert not LegacyURL.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_dry_run_after_an_import_reports_updates_and_changes_nothing(settings):
    import_ok(HUX_SITE)
    before = {p.pk: (p.title, p.updated) for p in Post.objects.all()}
    media = sorted(settings.MEDIA_ROOT.rglob("*"))
    result = import_ok(HUX_SITE, dry_run=True)
    assert "0 created, 9 updated" in result.stdout
    assert {p.pk: (p.title, p.updated) for p in Post.objects.all()} == before
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == media


def test_dry_run_still_reports_broken_files(tmp_path):
    write(tmp_path, "bad-date.md", post_text("date: 2024-01-32"))
    write(tmp_path, "bad-mask.md", post_text("title: T\ndate: 2024-01-01\nheader-mask: -1"))
    result = run("import_jekyll", tmp_path, dry_run=True)
    assert result.error is not None
    assert "bad-date.md: bad date" in result.stderr
    assert "bad-mask.md: header-mask" in result.stderr


def test_scheduled_posts_stay_scheduled(tmp_path):
    write(tmp_path, "2099-01-01-future.md", post_text("title: Later\ndate: 2099-01-01 09:00 +0800"))
    import_ok(tmp_path)
    post = only_post()
    assert post.is_scheduled and post not in Post.objects.published()
    assert post.publish == local(2099, 1, 1, 9, 0)


# --- As a real process: exit status, output, the progress bar -------------------------------------
@pytest.fixture
def process_env(tmp_path, settings):
    """Environment for ``python manage.py`` with the test settings and a fresh SQLite file."""
    database = tmp_path / "process.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": f"sqlite:///{database}"}
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert migrate.returncode == 0, migrate.stderr
    env["_DATABASE_FILE"] = str(database)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def count_posts(env):
    with sqlite3.connect(env["_DATABASE_FILE"]) as db:
        return db.execute("SELECT status, COUNT(*) FROM blog_post GROUP BY status ORDER BY status").fetchall()


def test_the_command_as_a_process_exit_status_and_output(tmp_path, process_env):
    write(tmp_path, "site/_config.yml", "title: Process test\n")
    write(tmp_path, "site/_posts/2024-01-01-one.md", post_text("title: One\ntags: [a, b]"))
    write(tmp_path, "site/_posts/2024-01-02-two.md", post_text("title: Two\npublished: false"))
    broken = write(tmp_path, "site/_posts/2024-01-03-broken.md", post_text("title: [oops"))
    dry = manage(process_env, "import_jekyll", "--dry-run", tmp_path / "site")
    assert dry.returncode == 1
    assert count_posts(process_env) == []
    result = manage(process_env, "import_jekyll", tmp_path / "site")
    assert result.returncode == 1
    assert f"{broken}: broken YAML front matter" in result.stderr
    assert "CommandError: 1 of 3 files could not be imported" in result.stderr
    assert "2 created, 0 updated, 1 failed (3 files)." in result.stdout
    assert "Importing" not in result.stderr  # no progress bar when stderr is not a terminal
    assert count_posts(process_env) == [("draft", 1), ("published", 1)]
    broken.unlink()
    again = manage(process_env, "import_jekyll", tmp_path / "site")
    assert again.returncode == 0, again.stderr
    assert "0 created, 2 updated, 0 failed (2 files)." in again.stdout
    assert again.stderr == ""


def _run_on_a_terminal(env, *args):
    """Run manage.py with stderr on a pseudo-terminal; (exit status, what the terminal showed)."""
    master, slave = pty.openpty()
    # A terminal of 0x0 (what a bare pty reports) would make tqdm hide the bar: give it a size.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    process.communicate(timeout=180)
    return process.returncode, shown.decode("utf-8", errors="replace")


def test_a_progress_bar_on_a_terminal_unless_asked_not_to(tmp_path, process_env):
    for n in range(1, 13):
        write(tmp_path, f"site/_posts/2024-01-{n:02d}-post-{n}.md", post_text(f"title: Post {n}"))
    status, shown = _run_on_a_terminal(process_env, "import_jekyll", tmp_path / "site")
    assert status == 0
    assert "Importing" in shown and "12/12" in shown
    status, shown = _run_on_a_terminal(process_env, "import_jekyll", "--no-progress", tmp_path / "site")
    assert status == 0
    assert "Importing" not in shown


def test_a_single_file_of_a_site_imports_as_it_does_with_its_site(tmp_path):
    write(tmp_path, "_config.yml", "title: S\ntimezone: Europe/Paris\n")
    path = write(tmp_path, "blog/_posts/2024-01-01-one.md", post_text("title: One\ndate: 2024-01-01 23:30\ntags: [x]"))
    import_ok(tmp_path)
    whole = snapshot(only_post())
    result = import_ok(path)
    assert "0 created, 1 updated" in result.stdout
    assert snapshot(only_post()) == whole
    assert whole["tags"] == [("blog", "blog"), ("x", "x")]
    assert whole["author"][0] == "S"


def test_a_permalink_can_date_an_undated_file_and_a_draft_can_use_placeholders(tmp_path):
    write(tmp_path, "untitled.md", post_text("title: U\npermalink: /2023/05/04/may-the-fourth/"))
    write(tmp_path, "_drafts/draft.md", post_text("title: D\npermalink: /drafts/:title/"))
    import_ok(tmp_path / "untitled.md", tmp_path / "_drafts" / "draft.md")
    assert Post.objects.get(title="U").get_absolute_url() == "/2023/05/04/may-the-fourth/"
    draft = Post.objects.get(title="D")
    assert draft.status == Post.Status.DRAFT
    assert draft.legacy_urls.filter(path="/drafts/draft/").exists()


def test_a_broken_config_stops_before_anything_is_imported(tmp_path):
    write(tmp_path, "_config.yml", "title: [broken\n")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text("title: A"))
    result = run("import_jekyll", tmp_path)
    assert result.error is not None and "_config.yml: broken YAML" in str(result.error)
    assert not Post.objects.exists()


def test_an_unknown_config_timezone_fails_its_posts(tmp_path):
    write(tmp_path, "_config.yml", "title: S\ntimezone: Nowhere/Special\n")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text("title: A\ndate: 2024-01-01 10:00"))
    result = run("import_jekyll", tmp_path)
    assert "unknown timezone 'Nowhere/Special'" in result.stderr


def test_the_timezone_option_beats_the_config(tmp_path):
    write(tmp_path, "_config.yml", "title: S\ntimezone: America/New_York\n")
    write(tmp_path, "_posts/2024-01-01-a.md", post_text("title: A\ndate: 2024-01-01 10:00"))
    import_ok(tmp_path, timezone="UTC")
    assert only_post().publish == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)


def test_yaml_words_are_not_booleans_in_titles_and_tags(tmp_path):
    write(tmp_path, "2024-01-01-a.md", post_text("title: On\ntags: [yes, no, off]\nhidden: yes"))
    import_ok(tmp_path)
    post = only_post()
    assert post.title == "On" and post.hidden is True
    assert sorted(post.tags.names()) == ["no", "off", "yes"]


def test_posts_without_a_slug_in_their_names_on_the_same_day(tmp_path):
    write(tmp_path, "_posts/2014-10-12-.md", post_text("title: 第一篇"))
    write(tmp_path, "_posts/2014-10-12-.markdown", post_text("title: 第二篇"))
    import_ok(tmp_path)
    first = dict(Post.objects.values_list("title", "slug"))
    assert sorted(first.values()) == ["000000", "000000-2"]
    result = import_ok(tmp_path)
    assert "0 created, 2 updated" in result.stdout
    assert dict(Post.objects.values_list("title", "slug")) == first
