"""kramdown's extensions: ``{::comment}…{:/comment}`` (left out of the page),
``{::nomarkdown}…{:/nomarkdown}`` (written as it is, then sanitized like any
HTML) and ``{::options … /}`` (read by kramdown while parsing; not applied
here, where options come from the site and the post), as blocks and in text.
"""

import re

from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

from . import syntax
from .lines import Lines, raw_block

KNOWN = {"comment", "nomarkdown", "options"}
SPAN = re.compile(
    r"\{::(comment|nomarkdown|options)(?:\s" + syntax.ALD_ANY_CHARS + r"*?)?(?:/\}|\}(.*?)\{:/(?:\1)?\})", re.S
)


class ExtensionBlockProcessor(BlockProcessor):
    def test(self, parent, block):
        match = syntax.EXT_BLOCK_START.match(block.split("\n", 1)[0])
        return bool(match and match.group(1) in KNOWN)

    def run(self, parent, blocks):
        saved = list(blocks)
        lines = Lines(blocks)
        match = syntax.EXT_BLOCK_START.match(lines.take())
        name = match.group(1)
        body = []
        if not match.group(3):
            stop = re.compile(syntax.EXT_BLOCK_STOP % re.escape(name))
            while (line := lines.peek()) is not None and not stop.match(line):
                body.append(lines.take())
            if line is None:
                blocks[:] = saved
                return False  # no stop tag: kramdown shows the text
            lines.take()
        lines.give_back()
        if name == "nomarkdown" and body:
            raw_block(parent, self.parser.md, "\n".join(body))
        return True


class ExtensionInlineProcessor(InlineProcessor):
    def __init__(self, md):
        super().__init__(SPAN.pattern, md)

    def handleMatch(self, m, data):
        if m.group(1) == "nomarkdown" and m.group(2):
            return self.md.htmlStash.store(m.group(2)), m.start(0), m.end(0)
        return "", m.start(0), m.end(0)
