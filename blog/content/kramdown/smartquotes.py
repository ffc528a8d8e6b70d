"""Typographic quotes and symbols as kramdown makes them.

Each ``"`` or ``'`` becomes a left or right quote by kramdown's rules (which
look at the character before and after it, so ``中文"引号"`` gives two right
quotes, as it does on Jekyll); ``---``, ``--``, ``...``, ``<<`` and ``>>``
become —, –, …, « and ». Both run as inline patterns, after code spans,
links and raw HTML are already set aside, so those keep their quotes.
"""

import re

from markdown.inlinepatterns import InlineProcessor
from markdown.util import ETX

_SPACE = "[ \\t\\r\\n\\f\\v]"
_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(-]"
# (pattern, replacement): an int copies that group, a name is a quote, "1"/"2" the
# quote that group held, opening or closing.
RULES = [
    (re.compile(r"(\"|')(?=[_*]{1,2}\S)"), ["open1"]),
    (re.compile(r"(\"|')(?=" + _PUNCT + r"(?!\.\.)\B)"), ["close1"]),
    (re.compile(r"(" + _SPACE + r"?)\"'(?=\w)"), [1, "ldquo", "lsquo"]),
    (re.compile(r"(" + _SPACE + r"?)'\"(?=\w)"), [1, "lsquo", "ldquo"]),
    (re.compile(r"(" + _SPACE + r"?)'(?=\d\ds)"), [1, "rsquo"]),
    (re.compile(r"(" + _SPACE + r")('|\")(?=\w)"), [1, "open2"]),
    (re.compile(r"(" + _CLOSE + r")('|\")"), [1, "close2"]),
    (re.compile(r"(\"|')(?=" + _SPACE + r"|s\b|$)"), ["close1"]),
    (re.compile(r"(.?)'", re.S), [1, "lsquo"]),
    (re.compile(r"(.?)\"", re.S), [1, "ldquo"]),
]
# A character kramdown's span parser stops on (where a span may start), or the end of a
# span element here: a quote right after one is read as if nothing stood before it.
_UNSEEN = "*_`<[$&\\" + ETX
ENTITY = {
    "lsquo": "\u2018",
    "rsquo": "\u2019",
    "ldquo": "\u201c",
    "rdquo": "\u201d",
    "apos": "'",
    "quot": '"',
    "laquo": "\u00ab",
    "raquo": "\u00bb",
    "lsaquo": "\u2039",
    "rsaquo": "\u203a",
    "sbquo": "\u201a",
    "bdquo": "\u201e",
}
DEFAULT_QUOTES = ("lsquo", "rsquo", "ldquo", "rdquo")
SYMBOLS = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "\\<<": "<<",
    "\\>>": ">>",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}
DASHES_RE = r"---|--|\.\.\."
# Before raw HTML is looked for, as kramdown reads "<<x>>" as «x», not as a tag.
ANGLES_RE = r"\\<<|\\>>|<< | >>|<<|>>"


def quote_chars(names):
    """kramdown's smart_quotes option (four entity names or characters) -> characters."""
    names = list(names or DEFAULT_QUOTES)
    pairs = zip(DEFAULT_QUOTES, names, strict=False)
    return {key: chr(int(name)) if name.isdigit() else ENTITY.get(name, name) for key, name in pairs}


class SmartQuoteProcessor(InlineProcessor):
    def __init__(self, md, quotes):
        super().__init__(r"""[^\\]?["']""", md)
        self.quotes = quotes

    def name(self, kind, match):
        if kind in ENTITY:
            return self.quotes[kind]
        quote = match.group(int(kind[-1]))
        opening = kind.startswith("open")
        if quote == '"':
            return self.quotes["ldquo" if opening else "rdquo"]
        return self.quotes["lsquo" if opening else "rsquo"]

    def handleMatch(self, m, data):
        start = m.start()
        if data[start] in _UNSEEN:
            start += 1  # kramdown's scanner stopped on that character, so its rules do not see it
        for rule, parts in RULES:
            match = rule.match(data, start)
            if match and match.end() > start:
                out = "".join(match.group(p) if isinstance(p, int) else self.name(p, match) for p in parts)
                return out, start, match.end()
        return None, None, None


class TypographicSymbolProcessor(InlineProcessor):
    def __init__(self, md, symbols, pattern):
        super().__init__(pattern, md)
        self.symbols = symbols

    def handleMatch(self, m, data):
        return self.symbols.get(m.group(0), m.group(0)), m.start(), m.end()
