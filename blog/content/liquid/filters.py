"""Jekyll's filters, as Jekyll 4 defines them, on top of Liquid's standard ones.

Text: ``markdownify``, ``smartify``, ``slugify``, ``xml_escape``, ``cgi_escape``, ``uri_escape``,
``normalize_whitespace``, ``number_of_words``, ``jsonify``, ``inspect``, ``to_integer``.
URLs: ``relative_url``, ``absolute_url``, ``strip_index``. Dates: ``date`` (Ruby's strftime),
``date_to_string``, ``date_to_long_string``, ``date_to_xmlschema``, ``date_to_rfc822``.
Arrays (``arrays.py``): ``where``, ``where_exp``, ``find``, ``find_exp``, ``group_by``,
``group_by_exp``, ``sort``, ``sample``, ``push``, ``pop``, ``shift``, ``unshift``,
``array_to_sentence_string``.
"""

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from urllib.parse import quote, quote_plus, urlsplit

from dateutil import parser as date_parser
from liquid.filter import liquid_filter
from liquid.undefined import is_undefined

from . import arrays
from .sandbox import current
from .values import RubyTime

CJK = re.compile(
    r"[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
PRETTY_KEEP = set("._~!$&'()+,;=@")
URI_SAFE = "!#$&'()*+,/:;=?@[]~%"


_text = arrays.text  # a Liquid value as Jekyll prints it


# --- Text ---------------------------------------------------------------------------------
@liquid_filter
def markdownify(value):
    return current.get().site.markdownify(_text(value))


@liquid_filter
def smartify(value):
    return current.get().site.smartify(_text(value))


def _slug_keep(char, mode):
    if mode == "ascii" or mode == "latin":
        return char.isascii() and char.isalnum()
    category = unicodedata.category(char)
    if category[0] in "LM" or category == "Nd":
        return True
    return mode == "pretty" and char in PRETTY_KEEP


@liquid_filter
def slugify(value, mode="default"):
    """Jekyll's ``Utils.slugify``: runs of anything the mode does not keep become one hyphen."""
    text = _text(value)
    mode = _text(mode) or "default"
    if mode == "none":
        return text
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    else:
        if mode == "latin":
            text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        slug = "".join(c if _slug_keep(c, mode) else "\0" for c in text)
        slug = re.sub("\0+", "-", slug)
    return slug.strip("-").lower()


@liquid_filter
def xml_escape(value):
    return _text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@liquid_filter
def cgi_escape(value):
    return quote_plus(_text(value), safe="*")


@liquid_filter
def uri_escape(value):
    return quote(_text(value), safe=URI_SAFE)


@liquid_filter
def normalize_whitespace(value):
    return re.sub(r"\s+", " ", _text(value)).strip()


@liquid_filter
def number_of_words(value, mode=None):
    text = _text(value)
    mode = _text(mode)
    if mode == "cjk" or (mode == "auto" and CJK.search(text)):
        return len(CJK.findall(text)) + len(CJK.sub(" ", text).split())
    return len(text.split())


def _json_default(value):
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (datetime, date)):
        return str(RubyTime.of(value)) if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, Sequence):
        return list(value)
    return _text(value)


@liquid_filter
def jsonify(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


@liquid_filter
def inspect(value):
    return xml_escape(jsonify(value))


@liquid_filter
def to_integer(value):
    if isinstance(value, bool):
        return int(value)
    try:
        return int(float(_text(value).strip() or 0))
    except ValueError:
        return 0


# --- URLs ---------------------------------------------------------------------------------
def _is_absolute(text):
    return bool(urlsplit(text).scheme)


@liquid_filter
def relative_url(value):
    """The site-relative URL (the site's baseurl, then the path), percent-encoded."""
    if value is None or is_undefined(value):
        return None
    text = _text(value)
    if _is_absolute(text):
        return text
    site = current.get().site
    base = "/" + site.baseurl.strip("/") if site.baseurl.strip("/") else ""
    return quote(base + "/" + text.lstrip("/"), safe=URI_SAFE)


@liquid_filter
def absolute_url(value):
    if value is None or is_undefined(value):
        return None
    text = _text(value)
    if _is_absolute(text):
        return text
    site_url = current.get().site.url.rstrip("/")
    return site_url + relative_url(text)


@liquid_filter
def strip_index(value):
    text = _text(value)
    return re.sub(r"/index\.html?$", "/", text)


# --- Dates ----------------------------------------------------------------------------------
def to_time(value):
    """A date or time as Jekyll's filters read one (in the site's zone unless it says), or None."""
    zone = current.get().site.zone
    if isinstance(value, datetime):
        return RubyTime.of(value, zone)
    if isinstance(value, date):
        return RubyTime.of(datetime.combine(value, datetime.min.time()), zone)
    text = _text(value).strip()
    if text in ("now", "today"):
        return RubyTime.of(datetime.now(zone))
    try:
        if re.fullmatch(r"-?\d+", text):
            return RubyTime.of(datetime.fromtimestamp(int(text), zone))
        return RubyTime.of(date_parser.parse(text), zone) if text else None
    except (ValueError, OverflowError, OSError):
        return None


@liquid_filter
def date_filter(value, fmt=None):
    """Liquid's ``date`` with Ruby's strftime (``%L``, ``%N`` and ``%:z`` included)."""
    if value is None or is_undefined(value):
        return ""
    fmt = _text(fmt)
    moment = to_time(value)
    if not fmt or moment is None:
        return _text(value)
    return moment.ruby_strftime(fmt)


def _ordinal(day):
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date_string(value, month_format, kind=None, style=None):
    moment = to_time(value)
    if moment is None:
        return _text(value)
    if _text(kind) == "ordinal":
        month = moment.strftime(month_format)
        if _text(style) == "US":
            return f"{month} {_ordinal(moment.day)}, {moment.year}"
        return f"{_ordinal(moment.day)} {month} {moment.year}"
    return moment.strftime(f"%d {month_format} %Y")


@liquid_filter
def date_to_string(value, kind=None, style=None):
    return _date_string(value, "%b", kind, style)


@liquid_filter
def date_to_long_string(value, kind=None, style=None):
    return _date_string(value, "%B", kind, style)


@liquid_filter
def date_to_xmlschema(value):
    moment = to_time(value)
    return moment.ruby_strftime("%Y-%m-%dT%H:%M:%S%:z") if moment else _text(value)


@liquid_filter
def date_to_rfc822(value):
    moment = to_time(value)
    return moment.strftime("%a, %d %b %Y %H:%M:%S %z") if moment else _text(value)


FILTERS = {
    "markdownify": markdownify,
    "smartify": smartify,
    "slugify": slugify,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "normalize_whitespace": normalize_whitespace,
    "number_of_words": number_of_words,
    "jsonify": jsonify,
    "inspect": inspect,
    "to_integer": to_integer,
    "relative_url": relative_url,
    "absolute_url": absolute_url,
    "strip_index": strip_index,
    "date": date_filter,
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    **arrays.FILTERS,
}
