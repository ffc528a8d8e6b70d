"""Reading Jekyll posts: front matter and body.

The body is everything after the closing ``---`` line, kept byte for byte.
"""
import re

import yaml

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


class FrontMatterError(ValueError):
    pass


def split_front_matter(text):
    """``(front_matter_dict, body)`` of a Jekyll post's text."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("no YAML front matter (the file must start with a '---' line)")
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"broken YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return data, text[match.end():]
