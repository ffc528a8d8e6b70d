"""The writing desk: posts with a live-preview Markdown editor, drafts and scheduling, and
revisions to restore."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..content import images
from ..models import LegacyURL, Post, Revision
from ..writing import authors, pins
from ..writing.posts import restore_revision, save_post, set_state
from . import views
from .common import EDITOR_CSS, KeepUploadsAdmin, thumbnail_html
from .forms import PostAdminForm


class LegacyURLInline(admin.TabularInline):
    model = LegacyURL
    extra = 0


class StateFilter(admin.SimpleListFilter):
    """Status as a reader experiences it: a published post in the future is scheduled."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Post.State.choices

    def queryset(self, request, queryset):
        if self.value() in Post.State.values:
            return queryset.in_state(self.value())
        return queryset


@admin.register(Post)
class PostAdmin(KeepUploadsAdmin):
    form = PostAdminForm
    list_display = ["title", "author", "state", "publish", "tag_list", "pin", "thumbnail"]
    list_display_links = ["title"]
    list_filter = [StateFilter, "author", "tags", "pinned", "series"]
    list_select_related = ["author"]
    search_fields = ["title", "subtitle", "body"]
    date_hierarchy = "publish"
    autocomplete_fields = ["author", "series"]
    actions = ["publish_posts", "move_to_draft", "pin_posts", "unpin_posts"]
    inlines = [LegacyURLInline]
    readonly_fields = ["publication_state", "header_preview", "liquid_error"]
    save_on_top = True
    fieldsets = [
        (
            _("Content"),
            {"fields": ["title", "subtitle", "slug", "body", "tags", "opened_version"], "classes": ["post-content"]},
        ),
        (
            _("Publishing"),
            {
                "fields": ["status", "publish", "publication_state", "author", "hidden", "comments_open"],
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
        (
            _("Pinning and series"),
            {
                "fields": ["pinned", "pin_order", "series", "series_order"],
                "description": _(
                    "Pinned posts lead the first page of the home list, marked as pinned (archives, tags "
                    "and feeds keep the date order). A post of a series shows every published part."
                ),
            },
        ),
        (
            _("Liquid (Jekyll)"),
            {
                "fields": ["liquid", "liquid_error", "source_path", "front_matter"],
                "classes": ["collapse"],
                "description": _(
                    "How Jekyll would render it: Liquid first, with page.* from the front matter and "
                    "site.* from the imported _config.yml; includes are under Liquid includes."
                ),
            },
        ),
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
        return format_html('<span class="post-state post-state-{}">{}</span>', obj.state.value, obj.state.label)

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description=_("pinned"), ordering="pin_order")
    def pin(self, obj):
        if not obj.pinned:
            return "—"
        return format_html('<span class="post-pinned">📌 {}</span>', obj.pin_order if obj.pin_order is not None else "")

    @staticmethod
    def small_header_url(post):
        """The smallest resized JPEG of an uploaded header, else the banner URL."""
        jpegs = (post.header_image_variants or {}).get("jpeg") or []
        return images.storage_url(jpegs[0][1]) if jpegs else post.header_src

    @admin.display(description=_("header"))
    def thumbnail(self, obj):
        return thumbnail_html(self.small_header_url(obj))

    # --- change form readonly fields ---
    @admin.display(description=_("state"))
    def publication_state(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        state = obj.state
        when = timezone.localtime(obj.publish).strftime("%Y-%m-%d %H:%M")
        if state == Post.State.SCHEDULED:
            text = gettext("Scheduled: goes live on %(when)s.") % {"when": when}
        elif state == Post.State.PUBLISHED:
            text = gettext("Published on %(when)s.") % {"when": when}
        else:
            text = gettext("Draft: only staff can see it.")
        return format_html('<span class="post-state post-state-{}">{}</span> {}', state.value, state.label, text)

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
        # The tags are set with the rest, so a revision sees them change (save_m2m sets them again).
        save_post(obj, user=request.user, tags=form.cleaned_data.get("tags"))
        form.discard_kept_uploads()

    # --- actions ---
    @admin.action(description=_("Publish selected posts"), permissions=["change"])
    def publish_posts(self, request, queryset):
        live = scheduled = 0
        for post in queryset.drafts():
            set_state(post, Post.Status.PUBLISHED, user=request.user)
            self.log_change(request, post, [{"changed": {"fields": ["status"]}}])
            if post.is_scheduled:
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
        for post in queryset.filter(status=Post.Status.PUBLISHED):
            set_state(post, Post.Status.DRAFT, user=request.user)
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

    @admin.action(description=_("Pin selected posts to the home page"), permissions=["change"])
    def pin_posts(self, request, queryset):
        pinned, hidden = pins.pin(queryset.order_by("-publish", "-pk"), user=request.user)
        for post in pinned:
            self.log_change(request, post, [{"changed": {"fields": ["pinned"]}}])
        if pinned:
            self.message_user(
                request,
                ngettext("%(count)d post pinned.", "%(count)d posts pinned.", len(pinned)) % {"count": len(pinned)},
                messages.SUCCESS,
            )
        if hidden:
            self.message_user(
                request,
                ngettext(
                    "%(count)d hidden post left unpinned: hidden posts stay off the home page.",
                    "%(count)d hidden posts left unpinned: hidden posts stay off the home page.",
                    len(hidden),
                )
                % {"count": len(hidden)},
                messages.WARNING,
            )
        if not pinned and not hidden:
            self.message_user(request, gettext("The selected posts were already pinned."), messages.INFO)

    @admin.action(description=_("Unpin selected posts"), permissions=["change"])
    def unpin_posts(self, request, queryset):
        unpinned = pins.unpin(queryset, user=request.user)
        for post in unpinned:
            self.log_change(request, post, [{"changed": {"fields": ["pinned"]}}])
        if unpinned:
            self.message_user(
                request,
                ngettext("%(count)d post unpinned.", "%(count)d posts unpinned.", len(unpinned))
                % {"count": len(unpinned)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, gettext("The selected posts were not pinned."), messages.INFO)

    # --- extra views ---
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("preview/", self.admin_site.admin_view(views.preview), name="%s_%s_preview" % info),
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
        try:
            restore_revision(revision, request.user)
        except ValidationError as error:
            self.message_user(
                request,
                gettext("The revision saved at %(when)s cannot be restored: %(why)s")
                % {"when": saved_at, "why": " ".join(error.messages)},
                messages.ERROR,
            )
            return redirect(reverse("admin:blog_post_change", args=[post.pk]))
        self.log_change(request, post, gettext("Restored the revision saved at %(when)s.") % {"when": saved_at})
        self.message_user(
            request,
            gettext("Restored the revision saved at %(when)s. The version it replaced is kept as a revision.")
            % {"when": saved_at},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:blog_post_change", args=[post.pk]))
