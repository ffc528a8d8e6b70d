"""Footnotes shaped as kramdown writes them: the notes follow the text with
no rule above them (Python-Markdown's footnotes extension does the parsing;
its ``div.footnote`` class stays, blog.text reads it)."""
from markdown.treeprocessors import Treeprocessor


class FootnoteShapeTreeprocessor(Treeprocessor):
    def run(self, root):
        for div in root.iter("div"):
            if "footnote" in (div.get("class") or "").split():
                for rule in div.findall("hr"):
                    div.remove(rule)
