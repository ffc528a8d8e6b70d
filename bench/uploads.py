"""Peak memory and time per upload: each image cleaned as an upload in a fresh interpreter
(tests/measure_upload.py), beyond the interpreter's own size. Prints figures, asserts nothing.

    .venv/bin/python bench/uploads.py

Covers the issue's cases (a legal 6324×6324 JPEG header, the 6000×6000×60-frame GIF bomb) and
what calibrates ``blog/content/imagelimits.py``: stills of each format with and without
transparency, and animations near the limits. The estimate column is what imagelimits expects
before decoding; the upload is refused when it is above UPLOAD_MAX_MEMORY_MB.
"""

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def stills(side):
    from PIL import Image

    gray = Image.linear_gradient("L").resize((side, side))
    other = gray.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    images = {"RGB": Image.merge("RGB", (gray, other, gray)), "RGBA": Image.merge("RGBA", (gray, other, gray, other))}
    for fmt, modes in (("PNG", ("RGB", "RGBA")), ("WEBP", ("RGB", "RGBA")), ("GIF", ("RGB",))):
        for mode in modes:
            out = io.BytesIO()
            images[mode].save(out, format=fmt)
            yield f"{fmt} {mode} {side}×{side}", out.getvalue()


def animations():
    from PIL import Image

    from tests import image_files

    yield "GIF 1000×1000, 50 frames", image_files.gif_bomb(1000, 1000, 50)
    yield "GIF 640×360, 200 frames", image_files.gif_bomb(640, 360, 200)
    frames = [Image.new("RGBA", (800, 450), (i * 9 % 256, 40, 90, 255)) for i in range(24)]
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], duration=80, loop=0)
        yield f"{'APNG' if fmt == 'PNG' else 'WebP'} 800×450, 24 frames", out.getvalue()


def cases():
    from tests import image_files

    yield "JPEG 6324×6324 (the issue's legal header)", image_files.photo_jpeg(6324, 6324)
    yield "JPEG 4600×4600", image_files.photo_jpeg(4600, 4600)
    yield "JPEG 3800×2500", image_files.photo_jpeg(3800, 2500)
    yield "GIF 6000×6000, 60 frames (the issue's bomb)", image_files.gif_bomb(6000, 6000, 60)
    yield from stills(3162)
    yield from stills(2000)
    yield from animations()


def estimate(data):
    import django
    from django.conf import settings

    if not settings.configured:
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
        django.setup()
    from PIL import Image

    from blog.content import imagelimits

    with Image.open(io.BytesIO(data)) as image:
        header = imagelimits.Header(image.format, image.mode, *image.size, getattr(image, "n_frames", 1))
    return imagelimits.memory_needed(header, imagelimits.limits()) / 1024 / 1024


def measure(path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "measure_upload.py"), str(path), "--variants"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        return {"result": "error", "message": result.stderr.strip().splitlines()[-1:], "peak_mb": 0, "seconds": 0}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    print(f"{'upload':48} {'file MB':>8} {'estimate MB':>12} {'peak MB':>8} {'seconds':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for label, data in cases():
            path = Path(folder) / "upload"
            path.write_bytes(data)
            figures = measure(path)
            outcome = figures["result"]
            if outcome == "stored":
                outcome += " {}×{}".format(*figures["size"])
            print(
                f"{label:48} {len(data) / 1e6:8.1f} {estimate(data):12.0f} {figures['peak_mb']:8.0f} "
                f"{figures['seconds']:8.2f}  {outcome}"
            )


if __name__ == "__main__":
    main()
