"""The writing desk: posts with a live-preview Markdown editor, drafts and
scheduling, revisions, images, authors and tags."""

import difflib

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from . import admin_views, authors, revisions
from .forms import AuthorAdminForm, ImageAdminForm, MergeTagsForm, PostAdminForm
from .models import Author, Image, LegacyURL, Page, Post, Revision
from .tag_merge import merge_tags

EDITOR_CSS = ["blog-admin/admin.css", "blog-admin/pygments.css"]


def thumbnail_html(url, alt="", css_class="admin-thumb"):
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" class="{}" loading="lazy" decoding="async">', url, alt, css_class)


class KeepUploadsAdmin(admin.ModelAdmin):
    """Keeps valid uploads of a submission shown again (see forms.KeepUploadsMixin)
    and deletes the kept copies once the object is saved with them."""

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


# --- Authors ----------------------------------------------------------------------
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


# --- Posts --------------------------------------------------------------------------
class LegacyURLInline(admin.TabularInline):
    model = LegacyURL
    extra = 0


class StateFilter(admin.SimpleListFilter):
    """Status as a reader experiences it: a published post in the future is scheduled."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("published", _("Published"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.filter(status=Post.Status.DRAFT)
        if value == "scheduled":
            return queryset.scheduled()
        if value == "published":
            return queryset.published()
        return queryset


def post_state(post):
    """(css name, label) of a post's state."""
    if post.status == Post.Status.DRAFT:
        return "draft", gettext("Draft")
    if post.is_scheduled:
        return "scheduled", gettext("Scheduled")
    return "published", gettext("Published")


