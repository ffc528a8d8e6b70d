from django.contrib import admin

from .models import Author, Image, LegacyURL, Page, Post, Revision


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}


class LegacyURLInline(admin.TabularInline):
    model = LegacyURL
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "publish", "hidden"]
    list_filter = ["status", "author", "tags"]
    search_fields = ["title", "subtitle", "body"]
    date_hierarchy = "publish"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    inlines = [LegacyURLInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["alt", "file", "uploaded_by", "created"]
    search_fields = ["alt"]

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["post", "title", "created", "user"]
    list_filter = ["post"]
    readonly_fields = ["post", "title", "subtitle", "body", "user", "created"]

    def has_add_permission(self, request):
        return False
