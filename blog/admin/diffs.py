"""What changed between two states of a post (``blog.writing.revisions``), as the revision page
and an edit conflict show it: one row per changed field, the body as a line diff."""

import difflib

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Post
from ..writing import revisions

LABELS = {"tags": _("tags")}


def label(field):
    if field in LABELS:
        return LABELS[field]
    return Post._meta.get_field(field).verbose_name


def display(field, value, authors):
    """A field's value as an editor reads it."""
    if value in (None, "", []):
        return "—"
    if field == "tags":
        return ", ".join(value)
    if field == "publish":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if field == "status":
        return Post.Status(value).label
    if field == "author":
        return authors.get(value, f"#{value}")
    if field == "hidden":
        return gettext("yes") if value else gettext("no")
    return str(value)


def line_diff(old, new, old_name, new_name):
    """``[(css class, line), ...]`` of a unified diff of two texts."""
    lines = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), fromfile=old_name, tofile=new_name, lineterm="", n=2
    )
    return [(_line_class(line), line) for line in lines]


def _line_class(line):
    return "diff-add" if line.startswith("+") else "diff-del" if line.startswith("-") else ""


def rows(old, new, old_name, new_name):
    """One row per field that differs from state ``old`` to state ``new``."""
    authors = revisions.author_names([old, new])
    result = []
    for change in revisions.changes(old, new):
        row = {"field": change.field, "label": label(change.field)}
        if change.field in ("body", "summary"):
            row["diff"] = line_diff(change.old, change.new, old_name, new_name)
        else:
            row["old"] = display(change.field, change.old, authors)
            row["new"] = display(change.field, change.new, authors)
        result.append(row)
    return result


def render(old, new, old_name, new_name):
    """The changes as HTML (templates/admin/blog/includes/changes.html), "" when none."""
    found = rows(old, new, old_name, new_name)
    if not found:
        return ""
    return render_to_string(
        "admin/blog/includes/changes.html", {"rows": found, "old_name": old_name, "new_name": new_name}
    )
