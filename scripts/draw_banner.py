"""Draw the default banner images with Pillow (our own artwork, reproducible).

    .venv/bin/python scripts/draw_banner.py

Writes static/img/post-bg-2015.jpg (the seed post's header),
static/img/home-bg.jpg (the home page banner) and the banners of the tag,
archive and about/author pages (tags-bg.jpg, archive-bg.jpg, about-bg.jpg).
Name some of them to draw only those: ``scripts/draw_banner.py tags-bg``.
"""

import sys
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

STATIC = Path(__file__).resolve().parent.parent / "static" / "img"
W, H = 1920, 1080


def gradient(top, bottom):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    for y in range(H):
        t = y / (H - 1)
        draw.line([(0, y), (W, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return image


def ridge(seed, base, amplitude, roughness):
    rnd = random.Random(seed)
    phases = [rnd.uniform(0, math.tau) for _ in range(4)]
    points = []
    for x in range(0, W + 16, 16):
        y = base
        for i, phase in enumerate(phases, start=1):
            y += amplitude / i * math.sin(x / W * math.pi * (i + roughness) + phase)
        points.append((x, y))
    return points + [(W, H), (0, H)]


def draw(path, top, bottom, layers, glow, seed):
    rnd = random.Random(seed)
    image = gradient(top, bottom)
    # Soft light: a blurred glow and scattered bokeh dots.
    light = Image.new("RGB", (W, H), (0, 0, 0))
    ld = ImageDraw.Draw(light)
    gx, gy, gr, gc = glow
    ld.ellipse([gx - gr, gy - gr, gx + gr, gy + gr], fill=gc)
    for _ in range(90):
        x, y, r = rnd.randrange(W), rnd.randrange(int(H * 0.65)), rnd.randrange(2, 9)
        c = rnd.randrange(70, 160)
        ld.ellipse([x - r, y - r, x + r, y + r], fill=(c, c, min(255, c + 40)))
    light = light.filter(ImageFilter.GaussianBlur(28))
    # Screen blending only ever lightens: no dark halo around the glow.
    image = ImageChops.screen(image, light)
    draw_ = ImageDraw.Draw(image)
    for i, (base, amplitude, colour) in enumerate(layers):
        draw_.polygon(ridge(seed + i, base, amplitude, i * 0.7), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    image.save(path, "JPEG", quality=84, optimize=True, progressive=True)
    print(path, image.size, path.stat().st_size, "bytes")


BANNERS = {
    "post-bg-2015": dict(
        top=(18, 28, 64),
        bottom=(236, 150, 110),
        layers=[(700, 90, (86, 72, 112)), (800, 70, (58, 48, 86)), (900, 60, (34, 30, 58))],
        glow=(1350, 560, 220, (255, 214, 160)),
        seed=2015,
    ),
    "home-bg": dict(
        top=(10, 40, 60),
        bottom=(120, 180, 190),
        layers=[(720, 80, (40, 90, 100)), (830, 70, (26, 64, 76)), (930, 50, (14, 40, 50))],
        glow=(520, 420, 260, (230, 240, 220)),
        seed=7,
    ),
    # Dawn over green hills.
    "tags-bg": dict(
        top=(16, 36, 44),
        bottom=(214, 196, 140),
        layers=[(690, 100, (58, 96, 74)), (810, 80, (38, 72, 56)), (920, 60, (22, 48, 38))],
        glow=(1500, 640, 200, (255, 236, 180)),
        seed=31,
    ),
    # Dusk in amber and rust.
    "archive-bg": dict(
        top=(40, 24, 30),
        bottom=(226, 160, 92),
        layers=[(710, 90, (120, 70, 56)), (820, 70, (84, 46, 42)), (930, 55, (48, 28, 30))],
        glow=(820, 600, 240, (255, 220, 170)),
        seed=1984,
    ),
    # Blue hour over a grey-blue range.
    "about-bg": dict(
        top=(14, 20, 44),
        bottom=(150, 160, 200),
        layers=[(700, 110, (74, 82, 122)), (815, 80, (50, 56, 92)), (925, 60, (30, 34, 62))],
        glow=(300, 380, 180, (225, 230, 255)),
        seed=404,
    ),
}


if __name__ == "__main__":
    STATIC.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[1:] or BANNERS:
        draw(STATIC / f"{name}.jpg", **BANNERS[name])
