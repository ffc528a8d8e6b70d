"""A template loader that keeps templates readable and pages small.

Templates are written indented, one element a line, one attribute a line when
a tag is long. Sent as written, every page would carry that indentation.
``Loader`` is Django's cached loader that removes it once, when a template is
first loaded: in an HTML template, each run of whitespace that holds a line
break becomes one line break in text, and one space between a tag's attributes.
Nothing else changes.

Why that is safe: outside preformatted elements, a browser renders any run of
whitespace as (at most) one space, and drops spaces and tabs next to a line
break, so ``"</a>\n        <a>"`` and ``"</a>\n<a>"`` render alike; between
attributes any whitespace is one separator. A line break in text is kept, never
removed, so two inline elements on consecutive lines still get their space.
Whitespace without a line break (``"<b>a</b> · <b>b</b>"``) is never touched.

Left exactly as written:
- the contents of ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``,
  HTML comments, and quoted attribute values;
- ``{% verbatim %}``, ``{% comment %}`` and ``{% blocktranslate %}`` blocks
  (the last are message ids: changing them would lose their translation);
- everything inside ``{% ... %}``, ``{{ ... }}`` and ``{# ... #}``, and all
  rendered values (a post's HTML comes from a variable, so is never touched);
- templates whose name does not end in ``.html`` (sitemaps, feeds, text mail).

A block or include whose output lands inside an attribute value cannot know
it: write such blocks on one line (as ``<title>`` and ``<meta>`` blocks are).
Template error messages count lines in the squeezed text; a tag spread over
several lines counts as one.
"""

import re

from django.template.base import tag_re
from django.template.loaders import cached

HTML_SUFFIXES = (".html", ".htm")
# Elements whose text is shown or run as written.
RAW_ELEMENTS = ("pre", "textarea", "script", "style")
# Template blocks whose contents are copied untouched, by their closing tag.
OPAQUE_BLOCKS = {"comment": "endcomment", "blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}

# HTML's whitespace, not Python's: a no-break space is text.
WHITESPACE_WITH_NEWLINE = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")
# What ends each HTML state, and the state after it.
_DATA_EVENTS = re.compile(r"<!--|<[a-zA-Z!?/]")
_TAG_EVENTS = re.compile(r"[\"'>]")
_TAG_NAME = re.compile(r"/?([a-zA-Z][a-zA-Z0-9-]*)")


def _squeeze(text, state):
    """Each whitespace run holding a line break becomes one line break in text,
    one space inside a tag."""
    return WHITESPACE_WITH_NEWLINE.sub("\n" if state == "data" else " ", text)


class _Html:
    """Just enough of an HTML tokenizer to know where whitespace may be squeezed:
    in text and between attributes, nowhere else. It is fed the template's text
    only; template tags and variables leave its state as it was."""

    def __init__(self):
        self.state = "data"  # data, tag, quote, comment, raw
        self.quote = ""
        self.tag = ""  # the start tag being read, when it opens a raw element
        self.raw = ""  # the raw element we are in

    def feed(self, text, squeeze=True):
        out = []
        pos = 0
        while pos < len(text):
            state = self.state
            end, next_pos = self._step(text, pos)
            chunk = text[pos:end]
            out.append(_squeeze(chunk, state) if squeeze and state in ("data", "tag") else chunk)
            out.append(text[end:next_pos])
            pos = next_pos
        return "".join(out)

    def _step(self, text, pos):
        """Find where the current state's run ends; move to the next state and
        return (run end, where the next run starts)."""
        if self.state == "data":
            return self._in_data(text, pos)
        if self.state == "tag":
            return self._in_tag(text, pos)
        closer = {"quote": self.quote, "comment": "-->", "raw": f"</{self.raw}"}[self.state]
        found = (text.lower() if self.state == "raw" else text).find(closer, pos)
        if found < 0:
            return len(text), len(text)
        # After a quoted value: back in the same start tag. After a raw
        # element: in its end tag. After a comment: in text.
        self.state = "tag" if self.state in ("quote", "raw") else "data"
        return found, found + len(closer)

    def _in_data(self, text, pos):
        match = _DATA_EVENTS.search(text, pos)
        if not match:
            return len(text), len(text)
        if match.group() == "<!--":
            self.state = "comment"
            return match.start(), match.end()
        self.state = "tag"
        name = _TAG_NAME.match(text, match.start() + 1)
        opening = name and not name.group().startswith("/")
        self.tag = name.group(1).lower() if opening else ""
        return match.start(), match.start() + 1

    def _in_tag(self, text, pos):
        match = _TAG_EVENTS.search(text, pos)
        if not match:
            return len(text), len(text)
        if match.group() == ">":
            opens_raw = self.tag in RAW_ELEMENTS
            self.state, self.raw = ("raw", self.tag) if opens_raw else ("data", "")
            self.tag = ""
        else:
            self.state, self.quote = "quote", match.group()
        return match.start(), match.end()


def _block_name(piece):
    """'if' for '{% if x %}', '' for anything but a block tag."""
    if not piece.startswith("{%"):
        return "", ""
    content = piece[2:-2].strip()
    return content.split(" ", 1)[0], content


def _opaque_end(piece):
    """The block tag content that closes an untouched block opened by piece, or None."""
    name, content = _block_name(piece)
    if name == "verbatim":
        return "end" + content  # Django's own rule: {% verbatim x %} ... {% endverbatim x %}
    return OPAQUE_BLOCKS.get(name)


def squeeze_template(source):
    """The template source with its indentation gone (see the module docstring).
    A template Django would not parse (an unclosed verbatim) is returned as is,
    so that Django reports the error."""
    pieces = tag_re.split(source)
    html = _Html()
    out = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        closer = _opaque_end(piece) if i % 2 else None
        if closer is None:
            out.append(html.feed(piece) if i % 2 == 0 else piece)
            i += 1
            continue
        end = next((j for j in range(i + 2, len(pieces), 2) if _block_name(pieces[j])[1] == closer), None)
        if end is None:
            return source
        block = "".join(pieces[i : end + 1])
        if not piece[2:-2].strip().startswith("comment"):
            # Verbatim text and messages are rendered: keep track of the HTML they hold.
            html.feed("".join(pieces[i + 1 : end]), squeeze=False)
        out.append(block)
        i = end + 1
    return "".join(out)


class Loader(cached.Loader):
    """Django's cached loader (give it the loaders to wrap, as usual), with
    ``squeeze_template`` applied once to each HTML template it loads."""

    def get_contents(self, origin):
        contents = super().get_contents(origin)
        if str(origin.name).endswith(HTML_SUFFIXES):
            return squeeze_template(contents)
        return contents
