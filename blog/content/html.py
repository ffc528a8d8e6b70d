"""Reading the HTML the sanitizer made: its text, the links in it, and the same HTML with
absolute URLs (for feeds).

Every rendered body, bio and page comes out of ``blog.content.markdown.sanitize()``, which
writes every "<" and ">" of text and attribute values as an entity and double-quotes every
attribute. So in that HTML, and only there, "<" and ">" delimit tags and ``attr="…"`` is every
attribute: these readers rely on it, and this module is the one place that does.
"""

import html
import re
from urllib.parse import urljoin, urlsplit

TAG = re.compile(r"<[^>]*>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def html_to_text(fragment, headings=True, footnotes=False):
    """Visible text of sanitized HTML, blocks separated by newlines.

    (Django's strip_tags parses the HTML, twice, and search snippets convert a page of bodies
    per request; bench/queries.py measures pages.)
    """
    fragment = fragment or ""
    if not headings:
        fragment = re.sub(r"<h([1-6])\b[^>]*>.*?</h\1>", "", fragment, flags=re.S)
    fragment = re.sub(r'<a class="(?:heading-anchor|footnote-backref|footnote-ref)"[^>]*>.*?</a>', "", fragment)
    if not footnotes:
        fragment = re.sub(r'<div class="footnote">.*?</div>', "", fragment, flags=re.S)
    fragment = re.sub(r"(?i)<br\s*/?>|</(?:p|h[1-6]|li|blockquote|pre|tr|div|dd|dt)>", "\n", fragment)
    text = html.unescape(TAG.sub("", fragment))
    return re.sub(r"[ \t\u3000]*\n[\s]*", "\n", text).strip()


def local_links(fragment):
    """Site-relative URLs (``src`` and ``href``) in sanitized HTML, as written, each once."""
    found = []
    for match in _URL_ATTRIBUTE.finditer(fragment or ""):
        url = html.unescape(match.group(2)).strip()
        parts = urlsplit(url)
        if url and not parts.scheme and not parts.netloc and parts.path:
            found.append(url)
    return list(dict.fromkeys(found))


def absolutize(fragment, base):
    """Sanitized HTML with every relative href/src made absolute against ``base``."""

    def fix(match):
        value = match.group(2)
        if _SCHEME.match(value):  # http:, mailto:, ...
            return match.group(0)
        resolved = urljoin(base, html.unescape(value))
        return f"{match.group(1)}{html.escape(resolved, quote=True)}{match.group(3)}"

    return _URL_ATTRIBUTE.sub(fix, fragment or "")
