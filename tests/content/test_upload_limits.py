"""Uploads are bounded before decoding (bytes, pixels, frames, memory), stored as pixels only
(no comment, XMP, EXIF, ICC or text chunk survives, so no image/script polyglot does), stills
scaled down to UPLOAD_MAX_SIDE, animations kept animated within their limits."""

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from blog.content import imagelimits, images
from tests import image_files


def upload(data, name="upload.bin"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refused(data):
    with pytest.raises(ValidationError) as err:
        images.clean(upload(data))
    return err.value


def opened(cleaned):
    cleaned.seek(0)
    return Image.open(io.BytesIO(cleaned.read()))


# --- Bombs: refused from their headers, nothing decoded ---------------------------------------
def test_the_issues_gif_bomb_is_refused_from_its_header(monkeypatch):
    data = image_files.gif_bomb()  # 6000×6000, 60 frames, ~1.6 MB
    assert 1_000_000 < len(data) < 3_000_000
    decoded = []
    load = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size) or load(self))
    error = refused(data)
    assert error.code == "bomb"
    assert "6000×6000" in error.messages[0]
    assert (6000, 6000) not in decoded  # refused before a single frame was decoded


def test_too_many_frames_are_refused(settings):
    settings.UPLOAD_MAX_FRAMES = 10
    error = refused(image_files.animated_gif(frames=11))
    assert error.code == "bomb" and "11" in error.messages[0] and "10" in error.messages[0]


def test_an_animation_too_big_for_memory_is_refused(settings):
    settings.UPLOAD_MAX_MEMORY = 20 * 1024 * 1024
    data = image_files.gif_bomb(2000, 2000, 8)  # small frames count, 32 MB held while writing
    error = refused(data)
    assert error.code == "bomb" and "MB" in error.messages[0]


def test_a_still_too_big_for_memory_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("RGBA", (6000, 6000), (1, 2, 3, 4)).save(out, format="PNG")
    header = imagelimits.Header("PNG", "RGBA", 6000, 6000, 1)
    assert imagelimits.memory_needed(header, imagelimits.limits()) > imagelimits.limits().max_memory
    error = refused(out.getvalue())
    assert error.code == "bomb" and "PNG" in error.messages[0] and "JPEG" in error.messages[0]


def test_pixels_and_bytes_limits_are_settings(settings):
    data = image_files.photo_jpeg(1000, 800)
    settings.UPLOAD_MAX_PIXELS = 500_000
    assert refused(data).code == "bomb"
    settings.UPLOAD_MAX_PIXELS = 40_000_000
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    assert refused(data).code == "too_large"


def test_a_file_of_unknown_size_is_read_no_further_than_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    stream = io.BytesIO(image_files.photo_jpeg(300, 300))  # no .size: read up to the limit
    assert not hasattr(stream, "size") and len(stream.getvalue()) > 1000
    with pytest.raises(ValidationError) as err:
        images.clean(stream)
    assert err.value.code == "too_large"


def test_a_legal_huge_jpeg_is_decoded_at_reduced_scale_and_stored_at_the_max_side(settings):
    cleaned = images.clean(upload(image_files.photo_jpeg(6324, 6324)), variants=True)
    assert cleaned.dimensions == (2560, 2560)
    assert opened(cleaned).size == (2560, 2560)
    assert [w for w, key, _ext, _data in cleaned.make_variants() if key == "jpeg"] == [640, 1280, 1920]


def test_jpeg_scale_keeps_at_least_three_quarters_of_the_max_side():
    lim = imagelimits.limits()
    assert imagelimits.jpeg_scale(imagelimits.Header("JPEG", "RGB", 6324, 6324, 1), lim) == 2
    assert imagelimits.jpeg_scale(imagelimits.Header("JPEG", "RGB", 3000, 2000, 1), lim) == 1
    assert imagelimits.jpeg_scale(imagelimits.Header("JPEG", "RGB", 16000, 2500, 1), lim) == 8
    assert imagelimits.jpeg_scale(imagelimits.Header("PNG", "RGB", 6324, 6324, 1), lim) == 1


