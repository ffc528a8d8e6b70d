"""Admin forms: the Markdown editor widget, checked image uploads, and uploads
that survive a form error elsewhere."""

import mimetypes
import os
import uuid
from datetime import timedelta

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from . import images
from .models import Author, Image, Post

KEPT_DIR = "pending"
KEPT_SALT = "blog.forms.kept-upload"
KEPT_MAX_AGE = timedelta(days=2)


# --- Images -------------------------------------------------------------------------
class CheckedImageField(forms.ImageField):
    """An image field that runs the blog's own checks first.

    Django's ImageField answers "not an image" for everything Pillow refuses,
    a decompression bomb included; ``images.validate_image`` says what is wrong
    (too large, too many pixels, wrong format) before Pillow decodes anything.
    """

    def to_python(self, data):
        if data not in self.empty_values and getattr(data, "size", None):
            images.validate_image(data)
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
            kept = self._read_token(self.data.get(self.add_prefix(f"{name}_kept")))
            if not kept:
                continue
            key = self.add_prefix(name)
            clear = self.data.get(f"{key}-clear")
            if self.files.get(key) or clear:
                # A new file (or "clear") replaces what was kept.
                self._forget(name, kept)
                continue
            try:
                with default_storage.open(kept[0], "rb") as fh:
                    content = fh.read()
            except OSError:
                self._forget(name, kept)
                continue
            files = self.files.copy()
            files[key] = SimpleUploadedFile(
                kept[1], content, content_type=mimetypes.guess_type(kept[1])[0] or "application/octet-stream"
            )
            self.files = files
            self.kept[name] = kept
            self.fields[name].widget.kept_name = kept[1]

    # --- tokens ---
    @staticmethod
    def _read_token(token):
        if not token:
            return None
        try:
            value = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
            stored, original = value["n"], value["o"]
        except (signing.BadSignature, KeyError, TypeError):
            return None
        if not stored.startswith(f"{KEPT_DIR}/"):
            return None
        return stored, original

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
        cleaned = images.clean_image(upload)
        upload.seek(0)
        base = os.path.basename(cleaned.name)
        return default_storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}-{base}", cleaned)

    def discard_kept_uploads(self):
        """After a successful save: the kept copies are now stored with the object."""
        for name, kept in list(self.kept.items()):
            default_storage.delete(kept[0])
            del self.kept[name]


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


# --- The Markdown editor -------------------------------------------------------------
class MarkdownEditor(forms.Textarea):
    """A monospace textarea beside a live preview (static/blog-admin/editor.js).

    The preview comes from the admin's preview endpoint, which renders with
    the same ``blog/markdown.py`` pipeline the public pages use.
    """

    def __init__(self, attrs=None):
        super().__init__(
            {"rows": 30, "cols": 80, "class": "md-editor-textarea", "spellcheck": "false", **(attrs or {})}
        )

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="md-editor" data-preview-url="{url}" data-error-text="{error}" data-busy-text="{busy}">'
            '<div class="md-editor-input"><div class="md-editor-bar"><span class="md-editor-title">Markdown</span>'
            '<span class="md-editor-hint">{hint}</span></div>{textarea}</div>'
            '<section class="md-editor-preview" aria-label="{label}">'
            '<div class="md-editor-bar"><span class="md-editor-title">{label}</span>'
            '<span class="md-editor-stats" aria-live="polite"></span>'
            '<span class="md-editor-state"></span></div>'
            '<div class="md-preview post-container"></div>'
            "</section></div>",
            url=reverse("admin:blog_post_preview"),
            error=gettext("Preview unavailable; your text is safe, keep writing."),
            busy=gettext("Updating…"),
            label=gettext("Preview"),
            hint=gettext("Ctrl+S (⌘S) saves and keeps editing"),
            textarea=textarea,
        )


# --- Admin forms -------------------------------------------------------------------
class PostAdminForm(KeepUploadsMixin, forms.ModelForm):
    header_image_kept = forms.CharField(required=False, widget=forms.HiddenInput)
    keep_uploads = ("header_image",)

    class Meta:
        model = Post
        fields = "__all__"
        widgets = {
            "body": MarkdownEditor,
            "header_image": KeptFileInput,
            "subtitle": forms.TextInput(attrs={"class": "vTextField"}),
        }
        field_classes = {"header_image": CheckedImageField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Read by static/blog-admin/slug.js, which fills in the slug as the
            # title is typed (ASCII; the publish time HHMMSS for a Chinese title).
            self.fields["slug"].widget.attrs.update({"data-slug-from": "title", "data-slug-time-from": "publish_1"})
        if "header_mask" in self.fields:
            field = self.fields["header_mask"]
            field.validators += [MinValueValidator(0), MaxValueValidator(1)]
            field.widget.attrs.update({"min": "0", "max": "1", "step": "0.05"})
        if "title" in self.fields and self.instance._state.adding:
            self.fields["title"].widget.attrs.setdefault("autofocus", True)


class AuthorAdminForm(KeepUploadsMixin, forms.ModelForm):
    avatar_kept = forms.CharField(required=False, widget=forms.HiddenInput)
    keep_uploads = ("avatar",)

    class Meta:
        model = Author
        fields = "__all__"
        widgets = {"avatar": KeptFileInput}
        field_classes = {"avatar": CheckedImageField}


class ImageAdminForm(KeepUploadsMixin, forms.ModelForm):
    file_kept = forms.CharField(required=False, widget=forms.HiddenInput)
    keep_uploads = ("file",)

    class Meta:
        model = Image
        fields = "__all__"
        widgets = {"file": KeptFileInput}
        field_classes = {"file": CheckedImageField}


class MergeTagsForm(forms.Form):
    """Pick which of the selected tags the others are merged into."""

    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Merge into"),
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags
