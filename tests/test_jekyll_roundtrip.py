"""export_jekyll then import_jekyll into an empty database gives the same blog back."""

from decimal import Decimal

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from taggit.models import Tag

from blog.models import Author, LegacyURL, Post

from .conftest import local
from .jekyll_utils import HUX_SITE, image_bytes, import_ok, run

pytestmark = pytest.mark.django_db

NOW = local(2025, 7, 1, 12, 0)


def blog_state():
    """Everything a reader or writer would notice, by permalink."""
    state = {}
    for post in Post.objects.select_related("author").prefetch_related("tags", "legacy_urls"):
        header = None
        if post.header_image:
            with default_storage.open(post.header_image.name, "rb") as fh, Image.open(fh) as image:
                header = (image.format, image.size, image.convert("RGB").getpixel((0, 0)))
        state[post.get_absolute_url()] = {
            "title": post.title,
            "subtitle": post.subtitle,
            "slug": post.slug,
            "body": post.body,
            "body_html": post.body_html,
            "summary": post.summary,
            "author": (post.author.name, post.author.slug),
            "tags": sorted((t.name, t.slug) for t in post.tags.all()),
            "status": post.status,
            "hidden": post.hidden,
            "header_mask": post.header_mask,
            "header_image_url": post.header_image_url,
            "header": header,
            "publish": post.publish.replace(microsecond=0),
            "is_published": post.is_published,
            "is_scheduled": post.is_scheduled,
            "legacy": set(post.legacy_urls.values_list("path", flat=True)),
        }
    return state


def empty_the_blog():
    Post.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    assert not LegacyURL.objects.exists()


def assert_same_blog(before, after):
    assert set(after) == set(before)
    for url, fields in before.items():
        for name, value in fields.items():
            if name == "legacy":
                # Every old URL still answers; the re-import may add Jekyll's own .html form.
                assert value <= after[url]["legacy"], url
            else:
                assert after[url][name] == value, (url, name)


def roundtrip(tmp_path):
    result = run("export_jekyll", tmp_path / "export")
    assert result.error is None, result.stderr
    before = blog_state()
    empty_the_blog()
    import_ok(tmp_path / "export")
    return before, blog_state()


@time_machine.travel(NOW, tick=False)
def test_roundtrip_of_posts_written_here(tmp_path, make_post, author):
    chinese = make_post(
        title="为什么要开源",
        subtitle="拆解商业战略",
        slug="105626",
        publish=local(2025, 6, 19, 10, 56, 26),
        body="## 小节\n\n正文，**加粗**。\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n",
        tags=["AI", "人工智能"],
        header_image_url="img/post-bg-2015.jpg",
        header_mask=Decimal("0.45"),
    )
    LegacyURL.objects.create(path="/2025/06/19/为什么要开源.html", post=chinese)
    make_post(title="开源与商业", slug="开源与商业", publish=local(2025, 6, 20, 0, 5), tags=["开源"], hidden=True)
    make_post(
        title="A draft",
        slug="a-draft",
        status=Post.Status.DRAFT,
        publish=local(2025, 6, 21, 9, 0),
        body="Draft body\r\nwith CRLF\r\n",
    )
    make_post(
        title="Scheduled",
        slug="scheduled",
        publish=local(2025, 12, 24, 23, 59, 30),
        tags=["later"],
        summary="Comes at Christmas.",
    )
    make_post(
        title="With a banner",
        slug="banner",
        publish=local(2025, 6, 1, 8, 0),
        header_image=SimpleUploadedFile("banner.png", image_bytes("PNG", size=(1300, 400), color=(10, 120, 200))),
    )
    other = Author.objects.create(name="另一位作者")
    make_post(title="By someone else", slug="someone-else", author=other, publish=local(2025, 5, 1, 23, 30))
    before, after = roundtrip(tmp_path)
    assert len(before) == 6
    assert_same_blog(before, after)
    assert Author.objects.filter(name="另一位作者").exists()
    assert Tag.objects.get(name="人工智能").slug == "人工智能"


@time_machine.travel(NOW, tick=False)
def test_roundtrip_of_an_imported_jekyll_site(tmp_path):
    import_ok(HUX_SITE)
    before, after = roundtrip(tmp_path)
    assert len(before) == 9
    assert_same_blog(before, after)


@time_machine.travel(NOW, tick=False)
def test_urls_survive_a_move_to_a_site_in_another_time_zone(tmp_path, make_post, settings, client):
    make_post(title="Late", slug="late", publish=local(2025, 6, 19, 23, 30))
    make_post(title="Early", slug="early", publish=local(2025, 6, 19, 0, 30))
    assert run("export_jekyll", tmp_path / "export").error is None
    urls = set(Post.objects.values_list("slug", flat=True))
    empty_the_blog()
    settings.TIME_ZONE = "America/Los_Angeles"
    import_ok(tmp_path / "export")
    assert {p.get_absolute_url() for p in Post.objects.all()} == {"/2025/06/19/late/", "/2025/06/19/early/"}
    assert set(Post.objects.values_list("slug", flat=True)) == urls
    for url in ("/2025/06/19/late/", "/2025/06/19/early/"):
        assert client.get(url).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_seed_roundtrips(tmp_path, seed):
    before, after = roundtrip(tmp_path)
    assert_same_blog(before, after)
    assert "/2025/06/19/105626/" in after
    assert timezone.localtime(Post.objects.get().publish).date().isoformat() == "2025-06-19"