# --- Animations ---------------------------------------------------------------------------------
def test_an_animated_gif_within_limits_stays_animated():
    cleaned = images.clean(upload(image_files.animated_gif(frames=12)))
    result = opened(cleaned)
    assert result.format == "GIF" and result.n_frames == 12
    result.seek(5)
    assert result.info["duration"] == 80
    assert result.info.get("loop") == 0


def test_animated_webp_and_apng_stay_animated():
    frames = [Image.new("RGBA", (64, 48), (i * 40, 0, 0, 255)) for i in range(4)]
    for fmt in ("WEBP", "PNG"):
        out = io.BytesIO()
        frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], duration=120, loop=0)
        result = opened(images.clean(upload(out.getvalue())))
        assert result.format == fmt and result.n_frames == 4, fmt


def test_an_animation_wider_than_the_max_side_is_refused(settings):
    settings.UPLOAD_MAX_SIDE = 200
    error = refused(image_files.animated_gif(width=320, frames=3))
    assert "200" in error.messages[0] and "320×180" in error.messages[0]


# --- Pixels only --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, fmt",
    [
        (image_files.jpeg_polyglot, "JPEG"),
        (image_files.gif_polyglot, "GIF"),
        (image_files.png_polyglot, "PNG"),
        (image_files.webp_polyglot, "WEBP"),
    ],
)
def test_a_polyglot_loses_its_script_and_every_metadata(make, fmt):
    data = make()
    assert image_files.SCRIPT in data
    original = Image.open(io.BytesIO(data))
    assert original.format == fmt
    cleaned = images.clean(upload(data))
    stored = cleaned.read()
    assert image_files.SCRIPT not in stored and b"<script" not in stored.lower()
    assert b"xmpmeta" not in stored and b"XMP" not in stored
    result = Image.open(io.BytesIO(stored))
    result.load()
    assert result.format == fmt
    assert not result.getexif()
    for key in ("comment", "exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "Comment", "Author", "extension"):
        assert key not in result.info, (key, result.info.keys())
    if fmt == "JPEG":  # nothing but the JFIF header, tables and the image data
        assert _segments(stored) <= {"SOI", "APP0", "DQT", "SOF", "DHT", "SOS", "EOI"}


def _segments(jpeg):
    """The kinds of segment a JPEG holds, up to its image data."""
    names, i = set(), 2
    names.add("SOI")
    while i < len(jpeg) - 1 and jpeg[i] == 0xFF:
        marker = jpeg[i + 1]
        length = struct.unpack(">H", jpeg[i + 2 : i + 4])[0]
        names.add(
            {0xE0: "APP0", 0xDB: "DQT", 0xC4: "DHT", 0xDA: "SOS", 0xFE: "COM"}.get(
                marker, "SOF" if 0xC0 <= marker <= 0xC2 else f"{marker:02X}"
            )
        )
        if marker == 0xDA:
            names.add("EOI")
            break
        i += 2 + length
    return names


def test_colours_are_converted_to_srgb_and_the_profile_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (250, 10, 10)).save(out, format="PNG", icc_profile=profile)
    result = opened(images.clean(upload(out.getvalue())))
    assert "icc_profile" not in result.info
    assert result.convert("RGB").getpixel((5, 5))[0] > 240


def test_palette_transparency_survives_cleaning():
    image = Image.new("P", (20, 20), 1)
    image.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=1)
    result = opened(images.clean(upload(out.getvalue())))
    assert result.convert("RGBA").getpixel((3, 3))[3] == 0


def test_the_name_gets_the_real_extension_and_storage_an_unguessable_name():
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, format="PNG")
    cleaned = images.clean(upload(png.getvalue(), "holiday photo.jpg"))
    assert cleaned.name == "holiday photo.png"
    name = images.UploadTo("headers")(None, cleaned.name)
    assert name.startswith("headers/") and name.endswith(".png") and "holiday" not in name
    assert name != images.UploadTo("headers")(None, cleaned.name)
