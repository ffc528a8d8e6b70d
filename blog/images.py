"""Uploaded images: checked, cleaned and resized with Pillow.

Every upload (header images, images inside posts, avatars) goes through
``validate_image`` (a real JPEG/PNG/WebP/GIF, size and pixel limits, so a
decompression bomb is refused before it is decoded) and ``clean_image`` (EXIF
orientation applied, EXIF/GPS/XMP metadata dropped). Header images also get
resized variants for ``srcset``.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
VARIANT_WIDTHS = (640, 1280, 1920)
VARIANT_FORMATS = (("webp", "WEBP"), ("jpeg", "JPEG"))

# Pillow's own bomb guard stays on as a second line of defence.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _open(file):
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(file)


def validate_image(file):
    """Raise ValidationError unless ``file`` is an acceptable image."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; images may be at most %(max)d MB.")
            % {"size": size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    try:
        image = _open(file)
        fmt = image.format
        width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels to be processed safely."), code="bomb")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Upload a valid image: the file is not a JPEG, PNG, WebP or GIF image, or it is damaged."),
            code="invalid_image",
        )
    if fmt not in FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP or GIF (this one is %(format)s).") % {"format": fmt or "?"},
            code="format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The image is %(w)d×%(h)d pixels; at most %(max)d megapixels are allowed.")
            % {"w": width, "h": height, "max": MAX_PIXELS // 1_000_000},
            code="bomb",
        )
    try:
        # Decode fully: a truncated or corrupt file fails here, not later.
        image.load()
    except Exception:
        raise ValidationError(_("The image is damaged and cannot be read."), code="invalid_image")
    finally:
        file.seek(0)


def clean_image(file):
    """A copy of the image with orientation applied and metadata removed.

    Returns a ContentFile named like the original (extension matching the
    real format).
    """
    image = _open(file)
    fmt = image.format
    base = os.path.splitext(os.path.basename(getattr(file, "name", "") or "image"))[0] or "image"
    out = io.BytesIO()
    if fmt == "GIF" and getattr(image, "is_animated", False):
        # Animated GIFs carry no EXIF; re-saving every frame drops comments/XMP.
        image.save(
            out, format="GIF", save_all=True, loop=image.info.get("loop", 0), duration=image.info.get("duration")
        )
    else:
        image = ImageOps.exif_transpose(image)
        params = {}
        icc = image.info.get("icc_profile")
        if icc:
            params["icc_profile"] = icc
        if fmt == "JPEG":
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            params.update(quality=90, optimize=True, progressive=True)
        elif fmt == "WEBP":
            params.update(quality=90)
        elif fmt == "PNG":
            params.update(optimize=True)
        # No exif= / pnginfo=: Pillow writes no metadata unless asked to.
        image.save(out, format=fmt, **params)
    file.seek(0)
    return ContentFile(out.getvalue(), name=f"{base}.{FORMATS[fmt]}")


def process_upload(fieldfile):
    """Replace a freshly assigned upload by its cleaned copy (before saving)."""
    if fieldfile and not getattr(fieldfile, "_committed", True):
        cleaned = clean_image(fieldfile.file)
        fieldfile.save(cleaned.name, cleaned, save=False)
        return True
    return False


def make_variants(name, storage=None):
    """Resized WebP and JPEG copies of the stored image ``name``.

    Returns ``{"width": w, "height": h, "webp": [[width, name], ...], "jpeg": [...]}``
    where names are storage names (the storage may rename on collision).
    """
    storage = storage or default_storage
    with storage.open(name, "rb") as fh:
        image = Image.open(io.BytesIO(fh.read()))
        image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    width, height = image.size
    widths = [w for w in VARIANT_WIDTHS if w < width] + [min(width, VARIANT_WIDTHS[-1])]
    root, _ext = os.path.splitext(name)
    result = {"width": width, "height": height, "webp": [], "jpeg": []}
    for target in sorted(set(widths)):
        resized = (
            image
            if target == width
            else image.resize((target, max(1, round(height * target / width))), Image.Resampling.LANCZOS)
        )
        for key, fmt in VARIANT_FORMATS:
            out = io.BytesIO()
            if fmt == "JPEG":
                resized.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
                ext = "jpg"
            else:
                resized.save(out, format="WEBP", quality=80, method=4)
                ext = "webp"
            stored = storage.save(f"{root}-{target}w.{ext}", ContentFile(out.getvalue()))
            result[key].append([target, stored])
    return result


def delete_variants(variants, storage=None):
    storage = storage or default_storage
    for key in ("webp", "jpeg"):
        for _width, name in (variants or {}).get(key, []):
            try:
                storage.delete(name)
            except Exception:  # a missing file must not block saving the post
                pass
