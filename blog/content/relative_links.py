"""Links to the site's own Markdown files become the URLs of the posts and pages made from them,
as GitHub Pages' jekyll-relative-links does: ``[part one](2020-06-19-part-one.md)``,
``[x](./x.md#part)``, ``[y](../_posts/y.md)``.

A Treeprocessor, so only real links change (not code that shows one); the resolver, given by the
page being rendered, knows its folder and the site. A link it cannot resolve stays as written.
"""

import posixpath
from urllib.parse import unquote, urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Jekyll's markdown_ext, and the pages a link may name by their file.
DOCUMENT_EXTENSIONS = {".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".mdown", ".mdwn", ".html", ".htm"}


def site_path(href, folder):
    """The path inside the site that a relative ``href`` written in ``folder`` names, and its
    fragment; None when it is no link to a document of the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or href.startswith("#"):
        return None
    path = unquote(parts.path)
    if posixpath.splitext(path)[1].lower() not in DOCUMENT_EXTENSIONS:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    normal = posixpath.normpath(joined)
    if normal.startswith("..") or normal == ".":
        return None
    return normal, parts.fragment


class _Rewrite(Treeprocessor):
    def run(self, root):
        resolve = getattr(self.md, "link_resolver", None)
        if resolve is None:
            return
        for link in root.iter("a"):
            href = link.get("href")
            url = resolve(href) if href else None
            if url:
                link.set("href", url)


class RelativeLinks(Extension):
    """Reads ``md.link_resolver`` (set for each document by ``markdown.render``): ``resolve(href)``
    -> the URL the link should have, or None to leave it."""

    def extendMarkdown(self, md):
        # After the inline patterns made the links (priority 20), before anything reads them.
        md.treeprocessors.register(_Rewrite(md), "relative_links", 19)
