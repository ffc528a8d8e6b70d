from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Revision
from ..writing import revisions
from . import diffs
from .common import EDITOR_CSS


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["title", "post_link", "created", "user"]
    list_filter = ["post"]
    list_select_related = ["post", "user"]
    search_fields = ["title", "post__title"]
    fields = [
        "post_link",
        "created",
        "user",
        "changes",
        "title",
        "subtitle",
        "slug",
        "tag_names",
        "status",
        "publish",
        "author",
        "hidden",
        "header_image",
        "header_image_url",
        "header_mask",
        "summary",
        "body_text",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": EDITOR_CSS}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # history is read-only; restore it from the post's page

    @admin.display(description=_("post"), ordering="post__title")
    def post_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:blog_post_change", args=[obj.post_id]), obj.post)

    @admin.display(description=_("tags"))
    def tag_names(self, obj):
        return ", ".join(obj.tags) if obj.tags is not None else "—"

    @admin.display(description=_("body"))
    def body_text(self, obj):
        return format_html('<pre class="revision-body">{}</pre>', obj.body)

    @admin.display(description=_("compared with the current version"))
    def changes(self, obj):
        html = diffs.render(
            revisions.recorded(obj),
            revisions.current_state(obj.post),
            gettext("this revision"),
            gettext("current"),
        )
        return html or gettext("Identical to the current version.")
