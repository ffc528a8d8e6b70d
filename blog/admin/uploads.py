"""Uploads in admin forms: cleaned before the admin's transaction, kept across a form error.

The admin runs a change form's whole POST in one transaction, which on SQLite holds the write
lock from its first statement: ``prepare_uploads`` cleans the request's images (and the kept
ones it names) before that, so no image is decoded with the lock held; the form then takes the
``CleanedImage`` as it is (or reports the ``RefusedUpload``'s error on its field).

A browser cannot re-fill a file input, so an upload that was fine on a form with an error
elsewhere is kept (cleaned, in storage) and used again by the next submission.
"""

import uuid
from datetime import timedelta

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from ..content import images

KEPT_DIR = "pending"
KEPT_SALT = "blog.forms.kept-upload"
KEPT_MAX_AGE = timedelta(days=2)


def prepare_uploads(request, form_class):
    """Clean the images of a change form's POST before the admin opens its transaction.

    Each upload in ``form_class.keep_uploads`` becomes a ``CleanedImage`` (with its variants
    when the field is in ``variant_uploads``) or a ``RefusedUpload``; a kept upload its token
    names, when no new file or "clear" replaces it, is read back already cleaned.
    """
    for name in getattr(form_class, "keep_uploads", ()):
        variants = name in getattr(form_class, "variant_uploads", ())
        upload = request.FILES.get(name)
        if upload is None:
            upload = _kept_upload(request, name)
        if upload is None or isinstance(upload, (images.CleanedImage, images.RefusedUpload)):
            continue
        try:
            cleaned = images.clean(upload, variants=variants)
        except ValidationError as error:
            request.FILES[name] = images.RefusedUpload(upload.name, error)
            continue
        cleaned.kept_as = getattr(upload, "kept_as", None)
        request.FILES[name] = cleaned


def _kept_upload(request, name):
    kept = read_token(request.POST.get(f"{name}_kept"))
    if not kept or request.POST.get(f"{name}-clear"):
        return None
    try:
        upload = load_kept(kept)
    except OSError:
        return None
    request.FILES[name] = upload
    return upload


def load_kept(kept):
    """The kept upload ``kept`` (storage name, original name), read back from storage: it was
    cleaned when it was kept, so it is trusted as it is."""
    stored, original = kept
    with default_storage.open(stored, "rb") as fh:
        content = fh.read()
    upload = images.trusted(original, content)
    upload.kept_as = stored
    return upload


class CheckedImageField(forms.ImageField):
    """An image field that takes the blog's cleaned images.

    Django's ImageField answers "not an image" for everything Pillow refuses, a decompression
    bomb included; ``images.clean`` says what is wrong (too large, too many pixels or frames,
    wrong format) before Pillow decodes anything. In the admin the cleaning was done before its
    transaction (``prepare_uploads``); elsewhere it is done here.
    """

    def to_python(self, data):
        if isinstance(data, images.RefusedUpload):
            raise data.error
        if data not in self.empty_values and getattr(data, "size", None):
            data = images.clean(data)
        return super().to_python(data)


class KeptFileInput(AdminFileWidget):
    """The admin's file input, plus a note when an earlier upload is being kept."""

    kept_name = None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept_name:
            return html
        return format_html(
            '<div class="kept-file-input">{}<p class="kept-upload" role="status">{}</p></div>',
            html,
            gettext("Image kept: %(name)s. It will be saved with the form; no need to choose it again.")
            % {"name": self.kept_name},
        )


class KeepUploadsMixin:
    """Keep valid uploads across a form error elsewhere.

    A browser cannot re-fill a file input, so when the form is invalid but an
    upload in ``keep_uploads`` was fine, its cleaned copy (metadata already
    removed) is stored under ``pending/`` and a signed token goes into the
    hidden field ``<name>_kept``. The next submission without a new file uses
    the kept one as if it had been uploaded again. Storage (not the local disk
    or the session) keeps this working across several app servers.
    """

    keep_uploads = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {}  # field name -> (storage name, original name)
        if not self.is_bound:
            return
        for name in self.keep_uploads:
            kept = read_token(self.data.get(self.add_prefix(f"{name}_kept")))
            if not kept:
                continue
            key = self.add_prefix(name)
            upload = self.files.get(key)
            if upload is not None and getattr(upload, "kept_as", None) == kept[0]:
                self._use_kept(name, kept, upload)  # read back by prepare_uploads
            elif upload or self.data.get(f"{key}-clear"):
                self._forget(name, kept)  # a new file (or "clear") replaces what was kept
            else:
                try:
                    self._use_kept(name, kept, load_kept(kept))
                except OSError:
                    self._forget(name, kept)

    def _use_kept(self, name, kept, upload):
        files = self.files.copy()
        files[self.add_prefix(name)] = upload
        self.files = files
        self.kept[name] = kept
        self.fields[name].widget.kept_name = kept[1]

    # --- tokens ---
    def _set_token(self, name, token):
        data = self.data.copy()
        data[self.add_prefix(f"{name}_kept")] = token
        self.data = data

    def _forget(self, name, kept):
        self._set_token(name, "")
        default_storage.delete(kept[0])

    # --- keeping ---
    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.keep_valid_uploads()

    def keep_valid_uploads(self):
        """Store the valid uploads of a submission that is shown again.

        Called when this form has errors, and by the admin when the form was
        valid but an inline was not (the page is shown again all the same).
        """
        for name in self.keep_uploads:
            upload = self.cleaned_data.get(name) if name not in self._errors else None
            if name in self.kept:
                if upload is None:  # it failed after all (e.g. now beyond a new limit)
                    self._forget(name, self.kept.pop(name))
                continue  # still kept under the same token
            if not isinstance(upload, UploadedFile):
                continue
            stored = self._store(upload)
            self._set_token(name, signing.dumps({"n": stored, "o": upload.name}, salt=KEPT_SALT))
            self.kept[name] = (stored, upload.name)
            self.fields[name].widget.kept_name = upload.name

    def _store(self, upload):
        purge_kept_uploads()
        cleaned = images.clean(upload)
        upload.seek(0)
        ext = cleaned.name.rsplit(".", 1)[-1]
        return default_storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}.{ext}", cleaned)

    def discard_kept_uploads(self):
        """After a successful save: the kept copies are now stored with the object."""
        for name, kept in list(self.kept.items()):
            default_storage.delete(kept[0])
            del self.kept[name]


def read_token(token):
    """The (storage name, original name) a kept-upload token names, or None when it is not
    one of ours, has expired or names a file outside ``pending/``."""
    if not token:
        return None
    try:
        value = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
        stored, original = value["n"], value["o"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not isinstance(stored, str) or not stored.startswith(f"{KEPT_DIR}/") or ".." in stored:
        return None
    return stored, str(original)


def purge_kept_uploads(now=None):
    """Delete kept uploads whose token has expired (forms that were abandoned)."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(KEPT_DIR)
    except (OSError, NotImplementedError):
        return
    for filename in files:
        path = f"{KEPT_DIR}/{filename}"
        try:
            if now - default_storage.get_modified_time(path) > KEPT_MAX_AGE:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue
