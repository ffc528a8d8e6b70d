"""The one Markdown pipeline: posts, author bios, pages and the admin preview.

Markdown -> HTML with Python-Markdown, then sanitized with nh3 whatever the
author typed, then a small rewrite pass (external links, lazy images, tables
that scroll on narrow screens). Posts render once, in ``save()``.
"""

import json
import threading
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from markdown.extensions.toc import slugify_unicode

from . import characters, liquid, urls
from .kramdown import KramdownExtension, embeds
from .kramdown.math import MATHML_ATTRIBUTES, MATHML_TAGS
from .kramdown.options import merged

EXTENSIONS = [
    "markdown.extensions.footnotes",
    "markdown.extensions.abbr",
    "markdown.extensions.def_list",
    "markdown.extensions.md_in_html",
    "markdown.extensions.toc",
    "pymdownx.tilde",
]

EXTENSION_CONFIGS = {
    "markdown.extensions.toc": {
        # The catalog and the anchors; heading ids are kramdown's (blog.content.kramdown.headerids).
        "slugify": slugify_unicode,
        "permalink": "#",
        "permalink_class": "heading-anchor",
        "permalink_title": "",
        "toc_depth": "1-6",
    },
    "pymdownx.tilde": {"subscript": False},
    "markdown.extensions.footnotes": {"BACKLINK_TITLE": ""},
}

HIGHLIGHT = {
    "use_pygments": True,
    "css_class": "highlight",
    "guess_lang": False,
    "pygments_lang_class": True,
    "noclasses": False,
}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
    "iframe",
} | MATHML_TAGS

ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "iframe": embeds.IFRAME_ATTRIBUTES,
    **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
}


def _filter_attribute(tag, name, value):
    """nh3's one attribute filter: no unsafe URL in any URL attribute (``urls``), and an iframe
    keeps its src only when the host may be embedded (the rewrite drops it otherwise)."""
    value = urls.safe_attribute(tag, name, value)
    if value is not None and tag == "iframe" and name == "src":
        return embeds.embed_src(value)
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    link_rel=None,
    url_schemes=urls.SCHEMES,
    filter_style_properties={"text-align"},
    strip_comments=True,
    attribute_filter=_filter_attribute,
)


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str


# --- Post-sanitize rewrite ------------------------------------------------------------
def _site_hosts():
    hosts = {h.lower() for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"}
    site_url = settings.BLOG.get("SITE_URL")
    if site_url:
        hosts.add((urlsplit(site_url).hostname or "").lower())
    return hosts


def is_external(href):
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return False
    return (parts.hostname or "").lower() not in _site_hosts()


class _Rewriter(HTMLParser):
    """Re-serializes nh3's (already safe, well-formed) output with small changes."""

    VOID = {"br", "col", "hr", "img", "input", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.dropping = 0  # inside an iframe that may not be embedded

    def _attrs(self, attrs):
        return "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"' for name, value in attrs
        )

    def handle_starttag(self, tag, attrs):
        attrs = list(attrs)
        if self.dropping or (tag == "iframe" and not dict(attrs).get("src")):
            self.dropping += tag == "iframe"
            return
        if tag == "iframe":
            attrs = [(k, v) for k, v in attrs if k not in embeds.KEPT] + list(embeds.KEPT.items())
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if is_external(href):
                attrs.append(("rel", "noopener"))
        elif tag == "img":
            attrs += [("loading", "lazy"), ("decoding", "async")]
        elif tag == "table":
            self.out.append('<div class="table-wrap">')
        self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.dropping:
            self.dropping -= tag == "iframe"
            return
        if tag in self.VOID:
            return
        self.out.append(f"</{tag}>")
        if tag == "table":
            self.out.append("</div>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))


def sanitize(html):
    """Sanitize any HTML fragment with the blog's allowlist, then rewrite it."""
    rewriter = _Rewriter()
    rewriter.feed(_cleaner.clean(html))
    rewriter.close()
    return "".join(rewriter.out)


_local = threading.local()


def _markdown(options):
    """A Markdown instance for these options, reused (per thread) across renders."""
    key = json.dumps(options, sort_keys=True)
    cache = getattr(_local, "instances", None)
    if cache is None:
        cache = _local.instances = {}
    md = cache.get(key)
    if md is None:
        extensions = EXTENSIONS + (["markdown.extensions.nl2br"] if options["hard_wrap"] else [])
        md = markdown.Markdown(
            extensions=[*extensions, KramdownExtension(options, HIGHLIGHT)], extension_configs=EXTENSION_CONFIGS
        )
        cache[key] = md
    return md


def options_for(overrides=None):
    """Jekyll's kramdown defaults, the site's setting (BLOG["MARKDOWN"]), then ``overrides`` (a post's)."""
    return merged(settings.BLOG.get("MARKDOWN"), overrides)


def render(text, options=None):
    """Render Markdown to sanitized HTML and a table of contents.

    ``options`` are a post's own (``Post.markdown_options``), over the site's.
    """
    md = _markdown(options_for(options))
    md.reset()
    html = md.convert(liquid.to_markdown(characters.printable(text or "")))
    toc_html = sanitize(md.toc) if getattr(md, "toc_tokens", None) else ""
    # Again after sanitizing: a character reference such as &#1; becomes the character itself.
    return Rendered(html=characters.printable(sanitize(html)), toc_html=characters.printable(toc_html))


def render_html(text, options=None):
    return render(text, options).html
