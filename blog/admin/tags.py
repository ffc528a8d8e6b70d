from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..writing.tags import merge_tags
from .common import EDITOR_CSS
from .forms import MergeTagsForm

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
