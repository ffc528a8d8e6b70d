"""Moderating comments: the queue (filter by status), approve / spam / hold / delete one or
many, edit, reply as staff, block writers; the blocklist itself; and the addresses that asked
for reply mail. Every change goes through ``blog.writing.comments`` (counts, mail, cache)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Comment, CommentBlock, CommentSubscriber
from ..writing import comments
from .common import EDITOR_CSS


def base_url(request):
    return f"{request.scheme}://{request.get_host()}"


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8, "cols": 80}))


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "excerpt", "post_title", "status_label", "created", "by_author", "reply_link"]
    list_display_links = ["name", "excerpt"]
    list_filter = ["status", "by_author", "created"]
    list_select_related = ["post"]
    search_fields = ["name", "email", "website", "body"]
    date_hierarchy = "created"
    actions = ["approve", "mark_spam", "hold", "block_writers"]
    fields = ["post", "parent", "name", "email", "website", "body", "status", "by_author", "notify", "created"]
    readonly_fields = ["post", "parent", "created"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": EDITOR_CSS}

    def has_add_permission(self, request):
        return False  # staff answer with "Reply"; readers write on the site

    # --- columns ---
    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description=_("post"), ordering="post__title")
    def post_title(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.post.title)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="comment-status comment-status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description=_("reply"))
    def reply_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:blog_comment_reply", args=[obj.pk]), gettext("Reply"))

    # --- actions ---
    def _moderate(self, request, queryset, status, message):
        count = comments.set_status(list(queryset.select_related("post", "parent")), status, base_url(request))
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n),
        )

    @admin.action(description=_("Hold selected comments for moderation"), permissions=["change"])
    def hold(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.PENDING,
            lambda n: ngettext("%(count)d comment held.", "%(count)d comments held.", n),
        )

    @admin.action(description=_("Block the writers of selected comments (email and address)"), permissions=["change"])
    def block_writers(self, request, queryset):
        added = 0
        for comment in queryset:
            for kind, value in (
                (CommentBlock.Kind.EMAIL, comment.email.casefold()),
                (CommentBlock.Kind.ADDRESS, comment.client_hash),
            ):
                if value:
                    note = gettext("From comment %(id)d") % {"id": comment.pk}
                    added += CommentBlock.objects.get_or_create(kind=kind, value=value, defaults={"note": note})[1]
        self.message_user(
            request,
            ngettext("%(count)d blocklist entry added.", "%(count)d blocklist entries added.", added)
            % {"count": added},
            messages.SUCCESS,
        )

    # --- saving and deleting through the domain rules ---
    def save_model(self, request, obj, form, change):
        status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
            comments.edit(obj)
            comments.set_status([obj], status, base_url(request))
        else:
            comments.edit(obj)

    def delete_model(self, request, obj):
        comments.delete(obj)

    def delete_queryset(self, request, queryset):
        for comment in queryset:
            comments.delete(comment)

    # --- replying ---
    def get_urls(self):
        return [
            path("<path:object_id>/reply/", self.admin_site.admin_view(self.reply_view), name="blog_comment_reply"),
        ] + super().get_urls()

    def reply_view(self, request, object_id):
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reply = comments.staff_reply(comment, request.user, form.cleaned_data["body"], base_url(request))
            self.log_addition(request, reply, gettext("Reply from the admin"))
            self.message_user(request, gettext("Your reply is published."), messages.SUCCESS)
            return redirect(reverse("admin:blog_comment_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "title": gettext("Reply to %(name)s") % {"name": comment.name},
        }
        return TemplateResponse(request, "admin/blog/comment/reply.html", context)


@admin.register(CommentBlock)
class CommentBlockAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


@admin.register(CommentSubscriber)
class CommentSubscriberAdmin(admin.ModelAdmin):
    """Who asked for reply mail: look an address up, or delete it on request."""

    list_display = ["email", "confirmed", "created"]
    search_fields = ["email"]
    readonly_fields = ["confirmed", "confirmation_sent", "created"]

    def has_add_permission(self, request):
        return False
