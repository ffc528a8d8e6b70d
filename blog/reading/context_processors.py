from urllib.parse import quote

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import links
from ..models import Page

# (view name, label, view names in which the link is the current section)
NAV = [
    ("blog:home", _("Home"), {"blog:home"}),
    ("blog:archive", _("Archive"), {"blog:archive", "blog:archive_year", "blog:archive_month", "blog:archive_day"}),
    ("blog:tags", _("Tags"), {"blog:tags", "blog:tag"}),
    ("blog:search", _("Search"), {"blog:search"}),
]
NAV_ABOUT_POSITION = 3


def site(request):
    """Site-wide names and links every public template needs: the title, the
    navigation (with the current section marked), the feeds and the language
    switch. No database access: the 404 page renders with it too."""
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    nav = [{"url": links.reverse(name), "label": label, "current": current in names} for name, label, names in NAV]
    about_url = links.reverse("blog:page", slug=Page.ABOUT)
    nav.insert(NAV_ABOUT_POSITION, {"url": about_url, "label": _("About"), "current": request.path == about_url})
    next_path = quote(request.get_full_path(), safe="/")
    language = get_language()
    languages = [
        {
            "code": code,
            "name": name,
            "url": links.reverse("set_language", code=code) + f"?next={next_path}",
            "current": code == language,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "site": settings.BLOG,
        "nav_links": nav,
        "languages": languages,
    }
