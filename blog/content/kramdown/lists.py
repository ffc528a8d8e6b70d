"""Lists as kramdown reads them.

An item's content is every following line indented at least as far as the
text after its marker (so two spaces nest under ``- ``), plus lazy lines
before a blank one; a list may start right under a paragraph line (GFM). The
first paragraph of an item has no ``<p>`` unless a blank line follows it
inside the item (kramdown decides per item, not per list). Task items
(``[ ]``/``[x]``) get a ☐/☑ box where kramdown's GFM parser gives them a checkbox.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import util
from markdown.blockprocessors import BlockProcessor

from . import ial, syntax
from .lines import Lines

LIST_ITEM_IAL = re.compile(r"^\s*\{:(?!(?:\w[\w-]*)?:|/)(" + syntax.ALD_ANY_CHARS + r"+)\}\s*")
TASK = re.compile(r"^\s*\[([ xX])\]\s+")


@dataclass
class Item:
    indentation: int
    segments: list = field(default_factory=list)
    attrs: dict = None

    def lines(self):
        return [line for segment in self.segments for line in segment]


def item_start(kind, indentation):
    """Where a sibling item's marker may stand: less indented than the item's text."""
    spaces = min(indentation - 1, 3)
    marker = r"[+*-]" if kind == "ul" else r"\d+\."
    return re.compile(r"^( {0,%d}%s)([\t| ].*)$" % (spaces, marker))


def first_line(marker_width, content):
    """(text, indentation) of an item's first line."""
    if not content.strip() or LIST_ITEM_IAL.fullmatch(content.rstrip()):
        return content.strip(), 4
    return content.lstrip(), marker_width + len(content) - len(content.lstrip(" "))


def is_list_start(line):
    return bool(syntax.LIST_START_UL.match(line) or syntax.LIST_START_OL.match(line))


def lazy(line, indentation):
    """A non-blank line that continues an item without being indented for it."""
    if not line.strip():
        return False
    spaces = len(line) - len(line.lstrip(" "))
    if spaces <= min(indentation, 3):
        if syntax.IAL_BLOCK.match(line) or syntax.is_html_block_line(line):
            return False
    return True


def collect(lines):
    """Read one list: (kind, items, ended by the end-of-block marker, blank line at its end)."""
    first = lines.peek()
    kind = "ul" if syntax.LIST_START_UL.match(first) else "ol"
    start = syntax.LIST_START_UL if kind == "ul" else syntax.LIST_START_OL
    items, item = [], None
    nested = last_blank = eob = False
    while (line := lines.peek()) is not None:
        if last_blank and syntax.HR.match(line):
            break
        if syntax.EOB_MARKER.match(line):
            lines.take()
            eob = True
            break
        match = start.match(line)
        if match:
            lines.take()
            text, indentation = first_line(len(match.group(1)), match.group(2))
            item = Item(indentation)
            found_ial = LIST_ITEM_IAL.match(text)
            if found_ial:
                item.attrs = syntax.parse_attribute_list(found_ial.group(1))
                text = text[found_ial.end() :]
            item.segments.append([text])
            items.append(item)
            start = item_start(kind, indentation)
            nested, last_blank = is_list_start(text), False
        elif (line.startswith(" " * item.indentation) and line.strip()) or (
            not last_blank and lazy(line, item.indentation)
        ):
            lines.take()
            indented = line.startswith(" " * item.indentation)
            if indented:
                line = line[item.indentation :]
            if not nested and indented and is_list_start(line):
                item.segments.append([])
                nested = True
            elif nested and not indented and is_list_start(line):
                line = " " * (item.indentation + 4) + line
            item.segments[-1].append(line)
            last_blank = False
        elif not line.strip():
            lines.take()
            nested = last_blank = True
            item.segments[-1].append("")
        else:
            break
    return kind, items, eob, last_blank


def first_paragraph_end(item):
    """What follows the item's first paragraph: 'nothing', 'block', 'blank-end' or 'blank-more'."""
    segment = item.segments[0]
    end = 1
    while end < len(segment) and not syntax.paragraph_end(segment[end]):
        end += 1
    if end == len(segment):
        return "block" if len(item.segments) > 1 else "nothing"
    if segment[end].strip():
        return "block"
    if any(line.strip() for line in item.lines()[end:]):
        return "blank-more"
    return "blank-end"


def starts_with_paragraph(li):
    return len(li) and li[0].tag == "p" and not util.HTML_PLACEHOLDER_RE.fullmatch(li[0].text or "")


class KramdownListProcessor(BlockProcessor):
    def test(self, parent, block):
        return is_list_start(block.split("\n", 1)[0]) and not util.nearing_recursion_limit()

    def run(self, parent, blocks):
        lines = Lines(blocks)
        kind, items, eob, last_blank = collect(lines)
        blank_after = lines.give_back(self.parser.md) or last_blank
        element = etree.SubElement(parent, kind)
        transparent_before = False
        tasks = False
        for n, item in enumerate(items):
            li = etree.SubElement(element, "li")
            if item.attrs:
                ial.apply(li, item.attrs)
            for segment in item.segments:
                self.parser.parseChunk(li, "\n".join(segment))
            if starts_with_paragraph(li):
                last = n == len(items) - 1
                follows = first_paragraph_end(item)
                candidate = follows in ("nothing", "block") or (follows == "blank-end" and last and not eob)
                if candidate and (not last or len(items) == 1 or transparent_before):
                    self.unwrap(li)
                    transparent_before = True
                tasks = self.task(li) or tasks
                if tasks:
                    li.set("class", "task-list-item")
            else:
                transparent_before = True
        if tasks:
            element.set("class", "task-list")
        if not blank_after and not eob:
            ial.take_trailing(self.parser.md, blocks, element)

    @staticmethod
    def unwrap(li):
        paragraph = li[0]
        li.text = paragraph.text
        li.remove(paragraph)

    @staticmethod
    def task(li):
        """A leading ``[ ]``/``[x]`` becomes a box: kramdown writes a disabled checkbox; we write
        ☐/☑ in a span (no form control on a public page; screen readers name both marks)."""
        holder = li if li.text is not None else li[0]
        match = TASK.match(holder.text or "")
        if not match:
            return False
        done = match.group(1) != " "
        box = etree.Element("span", {"class": "task-box task-box-done" if done else "task-box"})
        box.text = "☑" if done else "☐"
        box.tail = " " + holder.text[match.end() :]
        holder.text = None
        holder.insert(0, box)
        return True
