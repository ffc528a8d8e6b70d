"""Edit conflicts: the post form carries the version it was opened at (a hidden field); saving
it over a newer version is refused with what the other editor changed, and the form keeps all
that this editor typed (and their upload, ``uploads.KeepUploadsMixin``).

Shown again, the form also takes over what only the other editor changed (their new title when
this editor only touched the body), keeps this editor's value where both changed a field, and
carries the current version: saving it then keeps both editors' work, and whatever it replaces
stays in the revisions like any replaced state.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Post
from ..writing import revisions
from . import diffs


@dataclass
class Conflict:
    current: int
    old: dict  # the post when this editor opened the form
    new: dict  # the post as saved since
    saved_by: list
    saved_at: object
    taken: list = field(default_factory=list)  # fields only they changed: now in this form
    both: list = field(default_factory=list)  # fields both changed: this editor's value kept

    @property
    def html(self):
        return diffs.render(self.old, self.new, gettext("when you opened it"), gettext("saved since"))

    @property
    def taken_labels(self):
        return ", ".join(str(diffs.label(name)) for name in self.taken)

    @property
    def both_labels(self):
        return ", ".join(str(diffs.label(name)) for name in self.both)


def find(post, opened):
    """The conflict of a form opened at version ``opened`` with the stored ``post`` (locked
    until the admin's transaction ends), or None when no save since changed anything."""
    current = Post.objects.select_for_update().filter(pk=post.pk).values_list("version", flat=True).first()
    if current is None or current == opened:
        return None
    stored = Post.objects.get(pk=post.pk)
    old, new = revisions.state_at(stored, opened), revisions.current_state(stored)
    if not revisions.changes(old, new):
        return None
    later = stored.revisions.filter(version__gte=opened).select_related("user")
    saved_by = sorted({str(r.user) for r in later if r.user} or {gettext("another editor")})
    return Conflict(current, old, new, saved_by, stored.updated)


# --- Taking over what only the other editor changed --------------------------------------
def _typed(name, cleaned):
    """What this editor submitted for the state field ``name``, as a state value."""
    value = cleaned.get(name)
    if name == "author":
        return value.pk if value is not None else None
    if name == "tags":
        return sorted(value or [], key=str.casefold)
    if name == "header_image":
        return None  # a file input: an upload of theirs or the stored one, never merged
    return value


def _form_values(name, value):
    """The form data that submits state ``value`` for field ``name``."""
    if name == "tags":
        return {"tags": ", ".join(f'"{tag}"' if "," in tag or " " in tag else tag for tag in value)}
    if name == "publish":
        local = timezone.localtime(value)
        return {"publish_0": local.strftime("%Y-%m-%d"), "publish_1": local.strftime("%H:%M:%S")}
    if name == "hidden":
        return {"hidden": "on" if value else None}
    return {name: "" if value is None else str(value)}


def merge(conflict, cleaned, data, prefix):
    """Bring what only the other editor changed into ``data`` (the form shown again); fields
    both changed keep this editor's value. Fills ``conflict.taken`` and ``conflict.both``."""
    for change in revisions.changes(conflict.old, conflict.new):
        name = change.field
        if name == "header_image" or name not in cleaned:
            continue  # a stored header stays the post's unless this editor uploads another
        if revisions.changes({name: _typed(name, cleaned)}, {name: conflict.old[name]}):
            conflict.both.append(name)
            continue
        for key, value in _form_values(name, change.new).items():
            key = prefix(key)
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        conflict.taken.append(name)


class VersionCheckMixin:
    """For the post form (which declares the ``opened_version`` hidden field): its initial value
    and the conflict check in ``clean()``."""

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "opened_version" in self.fields:
            self.fields["opened_version"].initial = self.instance.version if self.instance.pk else 0

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk is None or opened is None:
            return cleaned
        conflict = find(self.instance, opened)
        if conflict is not None:
            self.conflict = conflict
            data = self.data.copy()
            data[self.add_prefix("opened_version")] = str(conflict.current)
            merge(conflict, cleaned, data, self.add_prefix)
            self.data = data
            raise ValidationError(self.conflict_message(conflict), code="conflict")
        return cleaned

    @staticmethod
    def conflict_message(conflict):
        return _(
            "%(who)s saved this post at %(when)s, after you opened it, so nothing was saved yet: all you "
            "typed is still in the form, and what they changed is listed above it. Check the form and save "
            "again; the version it replaces is kept in the revisions."
        ) % {
            "who": ", ".join(conflict.saved_by),
            "when": timezone.localtime(conflict.saved_at).strftime("%Y-%m-%d %H:%M:%S"),
        }
