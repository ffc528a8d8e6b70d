"""Debian's ``jekyll`` as the oracle: build a small site, then compare what it wrote with what
the blog serves after importing the same site.

Documents are compared as parsed HTML: the tree of elements (names, links and image sources,
each link followed on our site to where it lands) and their text. What differs only because the
Markdown engines differ (kramdown's code block wrappers, heading ids and anchors, typographic
quotes, soft line breaks) is set aside; everything Liquid decides is compared.
"""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

JEKYLL = shutil.which("jekyll")
SOURCE_MARK = re.compile(r"<!--source:(.*?)-->")
# The layout every test site uses: the page's own content, and which file it came from.
LAYOUT = "<!--source:{{ page.path }}-->\n{{ content }}"
VOID = {"br", "col", "hr", "img", "input", "wbr", "meta", "link", "source"}
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "--", "—": "---", "…": "..."})


def require_jekyll(plugin=None):
    """Skip (or fail, under REQUIRE_JEKYLL=1) without Debian's jekyll (and ``plugin``)."""
    missing = None
    if JEKYLL is None:
        missing = "jekyll is not installed (apt-get install jekyll)"
    elif plugin and not any(Path("/usr/share/rubygems-integration/all/gems").glob(f"{plugin}-*")):
        missing = f"the {plugin} gem is not installed (apt-get install ruby-{plugin})"
    if missing:
        if os.environ.get("REQUIRE_JEKYLL") == "1":
            pytest.fail(f"REQUIRE_JEKYLL=1 but {missing}")
        pytest.skip(missing)


def build(source, dest):
    """``jekyll build`` of ``source`` into ``dest``; the files it wrote."""
    result = subprocess.run(
        [JEKYLL, "build", "--source", str(source), "--destination", str(dest), "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "LANG": "C.UTF-8", "JEKYLL_ENV": "production"},
    )
    assert result.returncode == 0, result.stderr
    return sorted(p for p in Path(dest).rglob("*") if p.is_file())


def url_of(dest, path):
    """The URL a file of the built site is served at."""
    relative = path.relative_to(dest).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def written_documents(dest):
    """``{source path: (url, content)}`` of every page and post Jekyll wrote."""
    found = {}
    for path in Path(dest).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        mark = SOURCE_MARK.search(text)
        if mark:
            found[mark.group(1)] = (url_of(Path(dest), path), text[mark.end() :])
    return found


def landing(client, url, hosts=("testserver",), hops=3):
    """Where an internal link lands on our site (following redirects), or the link itself."""
    parts = urlsplit(url)
    if parts.scheme and (parts.hostname not in hosts):
        return url
    path = unquote(parts.path) or "/"
    for _ in range(hops):
        response = client.get(path)
        if response.status_code not in (301, 302):
            break
        path = unquote(urlsplit(response["Location"]).path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


class _Tree(HTMLParser):
    """Elements and text, with the differences of Markdown engines set aside."""

    def __init__(self, link):
        super().__init__(convert_charrefs=True)
        self.link = link
        self.root = ["root", {}, []]
        self.stack = [self.root]
        self.skip = 0  # inside an element that is left out

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.skip or "heading-anchor" in classes:
            if tag not in VOID:
                self.skip += 1
            return
        if tag == "br":
            self.handle_data(" ")
            return
        kept = {k: self.link(v) for k, v in attrs.items() if k in ("href", "src") and v is not None}
        if "alt" in attrs:
            kept["alt"] = attrs["alt"]
        node = [tag, kept, []]
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
            return
        if tag in VOID or len(self.stack) == 1:
            return
        while len(self.stack) > 1:
            node = self.stack.pop()
            if node[0] == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.stack[-1][2].append(data.translate(QUOTES))


def _has_code(node):
    return node[0] == "pre" or any(isinstance(c, list) and _has_code(c) for c in node[2])


def _text(node):
    return "".join(c if isinstance(c, str) else _text(c) for c in node[2])


def _simplify(node):
    """A comparable form: code blocks as their text, wrappers and empty text dropped."""
    if _has_code(node) and node[0] in ("div", "figure", "pre", "table"):
        return ("code", " ".join(_text(node).split()))
    children = []
    text = ""
    for child in node[2]:
        if isinstance(child, str):
            text += child
            continue
        if text.strip():
            children.append(" ".join(text.split()))
        text = ""
        simple = _simplify(child)
        if child[0] == "div" and not child[1] and "table" in [c[0] for c in child[2] if isinstance(c, list)]:
            children += list(simple[2])  # our table wrapper
        else:
            children.append(simple)
    if text.strip():
        children.append(" ".join(text.split()))
    return (node[0], tuple(sorted(node[1].items())), tuple(children))


def normalized(html, link=lambda url: url):
    """The comparable tree of an HTML fragment; ``link(url)`` normalizes each href/src."""
    tree = _Tree(link)
    tree.feed(html)
    tree.close()
    return _simplify(tree.root)


def linker(client, base, hosts):
    def link(url):
        return landing(client, urljoin(base, url), hosts)

    return link
