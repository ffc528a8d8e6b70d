"""Jekyll's URLs: permalink styles and placeholders, slugs, and paths as we store them."""

import re
import unicodedata
from datetime import date
from urllib.parse import quote, unquote, urlsplit

# 2025-06-19-my-post.md: a post's file name (a year of 2 to 4 digits, as Jekyll allows).
POST_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")
# Our permalink shape: /yyyy/mm/dd/slug/ (also without the slash, or as .html).
OUR_SHAPE = re.compile(r"^/(\d{4})/(\d{1,2})/(\d{1,2})/([-\w]+)(/|/index\.html|\.html)?$")

# Jekyll's built-in permalink styles.
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
PRETTY_KEEPS = "._~!$&'()+,;=@"
# What Jekyll's URL escaping leaves as it is (RFC 3986 path characters).
URL_SAFE = "/!$&'()*+,;=:@-._~"


def _slug_character(char, pretty):
    """Jekyll keeps letters, marks and decimal digits (and, ``pretty``, ``._~!$&'()+,;=@``)."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd" or (pretty and char in PRETTY_KEEPS)


def jekyll_slugify(text, mode="default", cased=False):
    """Jekyll's ``Utils.slugify``: runs of anything it does not keep become one hyphen, with
    none at either end; lower case unless ``cased``."""
    pretty = mode == "pretty"
    slug = re.sub(r"-+", "-", "".join(c if _slug_character(c, pretty) else "-" for c in str(text))).strip("-")
    return slug if cased else slug.lower()


def titleize(slug):
    """Jekyll's title for a post without one: the name's words, each capitalised
    (``my-iOS-post`` is "My Ios Post"; Ruby's split drops trailing empty words)."""
    words = slug.split("-")
    while words and words[-1] == "":
        words.pop()
    return " ".join(word[:1].upper() + word[1:].lower() for word in words)


def post_name(path):
    """``(date as written or None, slug)`` of a post file's name, as Jekyll reads it: the slug
    is what follows the date, without the extension and without trailing dots."""
    name = path.name
    match = POST_NAME.match(name)
    if match:
        return match[1], match[2].rstrip(".")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return None, stem.rstrip(".")


def url_placeholders(moment, slug, categories, basename="", path="", output_ext=".html"):
    """Jekyll's URL placeholders for a post written at naive ``moment``."""
    iso_year, iso_week, iso_day = moment.isocalendar()
    unique = list(dict.fromkeys(str(c).lower() for c in categories))
    return {
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "i_month": str(moment.month),
        "short_month": moment.strftime("%b"),
        "long_month": moment.strftime("%B"),
        "day": f"{moment.day:02d}",
        "i_day": str(moment.day),
        "y_day": f"{moment.timetuple().tm_yday:03d}",
        "short_year": f"{moment.year % 100:02d}",
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "week": f"{iso_week:02d}",
        "w_year": str(iso_year),
        "w_day": str(iso_day),
        "short_day": moment.strftime("%a"),
        "long_day": moment.strftime("%A"),
        "title": jekyll_slugify(slug, "pretty", cased=True),
        "slug": jekyll_slugify(slug),
        "name": jekyll_slugify(basename or slug),
        "categories": "/".join(unique),
        "slugified_categories": "/".join(dict.fromkeys(jekyll_slugify(c) for c in categories)),
        "path": path,
        "output_ext": output_ext,
        "collection": "posts",
    }


def expand_permalink(template, placeholders):
    """The URL Jekyll makes of a permalink template, decoded as the path of the file it writes
    (``None`` if the template uses a placeholder Jekyll does not know: Jekyll stops there)."""
    unknown = []

    def fill(match):
        name = match.group(1)
        for key in (name, name.rstrip("_")):
            if key in placeholders:
                value = quote(placeholders[key] or "", safe=URL_SAFE)
                return value + match.group(0)[len(key) + 1 :]
        unknown.append(name)
        return ""

    url = re.sub(r":([a-z_]+)", fill, str(template))
    if unknown:
        return None
    # Jekyll's sanitize_url: no "..", no "./", no "//", one leading slash.
    url = re.sub(r"/{2,}", "/", ("/" + url).replace("..", "/").replace("./", ""))
    return unquote(url)


def served_urls(url, output_ext):
    """The addresses a page Jekyll wrote for ``url`` answered at: a URL without the page's
    extension is written as a file with it (``/blog/hello`` is ``hello.html``, served both ways)."""
    if url.endswith(("/", output_ext)):
        return [url]
    return [url, url + output_ext]


def normalize_path(url):
    """An old URL as we store it: the path only, percent-decoded, one leading slash, no ``//``."""
    text = str(url).strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = urlsplit(text).path
    # Not urlsplit on the rest: "//2025/..." (an empty :categories) is a path, not a host.
    path = unquote(re.split(r"[?#]", text, maxsplit=1)[0])
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    return re.sub(r"/\.+/", "/", path)


def our_shape(path):
    """``(date, slug, exact)`` when an old path is /yyyy/mm/dd/slug/ (exact: no .html), else None."""
    match = OUR_SHAPE.match(path)
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day, match[4], match[5] in (None, "/")
