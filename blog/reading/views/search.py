"""The search page: results for ``?q=``, highlighted."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.generic import ListView

from ... import dependencies
from .. import search
from .common import CachedCountMixin, MetaMixin, SitePageSize


class SearchView(SitePageSize, CachedCountMixin, MetaMixin, ListView):
    template_name = "blog/search.html"
    context_object_name = "posts"
    volatile_count = True  # one count per query typed

    def get(self, request, *args, **kwargs):
        self.query = search.parse(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # What a result shows: title, subtitle, date, tags and a snippet of the text.
        return (
            search.search(self.query).with_tags().only("title", "subtitle", "slug", "publish", "excerpt", "body_html")
        )

    def count_name(self):
        return search.count_name(self.query)

    def list_keys(self):
        return [dependencies.SEARCH]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["hits"] = search.hits(context["posts"], self.query)
        context["max_length"] = search.MAX_LENGTH
        context["max_terms"] = search.MAX_TERMS
        return context

    def get_meta(self, context):
        # The search page itself is a page like the others; its results are kept out of search
        # engines (noindex here, and robots.txt), as every search engine asks of result pages.
        if not self.query and "q" not in self.request.GET:
            return {
                "title": _("Search"),
                "description": _("Search the posts of %(site)s.") % {"site": settings.BLOG["TITLE"]},
            }
        title = _("Search: %(query)s") % {"query": self.query.text} if self.query else _("Search")
        return {"title": title, "noindex": True}
