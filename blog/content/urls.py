"""Which URLs the sanitizer lets through in an attribute: http(s), mailto, tel, or relative.

nh3 checks the scheme of ``href`` and ``src`` only; ``safe_attribute`` (its attribute filter)
checks every attribute that holds a URL (``cite``, ``srcset``, ``poster``, ``xlink:href``…), as
a browser reads it: character references are already decoded by the parser, leading and trailing
control characters and spaces are ignored and tabs and newlines inside are dropped, the scheme is
case-insensitive. So ``JaVa&#x09;Script:``, `` javascript:``, ``data:`` and ``vbscript:`` go.
"""

import re

SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Attributes whose value is a URL (or, for srcset and ping, a list of them), on any element.
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "itemid",
        "itemtype",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "srcset",
        "usemap",
        "xlink:href",
    }
)

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_INSIDE = re.compile(r"[\t\n\r]")


def is_safe_url(value):
    """True for a relative URL or one whose scheme is in ``SCHEMES``."""
    url = _INSIDE.sub("", value.strip(_EDGES))
    match = _SCHEME.match(url)
    return match is None or match.group(1).lower() in SCHEMES


def _candidates(attribute, value):
    if attribute == "srcset":  # "a.jpg 1x, b.jpg 2x": each candidate's first word
        return [part.split()[0] for part in value.split(",") if part.split()]
    if attribute == "ping":  # space-separated URLs
        return value.split()
    return [value]


def safe_attribute(tag, attribute, value):
    """nh3's attribute filter: the value, or None to drop an attribute with an unsafe URL."""
    if attribute.lower() not in URL_ATTRIBUTES:
        return value
    if all(is_safe_url(url) for url in _candidates(attribute.lower(), value)):
        return value
    return None
