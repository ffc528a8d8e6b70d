"""Uploads in the admin: checked with Pillow, cleaned, errors on the form, and a
valid upload is kept when the form fails elsewhere."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from blog.admin.uploads import KEPT_DIR, purge_kept_uploads
from blog.models import Image, Post
from tests.admin_helpers import (
    ADD_URL,
    bomb_png,
    field_errors,
    gps_exif,
    huge_png,
    image_bytes,
    post_data,
    upload,
)

IMAGE_ADD = "/admin/blog/image/add/"


def kept_token(html, name="header_image_kept"):
    match = re.search(r'<input type="hidden" name="%s" value="([^"]+)"' % name, html)
    return match.group(1) if match else ""


def pending_files():
    try:
        return default_storage.listdir(KEPT_DIR)[1]
    except FileNotFoundError:
        return []


# --- Refused files: clear errors, the rest of the form kept ------------------------------
@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"This is plain text, renamed.", "notes.jpg", "not a JPEG, PNG, WebP or GIF"),
        (bomb_png(), "bomb.png", "too many pixels"),
        (huge_png(), "huge.png", "at most 10 MB"),
    ],
    ids=["text-renamed-jpg", "png-bomb", "over-10-MB"],
)
def test_refused_header_image_is_a_clear_error_and_the_form_is_kept(
    admin_client, author, settings, data, name, message
):
    settings.LANGUAGE_CODE = "en"
    response = admin_client.post(
        ADD_URL, post_data(author, title="Kept title", body="Kept **body** text", header_image=upload(data, name))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_errors(html, "header_image")
    assert "Kept title" in html and "Kept **body** text" in html
    assert not Post.objects.exists()
    assert not kept_token(html)


@pytest.mark.parametrize("data, name", [(b"text", "notes.jpg"), (bomb_png(), "bomb.png")])
def test_refused_image_uploads_in_the_image_admin(admin_client, data, name):
    response = admin_client.post(IMAGE_ADD, {"alt": "替代文字", "file": upload(data, name)})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "file")
    assert "替代文字" in response.content.decode()
    assert not Image.objects.exists()


# --- Cleaning ----------------------------------------------------------------------------
def test_image_admin_strips_gps_applies_orientation_and_records_the_uploader(admin_client, admin_user):
    data = image_bytes(size=(400, 200), exif=gps_exif())
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload has GPS
    response = admin_client.post(IMAGE_ADD, {"alt": "一张[照片]", "file": upload(data, "photo.jpg")})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.uploaded_by == admin_user
    with default_storage.open(image.file.name, "rb") as fh:
        stored = PILImage.open(io.BytesIO(fh.read()))
        assert stored.size == (200, 400)  # orientation applied
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert (image.width, image.height) == (200, 400)


def test_image_admin_shows_thumbnail_and_a_markdown_snippet_to_copy(admin_client):
    admin_client.post(IMAGE_ADD, {"alt": "图 [1]", "file": upload(image_bytes("PNG"), "chart.png")})
    image = Image.objects.get()
    snippet = f"![图 1]({image.file.url})"
    assert image.markdown == snippet
    listing = admin_client.get("/admin/blog/image/").content.decode()
    assert f'src="{image.file.url}"' in listing
    assert f'data-copy="{snippet}"' in listing
    change = admin_client.get(f"/admin/blog/image/{image.pk}/change/").content.decode()
    assert f"<code>{snippet}</code>" in change
    assert 'class="button copy-snippet"' in change
    assert 'src="/static/blog-admin/copy.js"' in change


def test_header_upload_on_the_post_makes_variants_without_metadata(admin_client, author):
    data = image_bytes(size=(2000, 1000), exif=gps_exif())
    response = admin_client.post(ADD_URL, post_data(author, header_image=upload(data, "banner.jpg")))
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    assert [w for w, _ in post.header_image_variants["jpeg"]] == [640, 1000]  # rotated: 1000 wide
    with default_storage.open(post.header_image.name, "rb") as fh:
        assert not PILImage.open(io.BytesIO(fh.read())).getexif()


# --- Keeping a valid upload across an error elsewhere ------------------------------------
def test_valid_header_image_is_kept_when_another_field_fails(admin_client, author, settings):
    settings.LANGUAGE_CODE = "en"
    data = image_bytes(size=(1600, 900), exif=gps_exif())
    response = admin_client.post(
        ADD_URL, post_data(author, title="", body="正文", header_image=upload(data, "keep-me.jpg"))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "title")
    assert "Image kept: keep-me.jpg" in html
    token = kept_token(html)
    assert token
    assert len(pending_files()) == 1
    # The kept copy is already cleaned: no GPS even while pending.
    with default_storage.open(f"{KEPT_DIR}/{pending_files()[0]}", "rb") as fh:
        assert not PILImage.open(io.BytesIO(fh.read())).getexif()

    # Still failing (another error): still kept, same file.
    response = admin_client.post(ADD_URL, post_data(author, title="", header_image_kept=token))
    assert "Image kept: keep-me.jpg" in response.content.decode()
    token = kept_token(response.content.decode())
    assert len(pending_files()) == 1

    # Fixed: saved with the kept image, no need to choose the file again.
    response = admin_client.post(ADD_URL, post_data(author, title="终于好了", header_image_kept=token))
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    assert post.header_image.name.startswith("headers/")
    assert "keep-me" not in post.header_image.name  # stored under an unguessable name
    assert post.header_image_variants["jpeg"]
    assert pending_files() == []


def test_a_new_upload_or_clear_replaces_the_kept_one(admin_client, author, make_post):
    response = admin_client.post(ADD_URL, post_data(author, title="", header_image=upload(name="first.jpg")))
    token = kept_token(response.content.decode())
    response = admin_client.post(
        ADD_URL,
        post_data(author, title="新图", header_image_kept=token, header_image=upload(image_bytes("PNG"), "second.png")),
    )
    assert response.status_code == 302
    assert Post.objects.get().header_image.name.endswith(".png")  # the second, a PNG
    assert pending_files() == []

    post = make_post()
    url = f"/admin/blog/post/{post.pk}/change/"
    response = admin_client.post(url, post_data(author, title="", slug=post.slug, header_image=upload(name="x.jpg")))
    token = kept_token(response.content.decode())
    response = admin_client.post(
        url, post_data(author, title="清除", slug=post.slug, header_image_kept=token, **{"header_image-clear": "on"})
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.header_image
    assert pending_files() == []


def test_a_forged_or_foreign_token_is_ignored(admin_client, author):
    from django.core import signing

    default_storage.save("headers/someone-else.jpg", io.BytesIO(image_bytes()))
    forged = signing.dumps({"n": "headers/someone-else.jpg", "o": "x.jpg"}, salt="blog.forms.kept-upload")
    for token in ("garbage", forged, signing.dumps({"n": "pending/x.jpg", "o": "x.jpg"}, salt="other")):
        response = admin_client.post(ADD_URL, post_data(author, title=f"t{len(token)}", header_image_kept=token))
        assert response.status_code == 302
    assert not any(p.header_image for p in Post.objects.all())


def test_kept_image_in_the_image_admin_when_alt_text_is_missing(admin_client):
    response = admin_client.post(IMAGE_ADD, {"alt": "", "file": upload(image_bytes("PNG"), "diagram.png")})
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "alt")
    token = kept_token(html, "file_kept")
    response = admin_client.post(IMAGE_ADD, {"alt": "示意图", "file_kept": token})
    assert response.status_code == 302
    assert Image.objects.get().file.name.startswith("images/")
    assert pending_files() == []


def test_abandoned_kept_uploads_are_purged(db, settings):
    from datetime import timedelta

    from django.utils import timezone

    default_storage.save(f"{KEPT_DIR}/old.jpg", io.BytesIO(image_bytes()))
    purge_kept_uploads(now=timezone.now())
    assert pending_files() == ["old.jpg"]
    purge_kept_uploads(now=timezone.now() + timedelta(days=3))
    assert pending_files() == []


def test_image_is_kept_when_only_an_inline_fails(admin_client, author, settings):
    settings.LANGUAGE_CODE = "en"
    data = post_data(
        author,
        title="表单本身没问题",
        header_image=upload(name="inline.jpg"),
        **{
            "legacy_urls-TOTAL_FORMS": "1",
            "legacy_urls-0-path": "/" + "x" * 600,
        },
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Image kept: inline.jpg" in html
    token = kept_token(html)
    data.update({"legacy_urls-0-path": "/old/path/", "header_image_kept": token})
    del data["header_image"]
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get()
    assert post.header_image and post.header_image_variants["jpeg"]
    assert post.legacy_urls.get().path == "/old/path/"
    assert pending_files() == []
