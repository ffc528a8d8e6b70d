"""Uploaded images: checked before decoding, cleaned into pure pixels, resized.

Every upload (header images, images inside posts, avatars) goes through ``clean``:

1. ``inspect`` reads the file's header only: a real JPEG, PNG, WebP or GIF within the limits in
   the settings (``UPLOAD_MAX_*``: bytes, pixels of an image, frames and pixels of an animation
   over all its frames), so a decompression bomb is refused before anything is decoded;
2. a still is decoded once, a JPEG directly at the scale it is stored at (DCT scaling), and
   scaled down to ``UPLOAD_MAX_SIDE`` on its long side (as WordPress and Ghost do with big
   photos); an animation keeps its frames, decoded one at a time;
3. the pixels alone are written again: the EXIF orientation applied, colours converted to sRGB
   by their ICC profile, and no metadata of any kind kept (EXIF, GPS, XMP, ICC, JPEG COM
   segments, PNG text chunks, GIF comments and application extensions).

The result is a ``CleanedImage``, an upload that can be assigned to a model's image field as it
is; header images also get resized WebP/JPEG ``variants`` for ``srcset``. Callers do this work
before they open a database transaction (``blog.writing.headers``, ``blog.admin.uploads``), so a
slow image never holds a write lock.
"""

import io
import os
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.templatetags.static import static
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

from . import animations, imagelimits
from .imagelimits import Header, limits, refuse

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
VARIANT_WIDTHS = (640, 1280, 1920)
VARIANT_FORMATS = (("webp", "WEBP", "webp"), ("jpeg", "JPEG", "jpg"))
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
ORIENTATION = 0x0112


def NOT_AN_IMAGE():  # noqa: N802 (a message, translated when shown)
    return _("Upload a valid image: the file is not a JPEG, PNG, WebP or GIF image, or it is damaged.")


# What Pillow may raise on a damaged or hostile file, beyond ValidationError.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, ImageCms.PyCMSError)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

ImageFile.LOAD_TRUNCATED_IMAGES = False


class CleanedImage(SimpleUploadedFile):
    """An upload made of pixels only, ready to be stored as it is.

    ``picture`` is the decoded still (an animation's first frame) while variants may still be
    wanted; ``make_variants()`` uses it and then lets it go.
    """

    def __init__(self, name, content, header, picture=None, dimensions=None):
        super().__init__(name, content, content_type=Image.MIME[header.format])
        self.header = header
        self.picture = picture
        self.dimensions = dimensions or (picture.size if picture else (header.width, header.height))
        self.variants = None

    def make_variants(self):
        """The resized copies for srcset: ``[(width, key, extension, bytes), ...]``."""
        if self.variants is None:
            picture = self.picture or _decode_stored(self)
            self.variants = resized_variants(picture)
            self.picture = None
        return self.variants


class RefusedUpload(SimpleUploadedFile):
    """An upload ``clean`` refused, with why: the form field reports ``error`` on the field."""

    def __init__(self, name, error):
        super().__init__(name, b"", content_type="application/octet-stream")
        self.error = error


