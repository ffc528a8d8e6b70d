"""Helpers shared by the admin tests: real image bytes and post form data."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ADD_URL = "/admin/blog/post/add/"


def image_bytes(fmt="JPEG", size=(800, 450), color=(200, 80, 40), exif=None):
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    params = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **params)
    return out.getvalue()


def upload(data=None, name="header.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type=content_type)


def gps_exif():
    """EXIF with a camera name, an orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: shown 90° clockwise
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 0.0)
    return exif.tobytes()


def bomb_png():
    """A small PNG that claims 10000×10000 pixels (100 MP) once decoded."""
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, format="PNG")
    return out.getvalue()


def huge_png():
    """A real PNG over 10 MB (incompressible noise)."""
    import os

    side = 1900
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    data = out.getvalue()
    assert len(data) > 10 * 1024 * 1024
    return data


def post_data(author, **overrides):
    """A complete, valid POST for the post add/change form."""
    data = {
        "title": "管理后台的文章",
        "subtitle": "",
        "slug": "",
        "body": "## 小节\n\n正文。",
        "tags": "",
        "status": "draft",
        "publish_0": "2025-06-19",
        "publish_1": "10:56:26",
        "author": author.pk,
        "summary": "",
        "header_image_url": "",
        "header_mask": "",
        "header_image_kept": "",
        "legacy_urls-TOTAL_FORMS": "0",
        "legacy_urls-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def field_errors(html, field):
    """The text of the error list rendered for one admin form field."""
    match = re.search(
        r'<div class="form-row[^"]*field-%s[^"]*">\s*<ul class="errorlist"[^>]*>(.*?)</ul>' % re.escape(field),
        html,
        re.S,
    )
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""
