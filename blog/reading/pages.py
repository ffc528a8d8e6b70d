"""Pages at the paths a Jekyll site gave them (/about.html, /notes/links/): served when nothing
else answers a path, like Django's flatpages; and the addresses of a Jekyll theme's own list
pages (/archive.html, /tags.html, /page2/) sent to the blog's."""

import re
from urllib.parse import unquote, urlsplit

from pagecache.figures import cached

from .. import dependencies, links
from ..models import Page
from .redirects import NotFoundFallback
from .views.posts import PageView


def spellings(path):
    """The paths a page may be stored under for a request path: exactly, then as Jekyll and
    GitHub Pages also served it (/about for /about.html or /about/, /x/index.html for /x/)."""
    found = [path]
    if path.endswith("/index.html"):
        found.append(path[: -len("index.html")])
    elif path.endswith(".html"):
        found.append(path[: -len(".html")])  # written without the .html (a custom permalink style)
    elif path.endswith("/"):
        if len(path) > 1:
            found.append(path.rstrip("/") + ".html")
    elif "." not in path.rsplit("/", 1)[-1]:
        found += [path + "/", path + ".html"]
    return found


# A Jekyll theme's list pages, by their file's name at the site's root, and the blog's own.
THEME_PAGES = {
    "index": "blog:home",
    "archive": "blog:archive",
    "archives": "blog:archive",
    "tags": "blog:tags",
    "tag": "blog:tags",
    "categories": "blog:tags",
    "category": "blog:tags",
    "search": "blog:search",
}
THEME_PAGE = re.compile(r"^/(?P<stem>[a-z]+)(?:\.html?|/|/index\.html?)$")
PAGINATED = re.compile(r"^/page/?(?P<number>[0-9]{1,6})/(?:index\.html)?$")


def theme_page_url(path):
    """Where the blog shows what a Jekyll theme's list page at ``path`` showed, or None."""
    match = THEME_PAGE.match(path)
    if match and match["stem"] in THEME_PAGES:
        return links.reverse(THEME_PAGES[match["stem"]])
    match = PAGINATED.match(path)
    if match and int(match["number"]) > 1:
        return f"{links.reverse('blog:home')}?page={int(match['number'])}"
    return None


def page_paths():
    """Every page's path, kept until the content changes: a 404 costs no query for pages."""
    return cached(
        "page_paths", lambda: frozenset(Page.objects.values_list("path", flat=True)), [dependencies.SITE_PAGES]
    )


def page_at(path):
    """The page a request path is (or was) the address of, or None."""
    known = page_paths()
    found = next((c for c in spellings(unquote(path)) if c in known), None)
    return Page.objects.filter(path=found).first() if found else None


class PageFallbackMiddleware(NotFoundFallback):
    """On a 404, the page stored at that path (or a 301 to it from another spelling)."""

    def answer(self, request):
        page = page_at(request.path)
        if page is None:
            target = theme_page_url(request.path)
            if target is None or urlsplit(target).path == request.path:
                return None  # the blog's own list page answered 404 (a page out of range)
            return links.permanent_redirect(request, target)
        if unquote(request.path) != page.path:
            return links.permanent_redirect(request, page.get_absolute_url())
        view = PageView.as_view()
        page_response = view(request, page=page)
        if hasattr(page_response, "render"):
            page_response.render()
        return page_response
