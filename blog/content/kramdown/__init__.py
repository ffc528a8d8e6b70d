"""kramdown, as Jekyll 4 configures it, on Python-Markdown.

Jekyll renders posts with kramdown (GFM input, ``hard_wrap: false``,
``auto_ids``, smart quotes). ``KramdownExtension`` makes Python-Markdown read
Markdown the same way: its block processors (blocks, lists, fences, tables,
math, extensions) replace Python-Markdown's where kramdown's rules differ,
inline processors add smart quotes, symbols and math, and tree processors
give headings kramdown's ids, apply attribute lists and build ``{:toc}``.
Kept extensions do the rest (footnotes, abbreviations, definition lists,
``markdown="1"`` HTML, strikethrough). See options.py for the options.
"""

from markdown.blockprocessors import SetextHeaderProcessor
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.inlinepatterns import SubstituteTagInlineProcessor

from . import (
    blocks,
    extensions,
    fences,
    footnotes,
    headerids,
    ial,
    links,
    lists,
    math,
    smartquotes,
    syntax,
    tables,
)
from .lines import after_block_boundary, continued, put_back
from .options import DEFAULTS

# Tags kramdown treats as block HTML at the start of a line that Python-Markdown would wrap in <p>.
MORE_BLOCK_TAGS = ("audio", "embed", "font", "picture", "source", "svg")
REPLACED = ("indent", "code", "olist", "ulist", "quote", "hashheader", "hr", "paragraph", "setextheader", "table")


class _SetextHeaderProcessor(SetextHeaderProcessor):
    """``Title`` over ``===``/``---``, only where a block starts (not right under another)."""

    def test(self, parent, block):
        return super().test(parent, block) and after_block_boundary(self.parser.md, block)

    def run(self, parent, blocks):
        super().run(parent, blocks)
        ial.take_trailing(self.parser.md, blocks, self.lastChild(parent))


def _definition_block(processor):
    """Footnote, link and abbreviation definitions start a block in kramdown; inside a
    paragraph (a line under its text, a lazy list line) they are text. A footnote's
    text is its first line and the indented lines under it; what follows a
    definition is not after a block boundary."""
    test, run = processor.test, processor.run

    def at_block_start(parent, block):
        match = processor.RE.search(block)
        return match is not None and match.start() == 0 and test(parent, block)

    def run_and_mark_the_rest(parent, blocks):
        md = processor.parser.md
        rest = []
        if isinstance(processor, FootnoteBlockProcessor):
            lines = blocks[0].split("\n")
            end = 1
            while end < len(lines) and lines[end].startswith("    "):
                end += 1
            blocks[0], rest = "\n".join(lines[:end]), lines[end:]
        following = blocks[1] if len(blocks) > 1 else None
        result = run(parent, blocks)
        if blocks and blocks[0] is not following:
            continued(md).append(blocks[0])  # the rest of the definition's block
        put_back(blocks, rest, md)
        return result

    processor.test, processor.run = at_block_start, run_and_mark_the_rest


def _definitions_need_a_term(processor):
    """``: text`` is a definition only under a paragraph (its terms) or another definition, as in kramdown."""
    test = processor.test

    def needs_a_term(parent, block):
        match = processor.RE.search(block)
        if not match or not test(parent, block):
            return False
        if match.start() > 0:
            # The terms are the lines above it, when they are one paragraph by kramdown's rules.
            above = block[: match.start()].lstrip("\n").split("\n")
            return not any(syntax.paragraph_end(line) for line in above[1:])
        sibling = processor.lastChild(parent)
        return sibling is not None and sibling.tag in ("p", "dl")

    return needs_a_term