@admin.register(Post)
class PostAdmin(KeepUploadsAdmin):
    form = PostAdminForm
    list_display = ["title", "author", "state", "publish", "tag_list", "thumbnail"]
    list_display_links = ["title"]
    list_filter = [StateFilter, "author", "tags"]
    list_select_related = ["author"]
    search_fields = ["title", "subtitle", "body"]
    date_hierarchy = "publish"
    autocomplete_fields = ["author"]
    actions = ["publish_posts", "move_to_draft"]
    inlines = [LegacyURLInline]
    readonly_fields = ["publication_state", "header_preview"]
    save_on_top = True
    fieldsets = [
        (_("Content"), {"fields": ["title", "subtitle", "slug", "body", "tags"], "classes": ["post-content"]}),
        (
            _("Publishing"),
            {
                "fields": ["status", "publish", "publication_state", "author", "hidden"],
                "description": _(
                    "A published post with a future publish time is scheduled: it appears by itself "
                    "at that time. Drafts and scheduled posts are visible only to staff."
                ),
            },
        ),
        (
            _("Header image"),
            {"fields": ["header_image", "header_image_kept", "header_preview", "header_image_url", "header_mask"]},
        ),
        (_("Summary and SEO"), {"fields": ["summary"]}),
    ]

    class Media:
        css = {"all": EDITOR_CSS}
        js = ["blog-admin/editor.js", "blog-admin/slug.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    def view_on_site(self, obj):
        # The permalink itself; staff see drafts and scheduled posts there with a banner.
        return obj.get_absolute_url()

    # --- list columns ---
    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        name, label = post_state(obj)
        return format_html('<span class="post-state post-state-{}">{}</span>', name, label)

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @staticmethod
    def small_header_url(post):
        """The smallest resized JPEG of an uploaded header, else the banner URL."""
        jpegs = (post.header_image_variants or {}).get("jpeg") or []
        return default_storage.url(jpegs[0][1]) if jpegs else post.header_src

    @admin.display(description=_("header"))
    def thumbnail(self, obj):
        return thumbnail_html(self.small_header_url(obj))

    # --- change form readonly fields ---
    @admin.display(description=_("state"))
    def publication_state(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        name, label = post_state(obj)
        when = timezone.localtime(obj.publish).strftime("%Y-%m-%d %H:%M")
        if name == "scheduled":
            text = gettext("Scheduled: goes live on %(when)s.") % {"when": when}
        elif name == "published":
            text = gettext("Published on %(when)s.") % {"when": when}
        else:
            text = gettext("Draft: only staff can see it.")
        return format_html('<span class="post-state post-state-{}">{}</span> {}', name, label, text)

    @admin.display(description=_("current header"))
    def header_preview(self, obj):
        return thumbnail_html(self.small_header_url(obj) if obj and obj.pk else "", "", "admin-header-preview")

    # --- defaults ---
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "author" not in initial:
            author = authors.author_for(request.user)
            if author:
                initial["author"] = author.pk
        return initial

    # --- saving ---
    def save_model(self, request, obj, form, change):
        with revisions.saved_by(request.user):
            super().save_model(request, obj, form, change)

    # --- actions ---
    @admin.action(description=_("Publish selected posts"), permissions=["change"])
    def publish_posts(self, request, queryset):
        now = timezone.now()
        live = scheduled = 0
        with revisions.saved_by(request.user):
            for post in queryset.filter(status=Post.Status.DRAFT):
                post.status = Post.Status.PUBLISHED
                post.save(update_fields=["status", "updated"])
                self.log_change(request, post, [{"changed": {"fields": ["status"]}}])
                if post.publish > now:
                    scheduled += 1
                else:
                    live += 1
        if live:
            self.message_user(
                request,
                ngettext("%(count)d post published.", "%(count)d posts published.", live) % {"count": live},
                messages.SUCCESS,
            )
        if scheduled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d post scheduled: it appears at its publish time.",
                    "%(count)d posts scheduled: they appear at their publish times.",
                    scheduled,
                )
                % {"count": scheduled},
                messages.SUCCESS,
            )
        if not live and not scheduled:
            self.message_user(request, gettext("The selected posts were already published."), messages.INFO)

    @admin.action(description=_("Move selected posts to draft"), permissions=["change"])
    def move_to_draft(self, request, queryset):
        count = 0
        with revisions.saved_by(request.user):
            for post in queryset.filter(status=Post.Status.PUBLISHED):
                post.status = Post.Status.DRAFT
                post.save(update_fields=["status", "updated"])
                self.log_change(request, post, [{"changed": {"fields": ["status"]}}])
                count += 1
        if count:
            self.message_user(
                request,
                ngettext("%(count)d post moved to draft.", "%(count)d posts moved to draft.", count) % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, gettext("The selected posts were already drafts."), messages.INFO)

    # --- extra views ---
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("preview/", self.admin_site.admin_view(admin_views.preview), name="%s_%s_preview" % info),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_revision_view),
                name="%s_%s_restore" % info,
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        post = self.get_object(request, unquote(object_id))
        if post is not None:
            extra_context["revisions"] = post.revisions.select_related("user")[:50]
            extra_context["can_restore"] = self.has_change_permission(request, post)
        return super().change_view(request, object_id, form_url, extra_context)

    def restore_revision_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        revision = get_object_or_404(Revision, pk=revision_id, post=post)
        saved_at = timezone.localtime(revision.created).strftime("%Y-%m-%d %H:%M:%S")
        revisions.restore(revision, request.user)
        self.log_change(request, post, gettext("Restored the revision saved at %(when)s.") % {"when": saved_at})
        self.message_user(
            request,
            gettext("Restored the revision saved at %(when)s. The text it replaced is kept as a revision.")
            % {"when": saved_at},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:blog_post_change", args=[post.pk]))


# --- Revisions ---------------------------------------------------------------------
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


# --- Images -----------------------------------------------------------------------
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


# --- Pages ------------------------------------------------------------------------
@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated"]
    prepopulated_fields = {"slug": ["title"]}
    view_on_site = True


# --- Tags -------------------------------------------------------------------------
# taggit registers a plain Tag admin; ours adds post counts and merging.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "item_count"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]
    fields = ["name", "slug"]

    class Media:
        css = {"all": EDITOR_CSS}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("taggit_taggeditem_items"))

    @admin.display(description=_("posts"), ordering="item_count")
    def item_count(self, obj):
        return obj.item_count

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields["slug"].help_text = gettext(
                "Renaming keeps the slug, so the tag's address stays the same; change it here if you want a new one."
            )
        return form

    @admin.action(description=_("Merge selected tags into one"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        tags = queryset.order_by("-item_count", "name")
        if len(tags) < 2:
            self.message_user(request, gettext("Select at least two tags to merge."), messages.WARNING)
            return None
        form = MergeTagsForm(
            request.POST if "apply" in request.POST else None, tags=tags, initial={"target": tags[0].pk}
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            merged = [tag for tag in tags if tag.pk != target.pk]
            names = ", ".join(tag.name for tag in merged)
            merge_tags(target, merged)
            self.message_user(
                request,
                gettext("Merged %(names)s into “%(target)s”.") % {"names": names, "target": target.name},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge tags"),
            "opts": self.opts,
            "form": form,
            "tags": tags,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)
