"""Files for machines: robots.txt."""

from django.http import HttpResponse

from pagecache import deps

from ... import links
from .. import seo


def robots_txt(request):
    deps.declare()  # shows no content: changed by a release, never by an edit
    language_switch = links.reverse("set_language", code="x").rsplit("x/", 1)[0]
    lines = [
        "User-agent: *",
        f"Disallow: {links.reverse('admin:index')}",
        f"Disallow: {links.reverse('blog:search')}?",  # results; the search page itself may be indexed
        f"Disallow: {language_switch}",
        "",
        f"Sitemap: {seo.absolute_url(request, links.reverse('blog:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
