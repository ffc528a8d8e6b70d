"""Admin forms: the Markdown editor widget and the forms of posts, authors, images and tag merges."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..models import Author, Image, Post
from .conflicts import VersionCheckMixin
from .uploads import CheckedImageField, KeepUploadsMixin, KeptFileInput


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
class PostAdminForm(VersionCheckMixin, KeepUploadsMixin, forms.ModelForm):
    header_image_kept = forms.CharField(required=False, widget=forms.HiddenInput)
    # The version the form was opened at (conflicts.VersionCheckMixin).
    opened_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    keep_uploads = ("header_image",)
    variant_uploads = ("header_image",)

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
        if "publish" in self.fields and hasattr(self.fields["publish"].widget, "widgets"):
            # Seconds shown (zh-hans shows HH:MM): a save must not move the publish time,
            # which also makes the HHMMSS slug of a Chinese title.
            self.fields["publish"].widget.widgets[1].format = "%H:%M:%S"
        if "title" in self.fields and self.instance._state.adding:
            self.fields["title"].widget.attrs.setdefault("autofocus", True)
        if "body" in self.fields and self.instance.pk:
            # The preview reads the body with this post's own Markdown options (an imported site's).
            self.fields["body"].widget.attrs["data-post"] = self.instance.pk

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pinned") and cleaned.get("hidden"):
            self.add_error("pinned", gettext("A hidden post stays off the home page: it cannot be pinned there."))
        if cleaned.get("series_order") is not None and not cleaned.get("series"):
            self.add_error("series_order", gettext("Choose the series this is a part of."))
        if not cleaned.get("pinned") and cleaned.get("pin_order") is not None:
            cleaned["pin_order"] = None  # an order means nothing for a post that is not pinned
        return cleaned


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