class KramdownExtension(Extension):
    def __init__(self, options=None, highlight=None):
        super().__init__()
        self.options = {**DEFAULTS, **(options or {})}
        self.highlight = highlight or {}

    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.block_level_elements.extend(MORE_BLOCK_TAGS)
        md.preprocessors.register(fences.ProtectFencePreprocessor(md), "kramdown_protect_fences", 25)
        self._blocks(md.parser)
        self._inline(md)
        treeprocessors = md.treeprocessors
        treeprocessors.register(ial.PendingIalTreeprocessor(md), "kramdown_pending_ials", 29)
        treeprocessors.register(footnotes.FootnoteShapeTreeprocessor(md), "kramdown_footnotes", 45)
        treeprocessors.register(ial.SpanIalTreeprocessor(md), "kramdown_span_ials", 19)
        treeprocessors.register(footnotes.UnreferencedFootnoteTreeprocessor(md), "kramdown_unreferenced_notes", 17)
        treeprocessors.register(fences.RestoreTreeprocessor(md), "kramdown_restore", 18)
        treeprocessors.register(headerids.HeaderIdTreeprocessor(md, self.options), "kramdown_header_ids", 7)

    def _blocks(self, parser):
        registry = parser.blockprocessors
        for name in REPLACED:
            if name in registry:
                registry.deregister(name)
        registry.register(blocks.KramdownCodeBlockProcessor(parser), "kramdown_code", 80)
        registry.register(fences.FenceProcessor(parser, self.highlight), "kramdown_fence", 79)
        registry.register(blocks.BlockquoteProcessor(parser), "kramdown_quote", 78)
        registry.register(blocks.AtxHeaderProcessor(parser), "kramdown_header", 77)
        registry.register(blocks.HorizontalRuleProcessor(parser), "kramdown_hr", 76)
        registry.register(lists.KramdownListProcessor(parser), "kramdown_list", 75)
        registry.register(_SetextHeaderProcessor(parser), "kramdown_setext", 60)
        registry.register(math.MathBlockProcessor(parser), "kramdown_math", 58)
        registry.register(tables.KramdownTableProcessor(parser), "kramdown_table", 57)
        registry.register(blocks.MarkerLineProcessor(parser), "kramdown_markers", 14)
        registry.register(extensions.ExtensionBlockProcessor(parser), "kramdown_extensions", 13)
        registry.register(blocks.KramdownParagraphProcessor(parser), "paragraph", 10)
        for name in ("footnote", "reference", "abbr"):
            if name in registry:
                _definition_block(registry[name])
        if "deflist" in registry:
            registry["deflist"].test = _definitions_need_a_term(registry["deflist"])
        if "defindent" in registry:
            # Indented text after a list is the list's only by kramdown's rules (lists.py), not def_list's.
            registry["defindent"].ITEM_TYPES = ["dd"]
            registry["defindent"].LIST_TYPES = ["dl"]

    def _inline(self, md):
        patterns = md.inlinePatterns
        links.register(md)
        patterns.register(math.MathInlineProcessor(md), "kramdown_math", 185)
        if not self.options["hard_wrap"]:
            # Hard line breaks without hard_wrap: a backslash (GFM) or two (kramdown) ending a line.
            patterns.register(SubstituteTagInlineProcessor(r"\\{1,2}(?=\n)", "br"), "kramdown_backslash_break", 182)
        patterns.register(extensions.ExtensionInlineProcessor(md), "kramdown_extensions", 175)
        quotes = smartquotes.quote_chars(self.options["smart_quotes"])
        patterns.register(smartquotes.SmartQuoteProcessor(md, quotes), "kramdown_quotes", 40)
        symbols = {**smartquotes.SYMBOLS, **self.options["typographic_symbols"]}
        patterns.register(
            smartquotes.TypographicSymbolProcessor(md, symbols, smartquotes.DASHES_RE), "kramdown_dashes", 39
        )
        patterns.register(
            smartquotes.TypographicSymbolProcessor(md, symbols, smartquotes.ANGLES_RE), "kramdown_angles", 95
        )

    def reset(self):
        md = self.md
        md.kramdown_continued = []
        md.kramdown_pending_ials = []
