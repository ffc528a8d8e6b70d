"""kramdown's line-level syntax, as regular expressions over source lines.

Each pattern matches one line of Markdown source (without its newline), the
way kramdown's block parser tests the line where a block may start. They
are written for this package from kramdown's documented syntax (GFM input).
"""

import re

OPT_SPACE = r" {0,3}"
# Lists: a marker, then a space, a tab or (kramdown's quirk) a pipe.
LIST_START_UL = re.compile(r"^( {0,3}[+*-])([\t| ].*)$")
LIST_START_OL = re.compile(r"^( {0,3}\d+\.)([\t| ].*)$")
DEFINITION_START = re.compile(r"^( {0,3}:)([\t| ].*)$")
ATX_HEADER = re.compile(r"^(#{1,6})[\t ]+(.*)$")
BLOCKQUOTE_START = re.compile(r"^ {0,3}> ?")
FENCE_START = re.compile(r"^ {0,3}[~`]{3,}")
HR = re.compile(r"^ {0,3}([*_-])[ \t]*\1[ \t]*\1(?:\1|[ \t])*$")
EOB_MARKER = re.compile(r"^\^\s*$")
BLANK = re.compile(r"^\s*$")

# Attribute lists: {: .class #id key="value"} and definitions {:name: ...}.
ALD_ANY_CHARS = r"(?:\\\}|[^}])"
IAL_BLOCK = re.compile(r"^ {0,3}\{:(?!:|/)(" + ALD_ANY_CHARS + r"+)\}\s*$")
ALD_BLOCK = re.compile(r"^ {0,3}\{:(\w[\w-]*):(" + ALD_ANY_CHARS + r"+)\}\s*$")
EXT_BLOCK_START = re.compile(r"^ {0,3}\{::(\w+)(?:\s(" + ALD_ANY_CHARS + r"*?)|)(/)?\}\s*$")
EXT_BLOCK_STOP = r"^ {0,3}\{:/(?:%s)?\}\s*$"

# HTML tags that start or end a block (anything but span-level elements).
HTML_SPAN_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "big",
        "bdo",
        "br",
        "button",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "mark",
        "option",
        "q",
        "rb",
        "rbc",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "samp",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "var",
    ]
)
_TAG_NAME = r"[A-Za-z_:][\w:.-]*"
HTML_BLOCK_START = re.compile(r"^ {0,3}<(" + _TAG_NAME + r")(?=[\s/>]|$)")
HTML_BLOCK_STOP = re.compile(r"^ {0,3}</(" + _TAG_NAME + r")\s*>")


_STASHED_HTML = re.compile("^ {0,3}\x02wzxhzdk:\\d+\x03")


def is_html_block_line(line):
    """A line that ends a paragraph or a lazy list line: a block-level HTML tag (script too),
    or raw HTML Python-Markdown has already set aside."""
    if _STASHED_HTML.match(line):
        return True
    match = HTML_BLOCK_START.match(line) or HTML_BLOCK_STOP.match(line)
    if not match:
        return False
    name = match.group(1).lower()
    return name == "script" or name not in HTML_SPAN_ELEMENTS


def lazy_end(line):
    """kramdown's LAZY_END: where a paragraph or a blockquote stops."""
    return bool(BLANK.match(line) or IAL_BLOCK.match(line) or EOB_MARKER.match(line) or is_html_block_line(line))


def paragraph_end(line):
    """GFM's paragraph_end: a line that starts another block interrupts a paragraph."""
    return bool(
        lazy_end(line)
        or LIST_START_UL.match(line)
        or LIST_START_OL.match(line)
        or ATX_HEADER.match(line)
        or DEFINITION_START.match(line)
        or BLOCKQUOTE_START.match(line)
        or FENCE_START.match(line)
    )


# --- Attribute lists -------------------------------------------------------------------
_KEY_VALUE = r"(\w[\w-]*)=(\"|')((?:\\\}|\\\2|(?!\2)[^}])*?)\2"
_ID_OR_CLASS = r"(?:#[A-Za-z][\w:-]*|\.[^\s.#]+)+"
ALD_TYPE_ANY = re.compile(r"(?:\A|\s)(?:" + _KEY_VALUE + r"|(\w[\w-]*)|(" + _ID_OR_CLASS + r"))(?=\s|\Z)")
_ONE_ID_OR_CLASS = re.compile(r"#([A-Za-z][\w:-]*)|\.([^\s.#]+)")


def parse_attribute_list(text):
    """{'id': ..., 'class': ..., other attributes..., 'refs': [...]} of an IAL's inside.

    Every attribute is returned; which of them reach the page is decided by
    ial.apply (classes and ids only) and the sanitizer.
    """
    attrs = {"refs": []}
    for key, _quote, value, ref, id_and_class in ALD_TYPE_ANY.findall(text):
        if ref:
            attrs["refs"].append(ref)
        elif id_and_class:
            for id_value, class_value in _ONE_ID_OR_CLASS.findall(id_and_class):
                if class_value:
                    attrs["class"] = f"{attrs.get('class', '')} {class_value}".lstrip()
                else:
                    attrs["id"] = id_value
        elif key:
            attrs[key] = value
    return attrs
