from django.contrib import admin

from ..models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated"]
    prepopulated_fields = {"slug": ["title"]}
    view_on_site = True
