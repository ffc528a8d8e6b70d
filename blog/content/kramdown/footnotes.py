"""Footnotes shaped as kramdown writes them: the notes follow the text with
no rule above them, and a note nothing refers to is left out (Python-Markdown's
footnotes extension does the parsing; its ``div.footnote`` class stays,
blog.text reads it)."""

from markdown.treeprocessors import Treeprocessor


def _footnote_divs(root):
    return [div for div in root.iter("div") if "footnote" in (div.get("class") or "").split()]


class FootnoteShapeTreeprocessor(Treeprocessor):
    def run(self, root):
        for div in _footnote_divs(root):
            for rule in div.findall("hr"):
                div.remove(rule)


class UnreferencedFootnoteTreeprocessor(Treeprocessor):
    """Runs after inline processing, once the references (sup#fnref:…) exist."""

    def run(self, root):
        divs = _footnote_divs(root)
        if not divs:
            return
        referenced = {
            sup.get("id", "").split(":", 1)[-1] for sup in root.iter("sup") if sup.get("id", "").startswith("fnref")
        }
        for div in divs:
            for listing in div.findall("ol"):
                for item in list(listing):
                    if item.get("id", "").split(":", 1)[-1] not in referenced:
                        listing.remove(item)
                if not len(listing):
                    div.remove(listing)
            if not div.findall("ol"):
                parent = next(p for p in root.iter() if div in list(p))
                parent.remove(div)
