"""Edit conflicts: the post form carries the version it was opened at (a hidden field); saving
it over a newer version is refused with what the other editor changed, and the form keeps all
that this editor typed (and their upload, ``uploads.KeepUploadsMixin``).

Shown again, the form carries the current version: saving it once more, knowingly, replaces the
other editor's version, which stays in the revisions like any replaced state.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Post
from ..writing import revisions
from . import diffs


@dataclass(frozen=True)
class Conflict:
    opened: int
    current: int
    rows: list
    html: str
    saved_by: list
    saved_at: object


def find(post, opened):
    """The conflict of a form opened at version ``opened`` with the stored ``post`` (locked
    until the admin's transaction ends), or None when no save since changed anything."""
    current = Post.objects.select_for_update().filter(pk=post.pk).values_list("version", flat=True).first()
    if current is None or current == opened:
        return None
    stored = Post.objects.get(pk=post.pk)
    old, new = revisions.state_at(stored, opened), revisions.current_state(stored)
    yours, theirs = gettext("when you opened it"), gettext("saved since")
    rows = diffs.rows(old, new, yours, theirs)
    if not rows:
        return None
    later = stored.revisions.filter(version__gte=opened).select_related("user")
    saved_by = sorted({str(r.user) for r in later if r.user} or {gettext("another editor")})
    return Conflict(opened, current, rows, diffs.render(old, new, yours, theirs), saved_by, stored.updated)


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
            self.data = data
            raise ValidationError(self.conflict_message(conflict), code="conflict")
        return cleaned

    @staticmethod
    def conflict_message(conflict):
        return _(
            "%(who)s saved this post at %(when)s, after you opened it. Nothing was saved, and all you typed "
            "is still below. What they changed is listed above the form: save again to replace their version "
            "with yours (theirs is kept in the revisions), or take over what you need first."
        ) % {
            "who": ", ".join(conflict.saved_by),
            "when": timezone.localtime(conflict.saved_at).strftime("%Y-%m-%d %H:%M:%S"),
        }
