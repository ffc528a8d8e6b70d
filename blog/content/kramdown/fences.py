"""Fenced code blocks as kramdown's GFM parser reads them.

A fence is three or more backticks or tildes where a block may start (also
inside list items and blockquotes, and right under a paragraph line), an
optional one-word info string (``f(TAPL)`` too; its first word names the
language), and the same fence again to close it. Without a closing fence the
line is text. The code is highlighted with Pygments (pymdownx.highlight) and
kept out of Markdown as raw HTML.

Raw HTML is taken out of the source before blocks are parsed; so that a
``<div>`` line inside a fence stays code, ``ProtectFencePreprocessor`` hides
the ``<`` that starts such lines and ``restore`` gives it back.
"""

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.highlight import Highlight

from . import ial
from .lines import Lines

OPENER = re.compile(r"^ {0,3}([~`]{3,})[ \t]*(?:((\S+?)(?:\?\S*)?)[ \t]*)?$")
HIDDEN_LT = "\ue000"
_LOOSE_FENCE = re.compile(r"^[ \t>]*([~`]{3,})")


def restore(text):
    return text.replace(HIDDEN_LT, "<")


class ProtectFencePreprocessor(Preprocessor):
    """Hide line-starting ``<`` inside anything that looks like a closed fence (restored later)."""

    def run(self, lines):
        out = list(lines)
        for start, end in _fence_regions(lines):
            for n in range(start + 1, end):
                line = out[n]
                stripped = line.lstrip(" \t>")
                if stripped.startswith("<"):
                    cut = len(line) - len(stripped)
                    out[n] = line[:cut] + HIDDEN_LT + stripped[1:]
        return out


def _fence_regions(lines):
    """(opening line, closing line) of each fence-like region that is closed."""
    regions, fence, start = [], None, 0
    for n, line in enumerate(lines):
        match = _LOOSE_FENCE.match(line)
        if not match:
            continue
        rest = line[match.end() :]
        if fence is None:
            if match.group(1)[0] == "~" or "`" not in rest:
                fence, start = match.group(1), n
        elif match.group(1).startswith(fence) and not rest.strip():
            regions.append((start, n))
            fence = None
    return regions


class RestoreTreeprocessor(Treeprocessor):
    """Give back a hidden ``<`` wherever a fence-like line ended up as text."""

    def run(self, root):
        for element in root.iter():
            for name in ("text", "tail"):
                value = getattr(element, name)
                if value and HIDDEN_LT in value:
                    restored = restore(value)
                    setattr(element, name, AtomicString(restored) if isinstance(value, AtomicString) else restored)


class FenceProcessor(BlockProcessor):
    def __init__(self, parser, highlighter_options):
        super().__init__(parser)
        options = dict(highlighter_options)
        self.css_class = options.pop("css_class", "highlight")
        self.highlighter = Highlight(parser.md, **options)

    def test(self, parent, block):
        return bool(OPENER.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        saved = list(blocks)
        lines = Lines(blocks)
        opener = OPENER.match(lines.take())
        fence = opener.group(1)
        closer = re.compile(r"^ {0,3}%s%s*\s*$" % (re.escape(fence), re.escape(fence[-1])))
        code = []
        while (line := lines.peek()) is not None:
            lines.take()
            if closer.match(line):
                break
            code.append(line)
        else:
            blocks[:] = saved
            return False
        blank_after = lines.give_back(self.parser.md)
        language = opener.group(3) or ""
        html = self.highlighter.highlight(restore("\n".join(code) + "\n"), language, self.css_class)
        holder = etree.SubElement(parent, "p")
        holder.text = self.parser.md.htmlStash.store(html)
        if not blank_after:
            ial.take_trailing(self.parser.md, blocks, etree.Element("pre"))
        return True
