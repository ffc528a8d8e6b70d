"""What a site's Liquid reads, moved in with its posts: ``_config.yml`` (``site.*``), ``_data/``
(``site.data``), ``_includes/``, and the files ``include_relative`` names (read from the site the
first time a post includes them). All of it goes to the database (``SiteVariable``,
``LiquidInclude``), so posts render the same after the move, in the preview and after an edit."""

import csv
import io
import json
from pathlib import Path

import yaml

from blog.models import LiquidInclude, SiteVariable
from blog.writing.liquid import json_safe

from .errors import JekyllError
from .frontmatter import FrontMatterLoader, read_text
from .site import SKIP_DIRS

MAX_FILE = 1_000_000  # bytes of one include or data file
DATA_EXTENSIONS = {".yml", ".yaml", ".json", ".csv", ".tsv"}


def _text_of(path):
    """A site file's text, or None when it is too big or not UTF-8 text."""
    try:
        if path.stat().st_size > MAX_FILE:
            return None
        return read_text(path)
    except (OSError, JekyllError):
        return None


def inside(root, relative):
    """``root/relative`` when it is a file inside ``root`` (no ``..``, no link out), else None."""
    root = Path(root).resolve()
    try:
        candidate = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _files(folder):
    for entry in sorted(folder.rglob("*")):
        parts = entry.relative_to(folder).parts
        if entry.is_file() and not any(p in SKIP_DIRS or p.startswith(".") for p in parts):
            yield entry


def _data_value(path, text):
    if path.suffix in (".csv", ".tsv"):
        return list(csv.DictReader(io.StringIO(text), delimiter="\t" if path.suffix == ".tsv" else ","))
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=FrontMatterLoader)


def _data(root, note):
    """``_data/`` as Jekyll reads it: ``a/b.yml`` is ``site.data.a.b``."""
    folder = root / "_data"
    data = {}
    if not folder.is_dir():
        return data
    for path in _files(folder):
        if path.suffix.lower() not in DATA_EXTENSIONS:
            continue
        text = _text_of(path)
        try:
            value = _data_value(path, text) if text is not None else None
        except (ValueError, yaml.YAMLError, csv.Error) as exc:
            note(path, f"data file not read: {exc}", 1)
            continue
        node = data
        for part in path.relative_to(folder).with_suffix("").parts[:-1]:
            node = node.setdefault(part, {})
        node[path.stem] = json_safe(value)
    return data


class SiteLiquid:
    """Moves one site's Liquid in; ``read(path)`` is what a post's include_relative reads while
    the site is imported (``blog.writing.liquid.reading_files``)."""

    def __init__(self, site, note, dry_run=False):
        self.site = site
        self.note = note
        self.dry_run = dry_run
        self.includes = 0

    @property
    def includes_dir(self):
        return str(self.site.config.get("includes_dir") or "_includes").strip("/") or "_includes"

    def import_all(self):
        """``_config.yml``, ``_data/`` and ``_includes/`` into the database."""
        variables = json_safe(dict(self.site.config))
        data = _data(self.site.root, self.note)
        if data:
            variables["data"] = data
        if not self.dry_run:
            stored = dict(SiteVariable.objects.values_list("name", "value"))
            for name, value in variables.items():
                if name not in stored or stored[name] != value:
                    SiteVariable.objects.update_or_create(name=name, defaults={"value": value})
        folder = self.site.root / self.includes_dir
        if folder.is_dir():
            for path in _files(folder):
                self.read(path.relative_to(self.site.root).as_posix())

    def read(self, path):
        """The text of the site's file ``path`` (kept as a ``LiquidInclude``), or None."""
        found = inside(self.site.root, path)
        text = _text_of(found) if found else None
        if text is None:
            return None
        if not self.dry_run:
            row = LiquidInclude.objects.filter(path=path).first() or LiquidInclude(path=path)
            if row.pk is None or row.source != text:  # saved only when it changed: users re-render
                row.source = text
                row.save()
                self.includes += 1
        return text
