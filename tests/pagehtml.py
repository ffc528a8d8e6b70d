"""Reading rendered pages in tests: tags and attributes without regex guesswork."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict)
        self.scripts = []  # (attrs, text)
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = [attrs, ""]

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None


def parse(html):
    collector = _Collector()
    collector.feed(html if isinstance(html, str) else html.decode())
    collector.close()
    return collector


def elements(html, tag, **attrs):
    """Attribute dicts of every <tag> whose attributes include ``attrs``
    (``class_`` matches one class among several)."""
    wanted_class = attrs.pop("class_", None)
    found = []
    for name, element_attrs in parse(html).elements:
        if name != tag:
            continue
        if wanted_class and wanted_class not in (element_attrs.get("class") or "").split():
            continue
        if all(element_attrs.get(k) == v for k, v in attrs.items()):
            found.append(element_attrs)
    return found


def meta(html, key):
    """content of <meta name=key> or <meta property=key>."""
    for attrs in elements(html, "meta"):
        if attrs.get("name") == key or attrs.get("property") == key:
            return attrs.get("content")
    return None


def hrefs(html):
    return [attrs.get("href") for attrs in elements(html, "a")]