@deconstructible
class UploadTo:
    """Unguessable storage names (``headers/2025/06/<32 hex digits>.jpg``): an upload's
    original file name never appears in a URL, and nobody can guess a draft's images."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
        ext = ext if ext in FORMATS.values() else "jpg"
        return f"{self.prefix}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{ext}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.prefix == self.prefix


# --- Checking, before decoding -------------------------------------------------------------
def _read(file, lim):
    """The bytes of ``file``, at most the size limit (a file of unknown size is read only that far)."""
    imagelimits.check_bytes(getattr(file, "size", None), lim)
    file.seek(0)
    data = file.read(lim.max_bytes + 1)
    file.seek(0)
    imagelimits.check_bytes(len(data), lim)
    return io.BytesIO(data)


def _open(file, lim):
    """Open ``file`` (a copy of its bytes) reading its header only; ValidationError for anything
    not one of ours."""
    source = _read(file, lim)
    Image.MAX_IMAGE_PIXELS = lim.max_pixels  # Pillow's own guard, a second line of defence
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(source, formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(_("The image has too many pixels to be processed safely."), "bomb")
    except UnidentifiedImageError:
        _refuse_other_format(source)
    except DECODE_ERRORS:
        pass
    refuse(NOT_AN_IMAGE(), "invalid_image")


def _refuse_other_format(file):
    """Name the format of an image we do not take (header parsing only), or say it is none."""
    file.seek(0)
    try:
        with Image.open(file) as other:
            fmt = other.format
    except Exception:  # not an image Pillow knows at all
        fmt = None
    if fmt:
        refuse(_("Images must be JPEG, PNG, WebP or GIF (this one is %(format)s).") % {"format": fmt}, "format")
    refuse(NOT_AN_IMAGE(), "invalid_image")


def inspect(image, lim):
    """The ``Header`` of an opened image, or ValidationError when it is beyond the limits.

    Counting frames reads the file's frame headers (GIF) or its container (APNG, WebP); no
    frame is decoded.
    """
    width, height = image.size
    imagelimits.check_pixels(width, height, lim)
    try:
        frames = getattr(image, "n_frames", 1)
    except DECODE_ERRORS:
        refuse(_("The image is damaged and cannot be read."), "invalid_image")
    header = Header(image.format, image.mode, width, height, frames)
    imagelimits.check(header, lim)
    return header


def validate_image(value):
    """The image fields' validator: a new upload's header checks (``clean`` does the rest).

    Stored files and uploads already cleaned pass without being read again.
    """
    if getattr(value, "_committed", False):
        return
    upload = value.file if isinstance(value, FieldFile) else value
    if isinstance(upload, CleanedImage):
        return
    if isinstance(upload, RefusedUpload):
        raise upload.error
    lim = limits()
    with _open(upload, lim) as image:
        inspect(image, lim)


# --- Cleaning --------------------------------------------------------------------------------
def clean(file, *, variants=False):
    """A ``CleanedImage`` of ``file`` (see the module docstring); ValidationError with the
    reason for anything refused. ``variants=True`` makes the resized copies too."""
    if isinstance(file, CleanedImage):
        if variants:
            file.make_variants()
        return file
    lim = limits()
    image = _open(file, lim)
    picture = None
    try:
        header = inspect(image, lim)
        if header.animated:
            data = animations.reencode(image, header)
        else:
            picture = decode_still(image, header, lim)
            data = encode_still(picture, header.format)
    except ValidationError:
        raise
    except (*DECODE_ERRORS, MemoryError, Image.DecompressionBombError):
        refuse(_("The image is damaged and cannot be read."), "invalid_image")
    finally:
        if picture is not image:  # else its pixels are the picture, kept for the variants
            image.close()
    name = _named(getattr(file, "name", None), header.format)
    dimensions = picture.size if picture is not None else (header.width, header.height)
    cleaned = CleanedImage(name, data, header, dimensions=dimensions)
    if variants:
        cleaned.variants = resized_variants(picture) if picture is not None else None
        cleaned.make_variants()
    return cleaned


def _named(original, fmt):
    """The upload's name with the extension of what it really is (only shown to editors:
    stored files get unguessable names, ``UploadTo``)."""
    stem = os.path.splitext(os.path.basename(original or ""))[0] or "image"
    return f"{stem}.{FORMATS[fmt]}"


def trusted(name, content):
    """A ``CleanedImage`` of bytes this site cleaned before (a kept upload): only its header
    is read."""
    with Image.open(io.BytesIO(content), formats=list(FORMATS)) as image:
        header = Header(image.format, image.mode, image.width, image.height, getattr(image, "n_frames", 1))
    return CleanedImage(_named(name, header.format), content, header)


def clean_image(file):
    """``clean`` under its older name (the Jekyll importer's)."""
    return clean(file)


def fit(size, max_side):
    """``size`` scaled down (never up) so that its long side is at most ``max_side``."""
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode_still(image, header, lim):
    """The still's pixels at the stored size, upright, in sRGB, without metadata."""
    scale = imagelimits.jpeg_scale(header, lim)
    if scale > 1:  # decoded at 1/2, 1/4 or 1/8 of its size (imagelimits.jpeg_scale)
        image.draft(image.mode, (header.width // scale, header.height // scale))
    image.load()
    target = fit(image.size, lim.max_side)
    orientation = _orientation(image)
    icc = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    picture = image
    if picture.size != target:
        picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if orientation in TRANSPOSE:
        picture = picture.transpose(TRANSPOSE[orientation])
    if icc:
        converted = to_srgb(picture, icc)
        if converted is not picture:  # new colours: a palette index or colour key means nothing now
            picture, transparency = converted, None
    picture.info = {} if transparency is None else {"transparency": transparency}
    return picture


def _orientation(image):
    try:
        return image.getexif().get(ORIENTATION, 1)
    except DECODE_ERRORS:  # unreadable EXIF: shown as stored
        return 1


def to_srgb(picture, icc):
    """``picture`` converted from its ICC profile to sRGB (a broken profile: left as it is)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if picture.mode not in ("RGB", "RGBA", "L", "CMYK"):
            picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
        mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(picture, source, SRGB, outputMode=mode)
    except DECODE_ERRORS:
        return picture


def encode_still(picture, fmt):
    """The bytes of ``picture`` in ``fmt``, with nothing but what the pixels need."""
    params = {}
    if "transparency" in picture.info:
        params["transparency"] = picture.info["transparency"]
    if fmt == "JPEG":
        if picture.mode not in ("RGB", "L"):
            picture = _flatten(picture)
        params = {"quality": 90, "optimize": True, "progressive": True}
    elif fmt == "WEBP":
        params = {"quality": 90}
    elif fmt == "PNG":
        params["optimize"] = True
    out = io.BytesIO()
    picture.save(out, format=fmt, **params)
    return out.getvalue()


def _flatten(picture):
    """An RGB copy of ``picture``, transparent parts on white (JPEG has no alpha)."""
    if picture.mode == "CMYK":
        return picture.convert("RGB")
    rgba = picture.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _decode_stored(cleaned):
    """The first frame of an already cleaned image (a kept upload), for its variants."""
    cleaned.seek(0)
    with Image.open(io.BytesIO(cleaned.read()), formats=list(FORMATS)) as image:
        image.load()
        picture = image.copy()
    cleaned.seek(0)
    return picture


# --- Variants ------------------------------------------------------------------------------
def resized_variants(picture):
    """WebP and JPEG copies of ``picture`` at each of ``VARIANT_WIDTHS`` below its width (and
    at its own width, up to the largest): ``[(width, key, extension, bytes), ...]``."""
    if picture.mode not in ("RGB", "L"):
        picture = _flatten(picture)
    width, height = picture.size
    widths = sorted({w for w in VARIANT_WIDTHS if w < width} | {min(width, VARIANT_WIDTHS[-1])})
    result = []
    for target in widths:
        resized = picture
        if target != width:
            resized = picture.resize((target, max(1, round(height * target / width))), Image.Resampling.LANCZOS)
        for key, fmt, ext in VARIANT_FORMATS:
            out = io.BytesIO()
            if fmt == "JPEG":
                resized.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
            else:
                resized.save(out, format="WEBP", quality=80, method=4)
            result.append((target, key, ext, out.getvalue()))
    return result


def variant_name(name, width, ext):
    """The storage name of a variant of the stored image ``name`` (see ``original_names``)."""
    root = name.rsplit(".", 1)[0]
    return f"{root}-{width}w.{ext}"


def store_variants(name, variants, dimensions, storage=None):
    """Store ``variants`` (``CleanedImage.make_variants()``) beside the stored image ``name``
    of ``dimensions`` (width, height).

    Returns ``{"width": w, "height": h, "webp": [[width, name], ...], "jpeg": [...]}`` with the
    names the storage chose.
    """
    storage = storage or default_storage
    result = {"width": dimensions[0], "height": dimensions[1], "webp": [], "jpeg": []}
    for width, key, ext, data in variants:
        stored = storage.save(variant_name(name, width, ext), io.BytesIO(data))
        result[key].append([width, stored])
    return result


def make_variants(name, storage=None):
    """Resized copies of the stored image ``name``, stored beside it (``store_variants``)."""
    storage = storage or default_storage
    with storage.open(name, "rb") as fh:
        data = fh.read()
    with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
        if image.format == "JPEG":
            image.draft(image.mode, fit(image.size, VARIANT_WIDTHS[-1]))
        image.load()
        picture = image
        orientation = TRANSPOSE.get(_orientation(image))
        if orientation is not None:  # files stored before cleaning applied it
            picture = picture.transpose(orientation)
        return store_variants(name, resized_variants(picture), picture.size, storage)


def delete_variants(variants, storage=None):
    storage = storage or default_storage
    for key in ("webp", "jpeg"):
        for _width, name in (variants or {}).get(key, []):
            try:
                storage.delete(name)
            except Exception:  # a missing file must not block saving the post
                pass


def process_upload(fieldfile):
    """Store a freshly assigned upload as its cleaned copy (before the model row is saved).

    The cleaning itself is done by then when the upload came through the admin (before its
    transaction); otherwise here. Returns the ``CleanedImage``, or None when nothing was new.
    """
    if not fieldfile or getattr(fieldfile, "_committed", True):
        return None
    cleaned = clean(fieldfile.file)
    fieldfile.save(cleaned.name, cleaned, save=False)
    return cleaned


def storage_url(name):
    """The public URL of a stored file."""
    return default_storage.url(name)


def static_or_url(value):
    """The URL of an image given as a static path (``img/post-bg.jpg``), a site path or an
    external URL."""
    if not value:
        return ""
    if value.startswith(("http://", "https://", "//", "/", "data:")):
        return value
    try:
        return static(value)
    except ValueError:  # not in the collected manifest
        return settings.STATIC_URL + value
