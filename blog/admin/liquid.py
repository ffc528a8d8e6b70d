"""The Jekyll site's Liquid, editable: its includes and its ``_config.yml`` variables. Saving one
re-renders the posts and pages that read it (``blog.writing.liquid``)."""

import json

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import LiquidInclude, SiteVariable
from .common import EDITOR_CSS


@admin.register(LiquidInclude)
class LiquidIncludeAdmin(admin.ModelAdmin):
    list_display = ["path", "used_by", "updated"]
    search_fields = ["path", "source"]
    readonly_fields = ["used_by"]

    class Media:
        css = {"all": EDITOR_CSS}

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        from ..writing.liquid import users_of

        posts, pages = users_of([obj.path]) if obj and obj.pk else ([], [])
        return ", ".join(str(doc) for doc in [*posts, *pages]) or "—"


@admin.register(SiteVariable)
class SiteVariableAdmin(admin.ModelAdmin):
    list_display = ["name", "short_value"]
    search_fields = ["name"]

    @admin.display(description=_("value"))
    def short_value(self, obj):
        return Truncator(json.dumps(obj.value, ensure_ascii=False)).chars(80)
