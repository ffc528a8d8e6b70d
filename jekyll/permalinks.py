"""Jekyll's URLs: permalink styles and placeholders, slugs, and paths as we store them."""

import re
from datetime import date
from urllib.parse import unquote, urlsplit

# 2025-06-19-my-post.md: Jekyll's post file name.
DATED_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.*)$")
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

# Front matter we read, or knowingly ignore (Hux theme switches, Jekyll internals).


def jekyll_slugify(text, mode="default", cased=False):
    """Jekyll's ``Utils.slugify``: ``default`` keeps letters and digits, ``pretty``
    also ``._~!$&'()+,;=@``; runs of anything else become one hyphen."""
    allowed = r"\w" if mode == "default" else r"\w.~!$&'()+,;=@"
    slug = re.sub(rf"(?:[^{allowed}]|_)+", "-", str(text)).strip("-")
    return slug if cased else slug.lower()


def url_placeholders(moment, title_slug, categories, name=""):
    """Jekyll's URL placeholders for a post written at naive ``moment``."""
    iso_year, iso_week, iso_day = moment.isocalendar()
    return {
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "i_month": str(moment.month),
        "short_month": moment.strftime("%b"),
        "long_month": moment.strftime("%B"),
        "day": f"{moment.day:02d}",
        "i_day": str(moment.day),
        "y_day": f"{moment.timetuple().tm_yday:03d}",
        "short_year": moment.strftime("%y"),
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "week": f"{iso_week:02d}",
        "w_year": str(iso_year),
        "w_day": str(iso_day),
        "short_day": moment.strftime("%a"),
        "long_day": moment.strftime("%A"),
        "title": jekyll_slugify(title_slug, "pretty", cased=True),
        "slug": jekyll_slugify(title_slug),
        "name": jekyll_slugify(name or title_slug),
        "categories": "/".join(dict.fromkeys(str(c).lower() for c in categories)),
        "output_ext": ".html",
        "collection": "posts",
    }


def expand_permalink(template, placeholders):
    """A permalink template filled in (``None`` if it uses a placeholder we do not know)."""
    unknown = []

    def fill(match):
        name = match.group(1)
        for key in (name, name.rstrip("_")):
            if key in placeholders:
                return placeholders[key] + match.group(0)[len(key) + 1 :]
        unknown.append(name)
        return ""

    url = re.sub(r":([a-z_]+)", fill, template)
    if unknown:
        return None
    return normalize_path(url)


def normalize_path(url):
    """An old URL as we store it: the path only, percent-decoded, one leading slash, no ``//``."""
    text = str(url).strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = urlsplit(text).path
    # Not urlsplit on the rest: "//2025/..." (an empty :categories) is a path, not a host.
    path = unquote(re.split(r"[?#]", text, maxsplit=1)[0])
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    return re.sub(r"/\.+/", "/", path)


def dated_name(path):
    """``(date, title part)`` of a ``2025-06-19-title.md`` file name, else ``(None, stem)``."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    match = DATED_NAME.match(stem)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])), match[4]
        except ValueError:
            pass
    return None, stem


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
