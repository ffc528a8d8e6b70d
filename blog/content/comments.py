"""The Markdown readers write comments in: a small subset, rendered by our pipeline.

Paragraphs and line breaks, emphasis, strikethrough, inline code and code blocks, quotes, lists,
rules and links (bare URLs become links). Not: headings, images, tables, footnotes or raw HTML,
which is shown as the text it is. The parser never produces what is left out (its processors
are removed from the Markdown instance, so ``# title`` stays a line of text), and the HTML is
then sanitized with an allowlist of the tags that remain, every link getting
``rel="nofollow ugc noopener"``.
"""

import re

import markdown
import nh3

EXTENSIONS = [
    "markdown.extensions.sane_lists",
    "markdown.extensions.nl2br",
    "markdown.extensions.fenced_code",
    "pymdownx.tilde",
    "pymdownx.magiclink",
]
EXTENSION_CONFIGS = {
    "pymdownx.tilde": {"subscript": False},
    "pymdownx.magiclink": {"hide_protocol": False},
}

# Processors of Python-Markdown (and its extensions) that make what comments may not have.
_BLOCKS_LEFT_OUT = ("hashheader", "setextheader")
_INLINES_LEFT_OUT = ("image_link", "image_reference", "short_image_ref", "html")
_PREPROCESSORS_LEFT_OUT = ("html_block",)

ALLOWED_TAGS = {"p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow ugc noopener"

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    link_rel=LINK_REL,
    url_schemes={"http", "https", "mailto"},
    strip_comments=True,
)

# Control characters other than tab and newline; carriage returns are normalised first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def clean_text(text):
    """What a comment keeps of what was typed: newlines normalised, control and
    direction-override characters removed, blank lines around it and trailing space stripped
    (a first line's indent is kept: it may be code)."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


def _markdown():
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    for name in _BLOCKS_LEFT_OUT:
        if name in md.parser.blockprocessors:
            md.parser.blockprocessors.deregister(name)
    for name in _INLINES_LEFT_OUT:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    for name in _PREPROCESSORS_LEFT_OUT:
        if name in md.preprocessors:
            md.preprocessors.deregister(name)
    return md


def render(text):
    """Sanitized HTML of a comment's text."""
    html = _markdown().convert(clean_text(text))
    return _cleaner.clean(html).strip()


def link_count(html):
    """How many links a rendered comment has (bare URLs and Markdown links alike): the
    sanitizer writes each as ``<a href=…``."""
    return html.count("<a ")
