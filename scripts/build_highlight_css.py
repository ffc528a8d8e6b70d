"""Write the code-highlighting rules into static/css/blog.css (light and dark).

    .venv/bin/python scripts/build_highlight_css.py

Pygments' own stylesheet repeats one rule per token class (~5 KB a style).
Here classes that share a look share one rule, and only colour, weight and
slant are kept, so both styles fit in ~2 KB. The rules replace whatever lies
between the ``/* highlight:start */`` and ``/* highlight:end */`` markers.

A token colour that does not reach WCAG AA contrast (4.5:1) on the code block's
background is darkened (lightened in the dark style) just enough to reach it:
Pygments' styles pick some comment and number colours for looks, not reading.
"""

import colorsys
import re
import sys
from collections import defaultdict
from pathlib import Path

from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "blog.css"
LIGHT, DARK = "friendly", "github-dark"
# What <pre> sits on in each theme (--soft in blog.css).
BACKGROUND = {LIGHT: "f3f5f7", DARK: "1e2127"}
MIN_CONTRAST = 4.5
START, END = "/* highlight:start */", "/* highlight:end */"


def short(colour):
    """#rrggbb -> #rgb when it can be."""
    colour = colour.lower()
    if len(colour) == 6 and colour[0::2] == colour[1::2]:
        colour = colour[0::2]
    return "#" + colour


def luminance(colour):
    """WCAG relative luminance of "rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour, background):
    """colour, or the nearest colour of the same hue and saturation (darker on
    a light background, lighter on a dark one) that reaches MIN_CONTRAST."""
    colour = colour.lower()
    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)))
    step = -0.005 if luminance(background) > 0.5 else 0.005
    while contrast(colour, background) < MIN_CONTRAST and 0 <= lightness + step <= 1:
        lightness += step
        colour = "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(hue, lightness, saturation))
    return colour


def looks(style_name):
    """{"color:#..;font-weight:600": [token classes]} for a Pygments style."""
    style = get_style_by_name(style_name)
    groups = defaultdict(list)
    for token, definition in style:
        css_class = STANDARD_TYPES.get(token)
        if not css_class:  # plain text: inherits the page's colour
            continue
        declarations = []
        if definition["color"]:
            declarations.append(f"color:{short(readable(definition['color'], BACKGROUND[style_name]))}")
        if definition["bold"]:
            declarations.append("font-weight:600")
        if definition["italic"]:
            declarations.append("font-style:italic")
        if declarations:
            groups[";".join(declarations)].append(css_class)
    return groups


def rules(groups, prefix=".highlight"):
    out = []
    for declarations, classes in sorted(groups.items()):
        selector = (
            f"{prefix} .{classes[0]}"
            if len(classes) == 1
            else f"{prefix} :is({','.join('.' + c for c in sorted(classes))})"
        )
        out.append(f"{selector}{{{declarations}}}")
    return "".join(out)


def main():
    light, dark = looks(LIGHT), looks(DARK)
    # A class the light style colours and the dark one does not must not keep
    # its light colour on a dark background.
    dark_classes = {c for classes in dark.values() for c in classes}
    leftover = sorted({c for classes in light.values() for c in classes} - dark_classes)
    if leftover:
        dark["color:inherit;font-weight:inherit;font-style:inherit"].extend(leftover)
    block = f"{START}\n{rules(light)}\n@media (prefers-color-scheme:dark){{{rules(dark)}}}\n{END}"
    css = CSS.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(css):
        sys.exit(f"{CSS} has no {START} ... {END} markers")
    CSS.write_text(pattern.sub(lambda _m: block, css), encoding="utf-8")
    print(f"{CSS}: highlight rules {len(block.encode())} bytes")


if __name__ == "__main__":
    main()
