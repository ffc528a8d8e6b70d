"""A series' page: its name, description and its published parts in reading order."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import ngettext
from django.views.generic import ListView

from ... import dependencies
from ...models import Post, Series
from .. import figures
from .common import CachedCountMixin, MetaMixin, SitePageSize, post_list


class SeriesView(SitePageSize, CachedCountMixin, MetaMixin, ListView):
    """Like a tag's page, in reading order; a series without published parts is unknown (404)."""

    template_name = "blog/series_detail.html"
    context_object_name = "posts"

    def get(self, request, *args, **kwargs):
        self.series = get_object_or_404(Series.objects.only("name", "slug", "description_html"), slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        parts = Post.objects.published().in_series(self.series.pk)
        if not figures.count(self.count_name(), parts, self.list_keys()):
            raise Http404("No published post in this series.")
        return post_list(parts)

    def count_name(self):
        return f"series:{self.series.pk}"

    def list_keys(self):
        return [dependencies.series(self.series.pk), dependencies.list_series(self.series.pk)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(series=self.series, **kwargs)

    def get_meta(self, context):
        count = context["paginator"].count
        return {
            "title": self.series.name,
            "description": self.series.description_html
            or ngettext("A series of %(count)d post: %(name)s", "A series of %(count)d posts: %(name)s", count)
            % {"count": count, "name": self.series.name},
        }
