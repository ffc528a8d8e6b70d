"""``_config.yml``'s ``defaults:``: front matter given by path and type, as Jekyll applies it.

Each set has a ``scope`` (``path``: a folder or file prefix, or a glob with ``*``; ``type``:
``posts``, ``pages``...) and ``values``. Every set whose scope matches a post applies; where two
give the same key, the one with the longer path wins, then the one naming a type, then the
later one. The post's own front matter beats them all; ``categories`` add up instead.
"""

import glob
from pathlib import Path

# Jekyll 3's singular type names, which Jekyll 4 still accepts.
TYPE_ALIASES = {"post": "posts", "page": "pages", "draft": "drafts"}


def _sets(config):
    sets = config.get("defaults")
    if not isinstance(sets, list):
        return []
    valid = []
    for entry in sets:
        if not (isinstance(entry, dict) and isinstance(entry.get("values"), dict)):
            continue  # Jekyll warns "An invalid front-matter default set was found" and skips it
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        if "type" in scope:
            scope = {**scope, "type": TYPE_ALIASES.get(str(scope["type"]), str(scope["type"]))}
        valid.append((scope, entry["values"]))
    return valid


def _sanitized(path):
    if not isinstance(path, str) or not path:
        return ""
    return path[1:] if path.startswith("/") else path


def _strip_collections_dir(path, collections_dir):
    prefix = collections_dir + "/"
    return path[len(prefix) :] if collections_dir and path.startswith(prefix) else path


class Defaults:
    """The ``defaults:`` of one site; ``values(relative_path, kind)`` for one document."""

    def __init__(self, root, config, collections_dir=""):
        self.root = Path(root)
        self.sets = _sets(config)
        self.collections_dir = collections_dir
        self._globs = {}

    def _globbed(self, scope_path):
        if scope_path not in self._globs:
            matches = glob.glob(str(self.root / scope_path), recursive=True)
            relative = [Path(found).relative_to(self.root).as_posix() for found in matches]
            self._globs[scope_path] = [_strip_collections_dir(p, self.collections_dir) for p in relative]
        return self._globs[scope_path]

    def _applies(self, scope, path, kind):
        if "type" in scope and scope["type"] != kind:
            return False
        scope_path = scope.get("path")
        if not isinstance(scope_path, str) or not scope_path:
            return True
        path = _sanitized(path)
        if "*" in scope_path:
            return any(path.startswith(found) for found in self._globbed(scope_path))
        return path.startswith(_strip_collections_dir(scope_path, self.collections_dir))

    @staticmethod
    def _precedes(old, new):
        """Jekyll's ``has_precedence?``: does ``new`` override ``old``?"""
        if old is None:
            return True
        new_path, old_path = _sanitized(new.get("path")), _sanitized(old.get("path"))
        if len(new_path) != len(old_path):
            return len(new_path) > len(old_path)
        return "type" in new or "type" not in old

    def values(self, path, kind="posts"):
        """The default front matter of the document at ``path`` (relative to the site's
        collections folder), merged as Jekyll merges it."""
        merged, old = {}, None
        for scope, values in self.sets:
            if not self._applies(scope, path, kind):
                continue
            if self._precedes(old, scope):
                merged, old = deep_merge(merged, values), scope
            else:
                merged = deep_merge(values, merged)
        return merged


def deep_merge(base, other):
    """``other`` over ``base``; mappings are merged key by key, anything else replaced."""
    merged = dict(base)
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
