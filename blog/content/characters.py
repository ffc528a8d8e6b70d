"""Characters no page of the blog may carry, whatever a post contains.

XML 1.0 cannot carry the C0 controls other than tab, line feed and carriage return, nor lone
surrogates, U+FFFE and U+FFFF: a feed or sitemap holding one is not XML (Django's feed writer
refuses it with an error). HTML forbids those too, and also DEL, the C1 controls (U+0080 to
U+009F) and the other noncharacters (U+FDD0 to U+FDEF, U+nFFFE and U+nFFFF). None of them means
anything on a page, so the blog drops them on the way out; the text stored is the text written.

Where: ``printable()`` runs on what rendering makes of a post (its HTML, table of contents and
summary, stored at save), so stored HTML is clean for every reader of it; the feeds run it on
every value they write (a title, a tag name...); and ``reading.printable`` drops them from every
HTML or XML response, for what reaches a page by any other way (a search query shown back...).
"""

import re

_PLANE_NONCHARACTERS = "".join(chr(plane * 0x10000 + low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _PLANE_NONCHARACTERS + "]"
)
# The same characters as they are encoded in UTF-8 (a page's bytes): a lead byte of UTF-8 never
# occurs inside another character, so this cannot match across characters.
FORBIDDEN_UTF8 = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]"
    rb"|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]"
)
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def printable(text):
    """``text`` without the characters XML and HTML cannot carry."""
    return FORBIDDEN.sub("", text) if text else text


def printable_utf8(data):
    """The UTF-8 bytes ``data`` without those characters."""
    return FORBIDDEN_UTF8.sub(b"", data)


def storable(text):
    """``text`` without lone surrogates, which no database can store (nor UTF-8 encode), and
    NUL, which PostgreSQL cannot store (Django's forms already refuse it)."""
    return UNSTORABLE.sub("", text) if text else text
