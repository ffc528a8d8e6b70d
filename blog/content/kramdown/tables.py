"""Tables as kramdown reads them.

Every line of a table has a pipe (outer pipes are optional); a separator
line (``|---|:-:|``, any length) closes the header and gives the alignments,
a later one starts a new body, ``|===|`` a footer. The table must stand
where a block starts and be followed by a blank line (else the lines are a
paragraph). Rows shorter than the widest one get empty cells.
"""

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor

from . import ial
from .lines import after_block_boundary

SEPARATOR = re.compile(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*$")
ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
FOOTER = re.compile(r"^[+|: \t=]*?=[+|: \t=]*?[ \t]*$")
PIPE = re.compile(r"(?:\||.*?[^\\\n]\|)")
START = re.compile(r"^ {0,3}(?=\S)(?:\||.*?[^\\\n]\|)")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def split_cells(row, leading_pipe):
    """Cells of a row: pipes inside code spans and escaped pipes do not split."""
    cells, pos, current = [], 0, ""
    for match in _CODE_SPAN.finditer(row):
        parts = _CELL_SPLIT.split(row[pos : match.start()])
        current += parts[0]
        for part in parts[1:]:
            cells.append(current)
            current = part
        current += match.group(0)
        pos = match.end()
    parts = _CELL_SPLIT.split(row[pos:])
    current += parts[0]
    for part in parts[1:]:
        cells.append(current)
        current = part
    cells.append(current)
    cells = [cell.replace("\\|", "|") for cell in cells]
    if leading_pipe and cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip():
        cells.pop()
    return [cell.strip() for cell in cells]


def alignments(separator):
    out = []
    for left, right in ALIGN.findall(separator):
        out.append(None if not left and not right else "left" if not right else "right" if not left else "center")
    return out


def read_table(lines):
    """(sections, alignment) of table lines, or None when they do not make a table."""
    leading_pipe = lines[0].lstrip().startswith("|")
    sections, rows, align, footer = [], [], None, False
    for line in lines:
        if SEPARATOR.match(line):
            if rows and align is None and not footer:
                sections.append(("thead", rows))
                align = alignments(SEPARATOR.match(line).group(1))
            elif rows:
                sections.append(("tbody", rows))
            rows = []
        elif FOOTER.match(line):
            if rows:
                sections.append(("tbody", rows))
            rows, footer = [], True
        else:
            rows.append(split_cells(line, leading_pipe))
    if rows:
        sections.append(("tfoot" if footer else "tbody", rows))
    if not any(kind == "tbody" for kind, _rows in sections):
        return None
    return sections, align or []


class KramdownTableProcessor(BlockProcessor):
    def test(self, parent, block):
        return bool(START.match(block.split("\n", 1)[0])) and after_block_boundary(self.parser.md, block)

    def run(self, parent, blocks):
        lines = blocks[0].split("\n")
        end = 0
        while end < len(lines) and PIPE.match(lines[end]):
            end += 1
        rest = lines[end:]
        if rest and not (ial.is_ial_line(rest[0])):
            return False  # kramdown wants a blank line (or an IAL) right after a table
        table = read_table(lines[:end])
        if table is None:
            return False
        blocks.pop(0)
        element = self.build(parent, *table)
        if rest:
            blocks.insert(0, "\n".join(rest))
            ial.take_trailing(self.parser.md, blocks, element)
        return True

    @staticmethod
    def build(parent, sections, align):
        table = etree.SubElement(parent, "table")
        columns = max(len(row) for _kind, rows in sections for row in rows)
        align = (align + [None] * columns)[:columns]
        for kind, rows in sections:
            section = etree.SubElement(table, kind)
            for row in rows:
                tr = etree.SubElement(section, "tr")
                for n, text in enumerate(row + [""] * (columns - len(row))):
                    cell = etree.SubElement(tr, "th" if kind == "thead" else "td")
                    cell.text = text
                    if align[n]:
                        cell.set("style", f"text-align: {align[n]}")
        return table
