"""Uploads are checked and cleaned with Pillow; header images get variants."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.content import images


def image_bytes(fmt="JPEG", size=(800, 600), exif=None, color=(200, 80, 40)):
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    params = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **params)
    return out.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_accepts_real_images(fmt):
    images.validate_image(upload(image_bytes(fmt), f"x.{fmt.lower()}"))


def test_refuses_text_pretending_to_be_an_image():
    with pytest.raises(ValidationError) as err:
        images.validate_image(upload(b"not an image at all", "evil.jpg"))
    assert err.value.code == "invalid_image"


def test_refuses_other_formats():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(ValidationError) as err:
        images.validate_image(upload(out.getvalue(), "x.bmp"))
    assert err.value.code == "format"


def test_refuses_too_large_files():
    big = upload(image_bytes())
    big.size = settings.UPLOAD_MAX_BYTES + 1
    with pytest.raises(ValidationError) as err:
        images.validate_image(big)
    assert err.value.code == "too_large"


def test_refuses_decompression_bombs():
    # A tiny PNG that claims 10000×10000 pixels (100 MP) once decoded.
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, format="PNG")
    data = out.getvalue()
    assert len(data) < 200_000
    with pytest.raises(ValidationError) as err:
        images.validate_image(upload(data, "bomb.png"))
    assert err.value.code == "bomb"


def test_refuses_truncated_images():
    data = image_bytes(size=(400, 400))
    with pytest.raises(ValidationError) as err:
        images.clean(upload(data[: len(data) // 2]))
    assert err.value.code == "invalid_image"


def test_clean_applies_orientation_and_strips_gps():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[2] = (31.0, 14.0, 0.0)
    data = image_bytes(size=(400, 200), exif=exif.tobytes())
    cleaned = images.clean_image(upload(data))
    result = Image.open(io.BytesIO(cleaned.read()))
    assert result.size == (200, 400)
    assert not result.getexif()
    assert "exif" not in result.info


def test_variants_are_resized_webp_and_jpeg(tmp_path, settings):
    from django.core.files.storage import default_storage

    name = default_storage.save("headers/big.jpg", upload(image_bytes(size=(2400, 1200))))
    variants = images.make_variants(name)
    assert [w for w, _ in variants["webp"]] == [640, 1280, 1920]
    assert [w for w, _ in variants["jpeg"]] == [640, 1280, 1920]
    with default_storage.open(variants["webp"][0][1]) as fh:
        small = Image.open(fh)
        assert small.format == "WEBP" and small.size == (640, 320)


def test_small_image_gets_one_variant_at_its_own_width(settings):
    from django.core.files.storage import default_storage

    name = default_storage.save("headers/small.png", upload(image_bytes("PNG", size=(500, 300)), "small.png"))
    variants = images.make_variants(name)
    assert [w for w, _ in variants["jpeg"]] == [500]


def test_post_header_upload_is_cleaned_and_resized(make_post):
    post = make_post(header_image=upload(image_bytes(size=(1600, 900)), "banner.jpg"))
    assert [w for w, _ in post.header_image_variants["jpeg"]] == [640, 1280, 1600]
    assert post.header_src.endswith("-1600w.jpg")
    assert "640w" in post.header_srcset("webp")
