from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "path", "format", "liquid", "updated"]
    list_filter = ["format", "liquid"]
    search_fields = ["title", "path", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["liquid_error"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "path", "description", "header_image_url", "format", "body"]}),
        (
            _("Liquid (Jekyll)"),
            {"fields": ["liquid", "liquid_error", "source_path", "front_matter"], "classes": ["collapse"]},
        ),
    ]
