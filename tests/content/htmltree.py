"""Compare our HTML with Jekyll's as parsed trees, not as strings.

What is compared: the element tree (tags and nesting), heading ids, ids and
author-given classes, and the text, whitespace ignored. What is not
(our differences on purpose, the one list): ON_PURPOSE below.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from blog.content.markdown import sanitize

ON_PURPOSE = {
    "sanitizing": "Jekyll's HTML goes through our sanitizer too: what we remove is removed from both",
    "anchors": "our heading-anchor links (a.heading-anchor) are dropped",
    "table-wrap": "our scrolling wrapper around tables (div.table-wrap) is unwrapped",
    "highlighting": "a code block is compared as one <pre> and its text: Pygments' markup and wrappers "
    "(div.highlight) are not Rouge's (div.highlighter-rouge, figure.highlight)",
    "lazy-images": "image and embed attributes (loading, decoding, sandbox, referrerpolicy) are not compared",
    "math": "a formula is one token: our MathML <math> (or, for TeX latex2mathml cannot read, its source in "
    ".math-tex) against kramdown's \\[…\\] / \\(…\\) text for MathJax",
    "extra-ids": "an id we give an element Jekyll leaves without one (the catalog links to every heading) is not "
    "compared; every id Jekyll gives must be ours too",
    "generated-classes": "classes that each engine adds itself (GENERATED_CLASSES) are not compared",
    "task-boxes": "a task item's box is our ☐/☑ span where kramdown writes a disabled checkbox (a form "
    "control, which public pages do not carry): Jekyll's checkbox is read as the same mark",
}
# kramdown's task-list checkbox, written as the mark we write instead (ON_PURPOSE["task-boxes"]).
_TASK_CHECKBOX = re.compile(r'<input type="checkbox" class="task-list-item-checkbox"[^>]*>')


def _task_marks(html):
    def mark(match):
        if 'checked="checked"' in match.group(0):
            return '<span class="task-box task-box-done">☑</span> '
        return '<span class="task-box">☐</span> '

    return _TASK_CHECKBOX.sub(mark, html)


GENERATED_CLASSES = re.compile(
    r"^(highlighter-rouge|highlight|language-.*|footnotes?|reversefootnote|footnote-(ref|backref)|"
    r"task-list(-item(-checkbox)?)?|task-box(-done)?|kdmath|heading-anchor|table-wrap)$"
)
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
MATH_TOKEN = "\u27e8math\u27e9"
_TEX_MATH = re.compile(r"\\\[.*?\\\]|\\\(.*?\\\)", re.S)
_SPACE = re.compile(r"\s+")


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node or str

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _normalize(node):
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(_TEX_MATH.sub(MATH_TOKEN, child))
            continue
        classes = set(child.attrs.get("class", "").split())
        if child.tag == "a" and "heading-anchor" in classes:
            continue
        if child.tag == "math" or "math-tex" in classes:
            out.append(MATH_TOKEN)
            continue
        if child.tag == "pre":
            child.children = [child.text().strip("\n")]
            out.append(child)
            continue
        _normalize(child)
        if child.tag in ("div", "figure") and ("table-wrap" in classes or _only_a_pre(child)):
            out.extend(child.children)
        else:
            out.append(child)
    node.children = out


def _only_a_pre(node):
    elements = [c for c in node.children if not isinstance(c, str)]
    texts = "".join(c for c in node.children if isinstance(c, str))
    return len(elements) == 1 and elements[0].tag == "pre" and not texts.strip()


def tree(html, jekyll=False):
    """The normalized tree of a fragment; Jekyll's is sanitized as ours is."""
    root = parse(sanitize(_task_marks(html)) if jekyll else html)
    _normalize(root)
    return root


def elements(node):
    for child in node.children:
        if not isinstance(child, str):
            yield child
            yield from elements(child)


def structure(node, depth=0, ids=None):
    """One line per element: indentation, tag, author-given classes, and the id
    when ``ids`` (the other tree's elements, in order) has one there."""
    lines = []
    ids = iter(ids) if ids is not None and not hasattr(ids, "__next__") else ids
    for child in node.children:
        if isinstance(child, str):
            continue
        other = next(ids, None) if ids is not None else child
        classes = sorted(c for c in child.attrs.get("class", "").split() if not GENERATED_CLASSES.match(c))
        label = child.tag + (f"#{child.attrs.get('id', '')}" if other is not None and other.attrs.get("id") else "")
        label += "".join(f".{c}" for c in classes)
        lines.append("  " * depth + label)
        lines.extend(structure(child, depth + 1, ids))
    return lines


def elements_only(node, depth=0):
    """The bare element tree: tags and nesting."""
    lines = []
    for child in node.children:
        if not isinstance(child, str):
            lines.append("  " * depth + child.tag)
            lines.extend(elements_only(child, depth + 1))
    return lines


def texts(node):
    """The text of each element without its whitespace, in document order."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            continue
        out.append(f"{child.tag}: " + _SPACE.sub("", child.text()))
        out.extend(texts(child))
    return out


def heading_ids(node):
    ids = []
    for child in node.children:
        if isinstance(child, str):
            continue
        if re.fullmatch(r"h[1-6]", child.tag) and child.attrs.get("id"):
            ids.append(child.attrs["id"])
        ids.extend(heading_ids(child))
    return ids


def all_ids(node):
    ids = set()
    for child in node.children:
        if not isinstance(child, str):
            if child.attrs.get("id"):
                ids.add(child.attrs["id"])
            ids |= all_ids(child)
    return ids


@dataclass
class Comparison:
    same_elements: bool
    same_structure: bool
    same_text: bool
    missing_ids: list
    ours: Node
    theirs: Node

    @property
    def same(self):
        return self.same_structure and self.same_text and not self.missing_ids


def compare(our_html, jekyll_html):
    ours, theirs = tree(our_html), tree(jekyll_html, jekyll=True)
    our_ids = all_ids(ours)
    return Comparison(
        same_elements=elements_only(ours) == elements_only(theirs),
        same_structure=structure(ours, ids=list(elements(theirs))) == structure(theirs),
        same_text=texts(ours) == texts(theirs),
        missing_ids=[i for i in heading_ids(theirs) if i not in our_ids],
        ours=ours,
        theirs=theirs,
    )


def diff(comparison, context=3):
    """A unified diff of the two structures and texts, for a failure message."""
    import difflib

    a = structure(comparison.theirs) + [""] + texts(comparison.theirs)
    b = structure(comparison.ours, ids=list(elements(comparison.theirs))) + [""] + texts(comparison.ours)
    return "\n".join(difflib.unified_diff(a, b, "jekyll", "ours", n=context, lineterm=""))
