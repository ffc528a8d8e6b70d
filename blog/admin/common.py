"""What the admin's pages share: their stylesheet, thumbnails, and uploads kept across errors."""

from django.contrib import admin
from django.utils.html import format_html

from . import uploads

EDITOR_CSS = ["blog-admin/admin.css", "blog-admin/pygments.css"]


def thumbnail_html(url, alt="", css_class="admin-thumb"):
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" class="{}" loading="lazy" decoding="async">', url, alt, css_class)


class KeepUploadsAdmin(admin.ModelAdmin):
    """Cleans uploads before the admin's transaction (``uploads.prepare_uploads``), keeps valid
    uploads of a submission shown again (``uploads.KeepUploadsMixin``) and deletes the kept
    copies once the object is saved with them."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            uploads.prepare_uploads(request, self.form)  # before super() opens the transaction
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if request.method == "POST" and form.is_bound and hasattr(form, "keep_valid_uploads"):
            # The form may be valid while an inline is not: keep its uploads too.
            form.keep_valid_uploads()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if hasattr(form, "discard_kept_uploads"):
            form.discard_kept_uploads()
