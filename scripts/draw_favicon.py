"""Draw the site icon with Pillow (our own artwork, reproducible, no fonts needed).

    .venv/bin/python scripts/draw_favicon.py

Writes public/favicon.ico (16, 32 and 48 pixels), served at /favicon.ico
(WHITENOISE_ROOT): a teal rounded square, the theme's link colour, with a
white "E" and the banners' ridge line under it.
"""

from pathlib import Path

from PIL import Image, ImageDraw

TARGET = Path(__file__).resolve().parent.parent / "public" / "favicon.ico"
SIZE = 256  # drawn large, then scaled down for each icon size
TEAL = (11, 114, 133)
WHITE = (255, 255, 255)


def draw():
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([0, 0, SIZE - 1, SIZE - 1], radius=52, fill=TEAL)
    # The "E": a stem and three arms, thick enough to survive 16 pixels.
    left, top, bottom, stroke = 72, 52, 176, 34
    pen.rectangle([left, top, left + stroke, bottom], fill=WHITE)
    for y, length in ((top, 112), ((top + bottom - stroke) // 2, 92), (bottom - stroke, 112)):
        pen.rectangle([left, y, left + length, y + stroke], fill=WHITE)
    # A low ridge, as in the banners.
    pen.polygon([(28, 232), (96, 196), (140, 214), (196, 188), (228, 206), (228, 232)], fill=(255, 255, 255, 150))
    return image


def main():
    TARGET.parent.mkdir(exist_ok=True)
    draw().save(TARGET, sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"Wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
