"""Jekyll files: front matter read as Jekyll users write it, and written back.

The body is everything after the closing ``---`` line, kept byte for byte.
"""

import re
from pathlib import Path

import yaml

from .errors import FrontMatterError, JekyllError

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def has_front_matter(text):
    return text.lstrip("\ufeff").startswith("---")


class FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader with two changes for front matter.

    Only true/false are booleans (YAML 1.2): ``title: On`` stays a title and
    ``tags: [yes, no]`` stays two tags. An impossible timestamp
    (``date: 2024-02-30``) stays a string, so the date check can name it.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_timestamp)


def split_front_matter(text):
    """``(front_matter_dict, body)`` of a Jekyll post's text."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("no YAML front matter (the file must start with a '---' line)")
    try:
        data = yaml.load(match.group(1), Loader=FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"broken YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return data, text[match.end() :]


def read_text(path):
    """The file's text, decoded as UTF-8 without touching line endings."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise JekyllError(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JekyllError(f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc


def dump_post(front_matter, body):
    """A post file's bytes: YAML front matter, then the body exactly as stored."""
    yaml_text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    return ("---\n" + yaml_text + "---\n").encode("utf-8") + body.encode("utf-8")
