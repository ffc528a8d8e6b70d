"""Block processors that follow kramdown's (GFM) block rules where
Python-Markdown's differ: what ends a paragraph, ATX headers, blockquotes,
horizontal rules, and the lines kramdown reads as markers ({: …}, ^).

Python-Markdown hands a processor blocks split at blank lines. A kramdown
block can end in the middle of one (a list right under a paragraph line),
so these processors take the lines they own and put the rest back.
"""

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.blockprocessors import (
    BlockProcessor,
    CodeBlockProcessor,
    ParagraphProcessor,
)
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

from . import ial, syntax
from .lines import after_block_boundary, put_back, split_lines

_LAZY_CODE_LINE = re.compile(r"\n( {0,3}\S)")
_INDENT = re.compile(r"^ {4}")


class KramdownParagraphProcessor(ParagraphProcessor):
    """A paragraph ends at a blank line or where another block starts (GFM's paragraph_end).

    A line that ended it without starting a block after all (a fence never
    closed, ``: `` with no term, ``#`` alone) goes back into that paragraph.
    """

    def run(self, parent, blocks):
        block = blocks.pop(0)
        lines = split_lines(block)
        end = 1
        while end < len(lines) and not syntax.paragraph_end(lines[end]):
            end += 1
        rest = lines[end:]
        previous = self.lastChild(parent)
        if (
            previous is not None
            and previous.tag == "p"
            and previous.text
            and not HTML_PLACEHOLDER_RE.search(previous.text)
            and not after_block_boundary(self.parser.md, block)
            and _not_a_block_after_all(lines[0])
        ):
            previous.text += "\n" + "\n".join(lines[:end])
        else:
            blocks.insert(0, "\n".join(lines[:end]))
            super().run(parent, blocks)
        if rest:
            put_back(blocks, rest, self.parser.md)
            paragraph = self.lastChild(parent)
            if paragraph is not None and paragraph.tag == "p":
                ial.take_trailing(self.parser.md, blocks, paragraph)


def _not_a_block_after_all(line):
    return bool(syntax.FENCE_START.match(line) or syntax.DEFINITION_START.match(line) or syntax.ATX_HEADER.match(line))


class KramdownCodeBlockProcessor(CodeBlockProcessor):
    """Indented code, with kramdown's lazy lines: unindented lines right under it
    belong to it too (joined to the line above, as kramdown joins them)."""

    def run(self, parent, blocks):
        lines = split_lines(blocks.pop(0))
        end = 1
        while end < len(lines) and not (
            syntax.IAL_BLOCK.match(lines[end])
            or syntax.EOB_MARKER.match(lines[end])
            or syntax.is_html_block_line(lines[end])
        ):
            end += 1
        text = _LAZY_CODE_LINE.sub(r" \1", "\n".join(lines[:end]))
        code = "\n".join(_INDENT.sub("", line, count=1) for line in text.split("\n")).rstrip()
        sibling = self.lastChild(parent)
        if (
            sibling is not None
            and sibling.tag == "pre"
            and sibling.get("class") is None
            and len(sibling)
            and sibling[0].tag == "code"
        ):
            sibling[0].text = AtomicString(f"{sibling[0].text}\n{util.code_escape(code)}\n")
            holder = sibling
        else:
            holder = etree.SubElement(parent, "pre")
            etree.SubElement(holder, "code").text = AtomicString(util.code_escape(code) + "\n")
        put_back(blocks, lines[end:], self.parser.md)
        ial.take_trailing(self.parser.md, blocks, holder)


class AtxHeaderProcessor(BlockProcessor):
    """``## Title`` (a space after the hashes, as GFM wants), ``## Title {#id}``."""

    def test(self, parent, block):
        return bool(syntax.ATX_HEADER.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        lines = split_lines(blocks.pop(0))
        match = syntax.ATX_HEADER.match(lines[0])
        text = match.group(2).rstrip()
        explicit = ial.HEADER_ID.search(text)
        if explicit:
            text = text[: explicit.start()].rstrip()
        text = ial.strip_closing_hashes(text)
        if not text:
            put_back(blocks, lines)
            return False
        header = etree.SubElement(parent, f"h{len(match.group(1))}")
        header.text = text
        if explicit:
            header.set("id", explicit.group(1))
        put_back(blocks, lines[1:], self.parser.md)
        ial.take_trailing(self.parser.md, blocks, header)
        return True


class BlockquoteProcessor(BlockProcessor):
    """``>`` lines and their lazy continuation, up to a blank line: a blank line
    between two quotes makes two blockquotes, as in kramdown."""

    def test(self, parent, block):
        return bool(syntax.BLOCKQUOTE_START.match(block))

    def run(self, parent, blocks):
        lines = split_lines(blocks.pop(0))
        end = 1
        while end < len(lines) and not syntax.lazy_end(lines[end]):
            end += 1
        inner = [syntax.BLOCKQUOTE_START.sub("", line, count=1) for line in lines[:end]]
        quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, "\n".join(inner))
        self.parser.state.reset()
        put_back(blocks, lines[end:], self.parser.md)
        ial.take_trailing(self.parser.md, blocks, quote)


class HorizontalRuleProcessor(BlockProcessor):
    """``***``, ``- - -``, ``___`` on a line of their own where a block starts."""

    def test(self, parent, block):
        return bool(syntax.HR.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        lines = split_lines(blocks.pop(0))
        rule = etree.SubElement(parent, "hr")
        put_back(blocks, lines[1:], self.parser.md)
        ial.take_trailing(self.parser.md, blocks, rule)


class MarkerLineProcessor(BlockProcessor):
    """Lines that are kramdown markup, not text: a block IAL where a block starts
    (it applies to the block right under it), an attribute list definition
    ``{:name: …}`` and the end-of-block marker ``^`` (both only end blocks)."""

    def test(self, parent, block):
        first = block.split("\n", 1)[0]
        return bool(syntax.IAL_BLOCK.match(first) or syntax.ALD_BLOCK.match(first) or syntax.EOB_MARKER.match(first))

    def run(self, parent, blocks):
        lines = split_lines(blocks.pop(0))
        attrs = None
        while lines and (
            syntax.IAL_BLOCK.match(lines[0]) or syntax.ALD_BLOCK.match(lines[0]) or syntax.EOB_MARKER.match(lines[0])
        ):
            line = lines.pop(0)
            match = syntax.IAL_BLOCK.match(line)
            if match and not syntax.ALD_BLOCK.match(line):
                attrs = ial.merge(attrs, syntax.parse_attribute_list(match.group(1)))
        if lines and attrs:
            # Followed by a block with no blank line between: that block takes it.
            ial.pending(self.parser.md).append((parent, len(parent), attrs))
        put_back(blocks, lines)
