"""What an upload may be, decided from its header before a single pixel is decoded.

The settings (``UPLOAD_MAX_*``, README "Uploads") bound the file's size, an image's pixels, an
animation's frames, and the memory that decoding, scaling and re-encoding it will take: an
estimate from its size, format and colour mode, so that no upload can exhaust a worker whatever
it claims to be (a 1.6 MB GIF of 60 frames of 6000×6000 pixels is refused here, at no cost).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Bytes of memory per decoded pixel that cleaning a still takes at its peak (decoding, scaling
# down, converting colours, encoding it and its variants), by format, with and without
# transparency: conservative figures, calibrated with bench/uploads.py.
STILL_COST = {"JPEG": 10, "PNG": 10, "GIF": 10, "WEBP": 20}
STILL_ALPHA_COST = {"JPEG": 10, "PNG": 14, "GIF": 10, "WEBP": 36}
# Beyond the pixels: the upload's bytes held twice, the encoders' own buffers.
FIXED_COST = 32 * 1024 * 1024
# An animation: what Pillow's writer holds for every frame until it is done (a palette byte
# for GIF, full colour for APNG, nothing for WebP, which is written a frame at a time), plus
# the work on the frame in hand (compositing, converting, encoding).
FRAME_HELD = {"GIF": 1, "PNG": 4, "WEBP": 0.5}
FRAME_COST = 40
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    max_side: int
    max_frames: int
    max_memory: int


def limits():
    """The upload limits in force (config/settings.py, from the environment)."""
    return Limits(
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_pixels=settings.UPLOAD_MAX_PIXELS,
        max_side=settings.UPLOAD_MAX_SIDE,
        max_frames=settings.UPLOAD_MAX_FRAMES,
        max_memory=settings.UPLOAD_MAX_MEMORY,
    )


@dataclass(frozen=True)
class Header:
    """What the file says about itself before any pixel is decoded."""

    format: str
    mode: str
    width: int
    height: int
    frames: int

    @property
    def animated(self):
        return self.frames > 1

    @property
    def pixels(self):
        return self.width * self.height


def refuse(message, code):
    raise ValidationError(message, code=code)


def check_bytes(size, lim):
    if size is not None and size > lim.max_bytes:
        refuse(
            _("The file is %(size).1f MB; images may be at most %(max)d MB.")
            % {"size": size / 1024 / 1024, "max": lim.max_bytes // 1024 // 1024},
            "too_large",
        )


def check_pixels(width, height, lim):
    if width * height > lim.max_pixels:
        refuse(
            _("The image is %(w)d×%(h)d pixels; at most %(max)d megapixels are allowed.")
            % {"w": width, "h": height, "max": lim.max_pixels // 1_000_000},
            "bomb",
        )


def jpeg_scale(header, lim):
    """The DCT scale (1, 2, 4 or 8) a JPEG is decoded at: the smallest picture that still has
    at least three quarters of ``max_side`` on its long side (it is then stored at that size,
    or scaled down to ``max_side``)."""
    if header.format != "JPEG" or header.animated:
        return 1
    long_side = max(header.width, header.height)
    return next((s for s in (8, 4, 2) if long_side / s >= 0.75 * lim.max_side), 1)


def memory_needed(header, lim):
    """The bytes cleaning ``header``'s image will take at its peak (see the costs above)."""
    if header.animated:
        held = header.frames * header.pixels * FRAME_HELD.get(header.format, 4)
        return FIXED_COST + held + header.pixels * FRAME_COST
    costs = STILL_ALPHA_COST if header.mode in ALPHA_MODES else STILL_COST
    scale = jpeg_scale(header, lim)
    return FIXED_COST + header.pixels / (scale * scale) * costs.get(header.format, 40)


def check_frames(header, lim):
    if header.frames > lim.max_frames:
        refuse(
            _("The animation has %(frames)d frames; at most %(max)d are allowed.")
            % {"frames": header.frames, "max": lim.max_frames},
            "bomb",
        )
    if max(header.width, header.height) > lim.max_side:
        refuse(
            _(
                "The animation is %(w)d×%(h)d pixels; animated images are stored as they are, at most "
                "%(side)d pixels wide and high. Make it smaller, or upload a still image."
            )
            % {"w": header.width, "h": header.height, "side": lim.max_side},
            "bomb",
        )


def check_memory(header, lim):
    needed = memory_needed(header, lim)
    if needed <= lim.max_memory:
        return
    values = {
        "w": header.width,
        "h": header.height,
        "frames": header.frames,
        "format": header.format,
        "need": round(needed / 1024 / 1024),
        "max": lim.max_memory // 1024 // 1024,
    }
    if header.animated:
        refuse(
            _(
                "This animation (%(frames)d frames of %(w)d×%(h)d pixels) would need about %(need)d MB of "
                "memory to process; at most %(max)d MB are allowed. Use fewer or smaller frames."
            )
            % values,
            "bomb",
        )
    refuse(
        _(
            "This %(w)d×%(h)d %(format)s image would need about %(need)d MB of memory to process; at most "
            "%(max)d MB are allowed. Upload it smaller, or as a JPEG."
        )
        % values,
        "bomb",
    )


def check(header, lim):
    """ValidationError unless ``header`` is within ``lim`` (pixels, frames, memory)."""
    check_pixels(header.width, header.height, lim)
    if header.animated:
        check_frames(header, lim)
    check_memory(header, lim)
