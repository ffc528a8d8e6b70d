"""Inline attribute lists (IALs): ``{: .class #id}`` after a block or a span.

Only classes and ids reach the page (an IAL can name any attribute, such as
``onclick``; kramdown would write it out). ``{:toc}`` marks the list that the
table of contents replaces (headerids.py).
"""

import re

from markdown.treeprocessors import Treeprocessor

from . import syntax
from .lines import continued

TOC_MARK = "data-kramdown-toc"
HEADER_ID = re.compile(r"[\t ]\{#([A-Za-z_:][\w:.-]*)\}$")
SPAN_IAL = re.compile(r"\{:(?!:|/)(" + syntax.ALD_ANY_CHARS + r"+)\}")
_CLOSING_HASHES = re.compile(r"[\t ]#+$")
_CLASS_NAME = re.compile(r"^[\w-]+$")


def strip_closing_hashes(text):
    return _CLOSING_HASHES.sub("", text).rstrip()


def merge(first, second):
    if not first:
        return second
    merged = {**first, **{k: v for k, v in second.items() if k not in ("class", "refs")}}
    merged["class"] = f"{first.get('class', '')} {second.get('class', '')}".strip()
    merged["refs"] = first.get("refs", []) + second.get("refs", [])
    return merged


def apply(element, attrs):
    """Give ``element`` the IAL's classes and id (nothing else)."""
    classes = [c for c in (attrs.get("class") or "").split() if _CLASS_NAME.match(c)]
    if classes:
        element.set("class", " ".join(filter(None, [element.get("class"), *classes])))
    if attrs.get("id"):
        element.set("id", attrs["id"])
    if "toc" in attrs.get("refs", ()):
        element.set(TOC_MARK, "1")


def is_ial_line(line):
    return bool(syntax.IAL_BLOCK.match(line))


def pending(md):
    """IALs waiting for the block under them: (parent, index, attrs)."""
    if not hasattr(md, "kramdown_pending_ials"):
        md.kramdown_pending_ials = []
    return md.kramdown_pending_ials


def take_trailing(md, blocks, element):
    """IAL lines right under a block (no blank line between) apply to it."""
    if not blocks:
        return
    lines = blocks[0].split("\n")
    taken = 0
    while taken < len(lines) and syntax.IAL_BLOCK.match(lines[taken]):
        apply(element, syntax.parse_attribute_list(syntax.IAL_BLOCK.match(lines[taken]).group(1)))
        taken += 1
    if taken:
        rest = lines[taken:]
        blocks.pop(0)
        if rest:
            # What follows an IAL line is not after a block boundary either.
            blocks.insert(0, "\n".join(rest))
            continued(md).append(blocks[0])


class PendingIalTreeprocessor(Treeprocessor):
    """Block IALs written above a block, given to that block once it exists."""

    def run(self, root):
        for parent, index, attrs in pending(self.md):
            if index < len(parent):
                apply(parent[index], attrs)
        self.md.kramdown_pending_ials = []


class SpanIalTreeprocessor(Treeprocessor):
    """``*word*{: .class}``: an IAL right after a span element applies to it."""

    def run(self, root):
        for element in root.iter():
            for child in element:
                tail = child.tail
                if tail and tail.startswith("{:"):
                    match = SPAN_IAL.match(tail)
                    if match:
                        apply(child, syntax.parse_attribute_list(match.group(1)))
                        child.tail = tail[match.end() :]
