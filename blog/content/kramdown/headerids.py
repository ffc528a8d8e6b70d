"""Heading ids as kramdown's GFM parser makes them, and kramdown's ``{:toc}``.

An id is the heading's text, lowercased, without anything but letters,
digits, ``_``, ``-``, spaces and tabs, spaces turned into ``-``:
``FreeBSD & Apple`` -> ``freebsd--apple``, ``思考 & 极致`` -> ``思考--极致``.
A repeated id gets ``-1``, ``-2``... Old ``#anchor`` links keep working.
``{:toc}`` on a list replaces it by the table of contents; ``.no_toc``
headings stay out of it.
"""

import copy
import html
import re
import xml.etree.ElementTree as etree

from markdown.extensions.toc import run_postprocessors, strip_tags
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from .ial import TOC_MARK

HEADINGS = {f"h{n}" for n in range(1, 7)}
_NON_WORD = re.compile(r"[^\w\- \t]")
_ESCAPED = re.compile(STX + r"(\d+)" + ETX)
TEX = "data-tex"  # the TeX of a formula (math.py), for ids: kramdown counts the source, not its rendering


def raw_text(md, element):
    parts = []

    def walk(node):
        if node.get(TEX) is not None:
            parts.append(node.get(TEX))
            parts.append(node.tail or "")
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
        parts.append(node.tail or "")

    walk(element)
    parts[-1] = ""  # the heading's own tail is not its text
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), "".join(parts))  # backslash escapes, as unescape does
    return html.unescape(strip_tags(run_postprocessors(text, md)))


def gfm_id(text, counter, prefix=""):
    base = _NON_WORD.sub("", text.lower()).replace(" ", "-").replace("\t", "-")
    counter[base] = counter.get(base, -1) + 1
    return prefix + (f"{base}-{counter[base]}" if counter[base] else base)


class HeaderIdTreeprocessor(Treeprocessor):
    def __init__(self, md, options):
        super().__init__(md)
        self.options = options

    def run(self, root):
        counter = {}
        headings = [el for el in root.iter() if el.tag in HEADINGS]
        if self.options["auto_ids"]:
            for heading in headings:
                if "id" not in heading.attrib:
                    heading.set("id", gfm_id(raw_text(self.md, heading), counter, self.options["auto_id_prefix"]))
        marked = [el for el in root.iter() if el.get(TOC_MARK) is not None]
        for element in marked:
            del element.attrib[TOC_MARK]
            if element.tag in ("ul", "ol"):
                self.replace_with_toc(root, element, headings)

    def replace_with_toc(self, root, listing, headings):
        levels = set(self.options["toc_levels"])
        entries = [
            h
            for h in headings
            if int(h.tag[1]) in levels and "no_toc" not in (h.get("class") or "").split() and h.get("id")
        ]
        toc = etree.Element(listing.tag, {**listing.attrib, "id": "markdown-toc"})  # classes of its IAL stay
        stack = [(0, toc)]
        for heading in entries:
            level = int(heading.tag[1])
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1]
            if parent.tag == "li":
                sub = parent.find(listing.tag)
                parent = sub if sub is not None else etree.SubElement(parent, listing.tag)
            li = etree.SubElement(parent, "li")
            target = heading.get("id")
            link = etree.SubElement(li, "a", {"href": f"#{target}", "id": f"markdown-toc-{target}"})
            copy_inline(heading, link)
            stack.append((level, li))
        tail = listing.tail
        listing.clear()
        listing.tag, listing.attrib, listing.text, listing.tail = toc.tag, toc.attrib, toc.text, tail
        listing.extend(list(toc))


def copy_inline(heading, link):
    """The heading's content, without links (a link cannot hold one)."""
    link.text = heading.text
    for child in heading:
        if child.tag == "a":
            text = "".join(child.itertext()) + (child.tail or "")
            if len(link):
                link[-1].tail = (link[-1].tail or "") + text
            else:
                link.text = (link.text or "") + text
        else:
            link.append(copy.deepcopy(child))
