"""Series: name, slug and description, and the parts in reading order (renumbered or taken out
of the series here; a post joins a series from its own form)."""

from django import forms
from django.contrib import admin
from django.db.models import Count, F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Post, Series
from ..writing.series import place_in_series
from .common import EDITOR_CSS


class PartForm(forms.ModelForm):
    leave = forms.BooleanField(label=_("take out of the series"), required=False)

    class Meta:
        model = Post
        fields = ["series_order"]


class PartInline(admin.TabularInline):
    """The series' posts, drafts and scheduled ones included, in reading order."""

    model = Post
    fk_name = "series"
    form = PartForm
    fields = ["part", "state", "publish_time", "series_order", "leave"]
    readonly_fields = ["part", "state", "publish_time"]
    extra = 0
    can_delete = False  # deleting a part would delete the post: "take out" instead
    verbose_name = _("part")
    verbose_name_plural = _("parts")

    def has_add_permission(self, request, obj=None):
        return False  # a post joins a series from its own form

    def get_queryset(self, request):
        return super().get_queryset(request).order_by(F("series_order").asc(nulls_last=True), "publish", "pk")

    @admin.display(description=_("post"))
    def part(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:blog_post_change", args=[obj.pk]), obj.title)

    @admin.display(description=_("status"))
    def state(self, obj):
        return format_html('<span class="post-state post-state-{}">{}</span>', obj.state.value, obj.state.label)

    @admin.display(description=_("publish"))
    def publish_time(self, obj):
        return obj.publish.strftime("%Y-%m-%d %H:%M") if obj.publish else "—"


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "part_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]
    inlines = [PartInline]
    view_on_site = True

    class Media:
        css = {"all": EDITOR_CSS}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(part_count=Count("posts")).order_by("name")

    @admin.display(description=_("parts"), ordering="part_count")
    def part_count(self, obj):
        return obj.part_count

    def save_formset(self, request, form, formset, change):
        """Each changed part saved through ``save_post`` (numbered, or taken out)."""
        if formset.model is not Post:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills changed_objects, which the change message reads
        for part_form in formset.forms:
            if not part_form.has_changed():
                continue
            post = part_form.instance
            if part_form.cleaned_data.get("leave"):
                place_in_series(post, None, user=request.user)
            else:
                place_in_series(post, form.instance, part_form.cleaned_data["series_order"], user=request.user)
        return None
