from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Image
from .common import EDITOR_CSS, KeepUploadsAdmin, thumbnail_html
from .forms import ImageAdminForm


@admin.register(Image)
class ImageAdmin(KeepUploadsAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt", "snippet", "uploaded_by", "created"]
    list_display_links = ["thumbnail", "alt"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt"]
    fields = ["file", "file_kept", "alt", "preview", "snippet", "dimensions", "uploaded_by", "created"]
    readonly_fields = ["preview", "snippet", "dimensions", "uploaded_by", "created"]

    class Media:
        css = {"all": EDITOR_CSS}
        js = ["blog-admin/copy.js"]

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.file.url if obj.file else "", obj.alt)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail_html(obj.file.url if obj and obj.file else "", obj.alt if obj else "", "admin-image-preview")

    @admin.display(description=_("Markdown"))
    def snippet(self, obj):
        if not obj or not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<span class="md-snippet"><code>{}</code> '
            '<button type="button" class="button copy-snippet" data-copy="{}" data-copied="{}">{}</button></span>',
            obj.markdown,
            obj.markdown,
            gettext("Copied"),
            gettext("Copy"),
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        if not obj or not obj.width:
            return "—"
        return f"{obj.width} × {obj.height}"

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
