"""Animated GIF, WebP and APNG uploads: written again frame by frame, from pixels alone.

They stay animated (a Jekyll post's GIFs keep moving) within the limits ``imagelimits`` checks
before any frame is decoded: at most ``UPLOAD_MAX_FRAMES`` frames, each within
``UPLOAD_MAX_SIDE`` (frames are not resized), and the memory Pillow's writers will hold.
Frames are decoded one at a time; each is written with its duration and transparency only, so
comments, XMP and other extensions are not carried over.
"""

import io

from PIL import GifImagePlugin

# Frames that use the global palette stay palette images when read: no colours lost to
# quantizing them back for writing, one byte per pixel instead of three.
GifImagePlugin.LOADING_STRATEGY = GifImagePlugin.LoadingStrategy.RGB_AFTER_DIFFERENT_PALETTE_ONLY


def _frames(image):
    """Each frame of ``image`` as a new image of its pixels, with only its duration and
    transparency in ``info``; decoded one at a time as the writer asks for them."""
    for index in range(image.n_frames):
        image.seek(index)
        frame = image.copy()
        info = {"duration": image.info.get("duration", 100)}
        if frame.mode in ("P", "L") and "transparency" in image.info:
            info["transparency"] = image.info["transparency"]
        frame.info = info
        yield frame


def reencode(image, header):
    """The bytes of the animation ``image``, written again frame by frame."""
    out = io.BytesIO()
    image.seek(0)
    loop = image.info.get("loop")
    if header.format == "WEBP":
        # Pillow's WebP writer reads frames from the image itself, one at a time, and takes no
        # metadata from it (EXIF, XMP and ICC only when passed); durations are per frame.
        durations = []
        for index in range(header.frames):
            image.seek(index)
            image.load()
            durations.append(image.info.get("duration", 100))
        image.seek(0)
        image.save(out, format="WEBP", save_all=True, duration=durations, loop=loop or 0, quality=90)
        return out.getvalue()
    if header.format == "PNG":
        # Pillow's APNG writer reads the frames twice (their modes, then their pixels), so it
        # reads them from the image itself; its only metadata from the image is the ICC
        # profile, turned off here. Frames come composited: each replaces the one before.
        image.save(out, format="PNG", save_all=True, icc_profile=None, disposal=0, blend=0, loop=loop or 0)
        return out.getvalue()
    frames = _frames(image)
    first = next(frames)
    params = {} if loop is None else {"loop": loop}
    if header.format == "GIF" and (first.mode == "RGBA" or "transparency" in first.info):
        params["disposal"] = 2  # transparent parts must show what is behind, not the frame before
    first.save(out, format=header.format, save_all=True, append_images=frames, **params)
    return out.getvalue()
