"""export_jekyll: every post as _posts/YYYY-MM-DD-slug.md with Hux front matter, images beside them."""

from decimal import Decimal

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blog.models import LegacyURL, Post
from jekyll.frontmatter import split_front_matter

from ..helpers import local
from .utils import SEED, image_bytes, run

pytestmark = pytest.mark.django_db


def export(tmp_path, **options):
    result = run("export_jekyll", tmp_path / "site", **options)
    assert result.error is None, result.stderr
    return tmp_path / "site", result


def read(path):
    return split_front_matter(path.read_bytes().decode("utf-8"))


def test_every_post_is_written_with_hux_front_matter(tmp_path, make_post):
    post = make_post(
        title="Hello: world",
        subtitle="A subtitle",
        slug="hello",
        publish=local(2025, 6, 19, 10, 56, 26),
        header_image_url="img/post-bg-2015.jpg",
        header_mask=Decimal("0.35"),
        summary="Short.",
        tags=["AI", "开源"],
    )
    LegacyURL.objects.create(path="/2025/06/19/hello.html", post=post)
    site, result = export(tmp_path)
    assert "Exported 1 posts (1 published, 0 scheduled, 0 drafts)" in result.stdout
    assert "Comments are not exported (0 stay in the blog)" in result.stdout
    front, body = read(site / "_posts" / "2025-06-19-hello.md")
    assert front == {
        "layout": "post",
        "title": "Hello: world",
        "subtitle": "A subtitle",
        "date": "2025-06-19 10:56:26 +0800",
        "author": "Tester",
        "header-img": "img/post-bg-2015.jpg",
        "header-mask": 0.35,
        "permalink": "/2025/06/19/hello/",
        "tags": ["AI", "开源"],
        "description": "Short.",
        "redirect_from": ["/2025/06/19/hello.html"],
    }
    assert body == post.body
    text = (site / "_posts" / "2025-06-19-hello.md").read_text(encoding="utf-8")
    assert text.startswith("---\nlayout: post\ntitle: 'Hello: world'\n")
    assert "开源" in text  # unicode written as is, not escaped


def test_drafts_hidden_and_scheduled_posts(tmp_path, make_post):
    make_post(slug="draft", status=Post.Status.DRAFT, publish=local(2025, 1, 1, 9, 0))
    make_post(slug="hidden", hidden=True, publish=local(2025, 1, 2, 9, 0))
    make_post(slug="later", publish=timezone.now() + timezone.timedelta(days=30))
    site, result = export(tmp_path)
    assert "(1 published, 1 scheduled, 1 drafts)" in result.stdout
    assert read(site / "_posts" / "2025-01-01-draft.md")[0]["published"] is False
    hidden = read(site / "_posts" / "2025-01-02-hidden.md")[0]
    assert hidden["hidden"] is True and "published" not in hidden
    [later] = [p for p in (site / "_posts").iterdir() if p.name.endswith("-later.md")]
    assert "published" not in read(later)[0]


def test_chinese_slug_is_kept_in_the_file_name_and_the_permalink(tmp_path, make_post):
    make_post(title="开源与商业", slug="开源与商业", publish=local(2024, 2, 10, 8, 0))
    site, _ = export(tmp_path)
    front, _body = read(site / "_posts" / "2024-02-10-开源与商业.md")
    assert front["permalink"] == "/2024/02/10/开源与商业/"


@pytest.mark.parametrize("zone, name", [("Asia/Shanghai", "2025-06-19-midnight.md"), ("UTC", "2025-06-18-midnight.md")])
def test_file_name_carries_the_local_date(tmp_path, make_post, settings, zone, name):
    settings.TIME_ZONE = zone
    make_post(slug="midnight", publish=timezone.datetime(2025, 6, 18, 16, 30, tzinfo=timezone.get_fixed_timezone(0)))
    site, _ = export(tmp_path)
    assert [p.name for p in (site / "_posts").iterdir()] == [name]
    front, _ = read(site / "_posts" / name)
    assert front["permalink"].startswith("/" + name[:10].replace("-", "/") + "/")


def test_body_is_written_byte_for_byte(tmp_path, make_post):
    body = "Line\r\n\r\n```\r\ncode  \r\n```\r\n\ttab\n  no final newline"
    make_post(slug="crlf", body=body, publish=local(2025, 1, 1, 9, 0))
    site, _ = export(tmp_path)
    raw = (site / "_posts" / "2025-01-01-crlf.md").read_bytes()
    assert raw.endswith(("---\n" + body).encode("utf-8"))


def test_uploaded_header_image_is_copied_beside_the_posts(tmp_path, make_post):
    post = make_post(
        slug="banner",
        publish=local(2025, 1, 1, 9, 0),
        header_image=SimpleUploadedFile("banner.jpg", image_bytes(size=(900, 300))),
    )
    site, result = export(tmp_path)
    front, _ = read(site / "_posts" / "2025-01-01-banner.md")
    assert front["header-img"] == "img/posts/2025-01-01-banner.jpg"
    with default_storage.open(post.header_image.name, "rb") as fh:
        assert (site / front["header-img"]).read_bytes() == fh.read()
    assert "and 1 images" in result.stdout


def test_media_linked_from_bodies_is_copied_under_the_same_path(tmp_path, make_post, settings):
    name = default_storage.save("images/2025/01/chart.png", ContentFile(image_bytes("PNG")))
    default_storage.save("jekyll/img/in-post/old.png", ContentFile(image_bytes("PNG")))
    make_post(
        slug="linked",
        publish=local(2025, 1, 1, 9, 0),
        body=f"![a](/media/{name})\n\n![b](/img/in-post/old.png)\n\n![c](/img/missing.png)\n",
    )
    site, _ = export(tmp_path)
    assert (site / "media" / name).read_bytes() == default_storage.open(name).read()
    assert (site / "img" / "in-post" / "old.png").is_file()
    assert not (site / "img" / "missing.png").exists()


def test_config_is_written_once_and_never_overwritten(tmp_path, make_post):
    make_post(slug="x", publish=local(2025, 1, 1, 9, 0))
    site, _ = export(tmp_path)
    config = yaml.safe_load((site / "_config.yml").read_text(encoding="utf-8"))
    assert config["timezone"] == "Asia/Shanghai" and config["permalink"] == "pretty"
    (site / "_config.yml").write_text("title: Mine\n", encoding="utf-8")
    export(tmp_path)
    assert (site / "_config.yml").read_text(encoding="utf-8") == "title: Mine\n"


def test_exporting_twice_overwrites_its_own_files_only(tmp_path, make_post):
    make_post(slug="x", publish=local(2025, 1, 1, 9, 0))
    site, _ = export(tmp_path)
    (site / "_posts" / "2020-01-01-theirs.md").write_text("keep me", encoding="utf-8")
    export(tmp_path)
    assert sorted(p.name for p in (site / "_posts").iterdir()) == ["2020-01-01-theirs.md", "2025-01-01-x.md"]


def test_the_seed_exports_as_the_hux_post_it_came_from(tmp_path, seed):
    site, _ = export(tmp_path)
    front, body = read(site / "_posts" / "2025-06-19-105626.md")
    original, original_body = split_front_matter(SEED.read_text(encoding="utf-8"))
    assert body == original_body
    for key in ("title", "subtitle", "author", "header-img", "permalink", "tags"):
        assert front[key] == original[key], key
    assert front["date"] == "2025-06-19 00:00:00 +0800"


def test_a_file_target_is_an_error(tmp_path):
    (tmp_path / "file").write_text("x")
    assert run("export_jekyll", tmp_path / "file").error is not None
