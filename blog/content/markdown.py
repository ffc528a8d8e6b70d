"""The one Markdown pipeline: posts, author bios, pages and the admin preview.

Markdown -> HTML with Python-Markdown, then sanitized with nh3 whatever the
author typed, then a small rewrite pass (external links, lazy images, tables
that scroll on narrow screens). Posts render once, in ``save()``.
"""

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from markdown.extensions.toc import slugify_unicode

from .relative_links import RelativeLinks

EXTENSIONS = [
    "markdown.extensions.tables",
    "markdown.extensions.footnotes",
    "markdown.extensions.abbr",
    "markdown.extensions.def_list",
    "markdown.extensions.sane_lists",
    # Jekyll's Hux theme uses kramdown with GFM input, where a single line
    # break is a <br>; posts written for it rely on that.
    "markdown.extensions.nl2br",
    "markdown.extensions.toc",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.tilde",
    "pymdownx.tasklist",
    "pymdownx.magiclink",
]

EXTENSION_CONFIGS = {
    "markdown.extensions.toc": {
        # Keeps Chinese headings readable and stable as ids: "## 商业版销售" -> id="商业版销售".
        "slugify": slugify_unicode,
        "permalink": "#",
        "permalink_class": "heading-anchor",
        "permalink_title": "",
        "toc_depth": "1-6",
    },
    "pymdownx.highlight": {
        "use_pygments": True,
        "css_class": "highlight",
        "guess_lang": False,
        "pygments_lang_class": True,
        "noclasses": False,
    },
    "pymdownx.tilde": {"subscript": False},
    "pymdownx.tasklist": {"custom_checkbox": False},
    "pymdownx.magiclink": {"hide_protocol": False},
    "markdown.extensions.footnotes": {"BACKLINK_TITLE": ""},
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
    "input",
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
}

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
    "input": {"checked", "disabled"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    # Only task-list checkboxes survive as inputs.
    tag_attribute_values={"input": {"type": {"checkbox"}}},
    link_rel=None,
    url_schemes={"http", "https", "mailto", "tel"},
    filter_style_properties={"text-align"},
    strip_comments=True,
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

    def _attrs(self, attrs):
        return "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"' for name, value in attrs
        )

    def handle_starttag(self, tag, attrs):
        attrs = list(attrs)
        if tag == "a":
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
        if tag in self.VOID:
            return
        self.out.append(f"</{tag}>")
        if tag == "table":
            self.out.append("</div>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def sanitize(html):
    """Sanitize any HTML fragment with the blog's allowlist, then rewrite it."""
    rewriter = _Rewriter()
    rewriter.feed(_cleaner.clean(html))
    rewriter.close()
    return "".join(rewriter.out)


def _converter(link_resolver=None):
    extensions = EXTENSIONS + ([RelativeLinks(link_resolver)] if link_resolver else [])
    return markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)


def render(text, link_resolver=None):
    """Render Markdown to sanitized HTML and a table of contents. ``link_resolver(href)``, when
    given, turns relative links to the site's Markdown files into their URLs (``relative_links``)."""
    md = _converter(link_resolver)
    html = md.convert(text or "")
    toc_html = sanitize(md.toc) if getattr(md, "toc_tokens", None) else ""
    return Rendered(html=sanitize(html), toc_html=toc_html)


def to_html(text):
    """Markdown to HTML, not yet sanitized: Liquid's ``markdownify``, whose output the page's
    own render then sanitizes with the rest."""
    return _converter().convert(text or "")


def smartify(text):
    """Typographic quotes, dashes and ellipses (Liquid's ``smartify``)."""
    md = markdown.Markdown(extensions=["markdown.extensions.smarty"])
    html = md.convert(text or "")
    return html.removeprefix("<p>").removesuffix("</p>")


def render_html(text):
    return render(text).html
