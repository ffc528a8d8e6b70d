"""Pinning and series in Jekyll front matter, read and written back.

Pinning: themes mark a pinned post with one of ``top``, ``sticky``, ``pin`` or ``pinned``. As
YAML 1.2 reads them (``frontmatter.FrontMatterLoader``): ``true`` pins, ``false`` or nothing does
not, and a positive whole number pins with that number as the pin order (lower first, as Liquid's
``sort`` puts them); anything else (``yes``, which YAML 1.2 reads as text) pins nothing and is
reported.

Series: ``series: Name``, with the part's place in ``series_order`` or ``part`` where present,
else by date. The series' slug and description, which front matter has no place for, live in
``_data/series.yml`` (a list of ``name``/``slug``/``description``), written by the export and
read back by the import.
"""

from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug

from blog.writing.series import series_named

from .errors import JekyllError
from .frontmatter import FrontMatterLoader, read_text

PIN_KEYS = ("top", "sticky", "pin", "pinned")
ORDER_KEYS = ("series_order", "part")
KEYS = frozenset((*PIN_KEYS, "series", *ORDER_KEYS))
DATA_FILE = ("_data", "series.yml")
MAX_NAME = 200  # Series.name's length
MAX_NUMBER = 2**31 - 1  # a PositiveIntegerField


@dataclass
class Extras:
    """What a post's front matter says about pinning and series."""

    pinned: bool = False
    pin_order: int | None = None
    series: str = ""  # the series' name, "" for none
    series_order: int | None = None
    notes: list = field(default_factory=list)  # values not applied, and why

    def describe(self):
        """What importing applies, for the report ("" for nothing)."""
        said = []
        if self.pinned:
            said.append("pinned" + (f" (order {self.pin_order})" if self.pin_order is not None else ""))
        if self.series:
            place = f"part {self.series_order}" if self.series_order is not None else "placed by date"
            said.append(f"series {self.series!r}, {place}")
        return "; ".join(said)


def _number(value):
    """A whole number from 0 to MAX_NUMBER written as a number or digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value <= MAX_NUMBER:
        return value
    return None


def _read_pin(meta, extras):
    for key in PIN_KEYS:
        value = meta.get(key)
        if value is None or value is False or value == "":
            continue
        if value is True:
            extras.pinned = True
            continue
        number = _number(value) if not isinstance(value, str) else None
        if number is None:
            extras.notes.append(f"{key}: {value!r} is not true, false or a positive whole number; not pinned by it")
        elif number > 0:
            extras.pinned = True
            if extras.pin_order is None:
                extras.pin_order = number


def _series_name(value, notes):
    if isinstance(value, list) and value:
        if len(value) > 1:
            notes.append(f"series: a post is part of one series; took the first of {value!r}")
        value = value[0]
    if isinstance(value, (bool, dict, list)) or value is None:
        notes.append(f"series: {value!r} is not a name; no series")
        return ""
    name = str(value).strip()
    if len(name) > MAX_NAME:
        raise JekyllError(f"series name {name[:30]!r}... is longer than {MAX_NAME} characters")
    return name


def _read_series(meta, extras):
    present = [key for key in ORDER_KEYS if meta.get(key) not in (None, "")]
    name = meta.get("series")
    if name not in (None, ""):
        extras.series = _series_name(name, extras.notes)
    if not extras.series:
        if present:
            extras.notes.append(f"{present[0]}: without a series; ignored")
        return
    for key in present:
        number = _number(meta[key])
        if number is None:
            extras.notes.append(f"{key}: {meta[key]!r} is not a whole number; the part is placed by date")
            continue
        extras.series_order = number
        break


def read_extras(meta):
    """The ``Extras`` of a post's front matter (a dict as ``split_front_matter`` returns)."""
    extras = Extras()
    _read_pin(meta, extras)
    _read_series(meta, extras)
    return extras


# --- Importing ----------------------------------------------------------------------------
def _valid_slug(value):
    try:
        validate_unicode_slug(value)
    except ValidationError:
        return False
    return len(value) <= MAX_NAME


def _data_entry(entry, notes):
    """(name, (slug or None, description or None)) of one entry of the data file, or None."""
    if not (isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"].strip()):
        notes.append(f"{entry!r} has no name; left out")
        return None
    name = entry["name"].strip()
    slug = str(entry.get("slug") or "").strip() or None
    if slug and not _valid_slug(slug):
        notes.append(f"series {name!r}: slug {slug!r} is not a slug (letters, digits, - and _); made from the name")
        slug = None
    description = entry.get("description")
    return name, (slug, description if isinstance(description, str) else None)


def read_series_data(site):
    """``({name: (slug, description)}, notes)`` from the site's ``_data/series.yml``; names it
    does not list get a slug made from the name and no description."""
    path = site.root.joinpath(*DATA_FILE)
    if not path.is_file():
        return {}, []
    try:
        data = yaml.load(read_text(path), Loader=FrontMatterLoader)
    except (yaml.YAMLError, JekyllError) as exc:
        return {}, [f"not read: {exc}"]
    if data is None:
        return {}, []
    if not isinstance(data, list):
        return {}, ["not read: expected a list of series, each with name, slug and description"]
    notes = []
    entries = dict(filter(None, (_data_entry(entry, notes) for entry in data)))
    return entries, notes


class Applied:
    """What an import run applied: pinned posts and the parts of each series."""

    def __init__(self):
        self.pinned = 0
        self.series = {}  # name -> number of parts

    def add(self, extras):
        self.pinned += extras.pinned
        if extras.series:
            self.series[extras.series] = self.series.get(extras.series, 0) + 1

    def summary(self, dry_run=False):
        """One line for the end of the run ("" when nothing was applied)."""
        said = []
        if self.pinned:
            said.append(f"{self.pinned} pinned")
        if self.series:
            parts = ", ".join(
                f"{name!r} ({count} part{'s' if count != 1 else ''})" for name, count in sorted(self.series.items())
            )
            said.append(f"{len(self.series)} series: {parts}")
        if not said:
            return ""
        return ("Would apply: " if dry_run else "Applied: ") + "; ".join(said) + "."


def fill(post, extras, series_data, *, create):
    """Give ``post`` the pinning and series that ``extras`` read (a series made if new and
    ``create``, with the slug and description ``series_data`` gives for its name)."""
    post.pinned = extras.pinned
    post.pin_order = extras.pin_order if extras.pinned else None
    if not extras.series:
        post.series, post.series_order = None, None
        return
    slug, description = series_data.get(extras.series, (None, None))
    post.series = series_named(extras.series, slug=slug, description=description, create=create)
    post.series_order = extras.series_order


# --- Exporting ----------------------------------------------------------------------------
def front_matter(post):
    """The front matter keys for ``post``'s pinning and series (``post.series`` fetched)."""
    front = {}
    if post.pinned:
        front["top"] = post.pin_order if post.pin_order is not None else True
    if post.series_id is not None:
        front["series"] = post.series.name
        if post.series_order is not None:
            front["series_order"] = post.series_order
    return front


def write_series_data(root, posts):
    """``_data/series.yml`` for the series of ``posts`` (none: no file)."""
    series = {post.series.pk: post.series for post in posts if post.series_id is not None}
    if not series:
        return
    entries = [
        {"name": s.name, "slug": s.slug, **({"description": s.description} if s.description else {})}
        for s in sorted(series.values(), key=lambda s: s.name)
    ]
    path = root.joinpath(*DATA_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
