import difflib

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Revision
from .common import EDITOR_CSS


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["title", "post_link", "created", "user"]
    list_filter = ["post"]
    list_select_related = ["post", "user"]
    search_fields = ["title", "post__title"]
    fields = ["post_link", "title", "subtitle", "created", "user", "changes", "body_text"]
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

    @admin.display(description=_("body"))
    def body_text(self, obj):
        return format_html('<pre class="revision-body">{}</pre>', obj.body)

    @admin.display(description=_("compared with the current text"))
    def changes(self, obj):
        post = obj.post
        lines = difflib.unified_diff(
            [obj.title, obj.subtitle, ""] + obj.body.splitlines(),
            [post.title, post.subtitle, ""] + post.body.splitlines(),
            fromfile=gettext("this revision"),
            tofile=gettext("current"),
            lineterm="",
            n=2,
        )
        rows = [
            ("diff-add" if line.startswith("+") else "diff-del" if line.startswith("-") else "", line) for line in lines
        ]
        if not rows:
            return gettext("Identical to the current text.")
        return format_html(
            '<pre class="revision-diff">{}</pre>', format_html_join("\n", '<span class="{}">{}</span>', rows)
        )
