"""Math as kramdown reads it, rendered on the server to MathML (latex2mathml).

``$$…$$`` standing alone as a block (a blank line before and after) is a
display formula; ``$$…$$`` inside a paragraph is inline. kramdown leaves the
TeX to MathJax in the browser; here it becomes MathML, which browsers draw
without JavaScript. A formula latex2mathml cannot convert (or whose output is
not plain MathML) shows its TeX in ``<code>``. The element and attribute
lists below are all the sanitizer lets through for MathML.
"""

import functools
import logging
import re
import xml.etree.ElementTree as etree

from latex2mathml.converter import convert
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from .headerids import TEX
from .lines import after_block_boundary

logger = logging.getLogger(__name__)

MATHML_TAGS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt mroot "
    "mstyle mpadded mphantom menclose mtable mtr mtd mmultiscripts mprescripts none merror".split()
)
MATHML_ATTRIBUTES = frozenset(
    "display displaystyle scriptlevel mathvariant mathsize stretchy symmetric largeop movablelimits accent "
    "accentunder fence separator form lspace rspace minsize maxsize linethickness width height depth "
    "columnalign rowalign columnspacing rowspacing columnlines rowlines frame framespacing notation "
    "voffset align".split()
)
_NAMESPACE = re.compile(r"^\{[^}]*\}")
BLOCK_START = re.compile(r"^ {0,3}\$\$")
BLOCK = re.compile(r"^ {0,3}\$\$(.*?)\$\$[ \t]*(?:\n|$)", re.S)


class NotMathML(ValueError):
    pass


@functools.lru_cache(maxsize=2048)
def _mathml(tex, display):
    return convert(tex, display=display)


FENCES = set("()[]{}|\u2016\u27e8\u27e9")


def _stretch_matrix_fences(root):
    """The brackets of pmatrix/bmatrix grow with the matrix (latex2mathml writes plain operators,
    which MathML Core draws at text size when they are not first or last in their row)."""
    for row in root.iter():
        children = list(row)
        for n, child in enumerate(children):
            if child.tag != "mtable":
                continue
            for neighbour, form in ((n - 1, "prefix"), (n + 1, "postfix")):
                if 0 <= neighbour < len(children):
                    mo = children[neighbour]
                    if mo.tag == "mo" and (mo.text or "").strip() in FENCES:
                        mo.set("stretchy", "true")
                        mo.set("form", form)


def to_element(tex, display="inline"):
    """A <math> element for ``tex``, or <code> with the TeX when it cannot be converted."""
    try:
        root = etree.fromstring(_mathml(tex, display))
        for node in root.iter():
            node.tag = _NAMESPACE.sub("", node.tag)
            if node.tag not in MATHML_TAGS:
                raise NotMathML(node.tag)
            for name in [n for n in node.attrib if n not in MATHML_ATTRIBUTES]:
                del node.attrib[name]
            for name in ("text", "tail"):
                if getattr(node, name):
                    setattr(node, name, AtomicString(getattr(node, name)))
        root.tail = None
        _stretch_matrix_fences(root)
    except Exception as exc:  # latex2mathml raises many kinds of errors on bad TeX
        logger.debug("TeX not converted (%s): %r", type(exc).__name__, tex)
        root = etree.Element("code", {"class": "math-tex"})
        root.text = AtomicString(tex)
    root.set(TEX, tex)
    return root


class MathBlockProcessor(BlockProcessor):
    def test(self, parent, block):
        return bool(BLOCK_START.match(block)) and after_block_boundary(self.parser.md, block)

    def run(self, parent, blocks):
        text, used = blocks[0], 1
        match = BLOCK.match(text)
        while match is None and used < len(blocks) and used < 100:
            text, used = text + "\n\n" + blocks[used], used + 1
            match = BLOCK.match(text)
        if match is None:
            return False
        rest = text[match.end() :]
        first = rest.split("\n", 1)[0]
        if rest and first.strip() and not first.lstrip().startswith(("{:", "^")):
            return False  # kramdown wants the block to end at a blank line
        del blocks[:used]
        if rest:
            blocks.insert(0, rest)
        formula = to_element(match.group(1).strip(), "block")
        if formula.tag == "code":
            holder = etree.SubElement(parent, "pre", {"class": "math-tex"})
            holder.append(formula)
        else:
            parent.append(formula)
        return True


class MathInlineProcessor(InlineProcessor):
    def __init__(self, md):
        super().__init__(r"(?<!\\)\$\$(.*?)\$\$", md)

    def handleMatch(self, m, data):
        return to_element(m.group(1).strip()), m.start(0), m.end(0)
