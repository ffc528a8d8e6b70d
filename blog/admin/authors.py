from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Author
from .common import EDITOR_CSS, KeepUploadsAdmin, thumbnail_html
from .forms import AuthorAdminForm


@admin.register(Author)
class AuthorAdmin(KeepUploadsAdmin):
    form = AuthorAdminForm
    list_display = ["name", "slug", "user", "post_count"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fields = ["name", "slug", "user", "bio", "avatar", "avatar_kept", "avatar_preview"]
    readonly_fields = ["avatar_preview"]

    class Media:
        css = {"all": EDITOR_CSS}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(post_count=Count("posts"))

    @admin.display(description=_("posts"), ordering="post_count")
    def post_count(self, obj):
        return obj.post_count

    @admin.display(description=_("current avatar"))
    def avatar_preview(self, obj):
        return thumbnail_html(obj.avatar.url if obj.avatar else "", obj.name, "admin-avatar")
