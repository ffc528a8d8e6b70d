"""Every HTML and XML page leaves without the characters XML and HTML cannot carry
(``content.characters``): whatever reached the page (a title, a tag's name, a query shown back),
the page parses. Inside the page cache, so the cached copy is the clean one."""

from ..content.characters import FORBIDDEN_UTF8, printable_utf8

CHECKED_TYPES = ("text/html", "application/xml", "text/xml", "application/rss+xml", "application/atom+xml")


class PrintableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or response.get("Content-Type", "").split(";")[0].strip() not in CHECKED_TYPES:
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.add_post_render_callback(_clean)
        else:
            _clean(response)
        return response


def _clean(response):
    if FORBIDDEN_UTF8.search(response.content):
        response.content = printable_utf8(response.content)
    return response
