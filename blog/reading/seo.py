"""What a public page says about itself in <head>: title, description,
canonical URL, Open Graph / Twitter card tags and JSON-LD.

Absolute URLs come from ``settings.BLOG["SITE_URL"]`` when it is set (a site
behind a proxy or reached by several names still announces one address), else
from the request.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale

from .. import links
from ..content.html import html_to_text

DESCRIPTION_LENGTH = 160
DEFAULT_IMAGE = "img/home-bg.jpg"


def site_origin():
    """``scheme://host`` of SITE_URL, or "" when the request decides."""
    site_url = (settings.BLOG.get("SITE_URL") or "").strip()
    if not site_url:
        return ""
    parts = urlsplit(site_url)
    if not (parts.scheme and parts.netloc):
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def absolute_url(request, url):
    """An absolute URL for a path (``/2025/06/19/x/``), a static URL or an external URL."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    origin = site_origin()
    if url.startswith("//"):
        scheme = urlsplit(origin).scheme if origin else request.scheme
        return f"{scheme}:{url}"
    if origin:
        return urljoin(origin + "/", url)
    return request.build_absolute_uri(url)


def describe(text, length=DESCRIPTION_LENGTH):
    """A one-line description of plain text or sanitized HTML (a bio, a page): its text, entities
    decoded (the template escapes it again), whitespace collapsed, shortened."""
    plain = re.sub(r"\s+", " ", html_to_text(text)).strip()
    return Truncator(plain).chars(length)


def json_ld(data):
    """JSON for a <script type="application/ld+json"> block that cannot close it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class PageMeta:
    title: str  # the page's own title; "" on the home page
    description: str
    canonical: str
    image: str
    type: str = "website"
    robots: str = ""
    locale: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    author: str = ""
    tags: list = field(default_factory=list)
    structured_data: str = ""  # JSON-LD text


def page_meta(
    request,
    *,
    title="",
    description="",
    path=None,
    image="",
    page_number=1,
    noindex=False,
    structured_data=None,
    **extra,
):
    """Metadata for one page. ``path`` defaults to the request path; page 2+
    of a list is its own canonical page."""
    canonical = ""
    if not noindex:
        canonical = absolute_url(request, path or request.path)
        if page_number and page_number > 1:
            canonical += f"?page={page_number}"
    return PageMeta(
        title=title,
        description=describe(description) or settings.BLOG.get("DESCRIPTION", ""),
        canonical=canonical,
        image=absolute_url(request, image or static(DEFAULT_IMAGE)),
        robots="noindex, follow" if noindex else "",
        locale=to_locale(get_language() or settings.LANGUAGE_CODE),
        structured_data=json_ld(structured_data) if structured_data else "",
        **extra,
    )


def post_structured_data(request, post, canonical, image):
    """schema.org BlogPosting for a post page."""
    author = post.author
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": post.title,
        "description": describe(post.excerpt),
        "image": [image],
        "datePublished": timezone.localtime(post.publish).isoformat(),
        "dateModified": timezone.localtime(post.last_modified).isoformat(),
        "author": {
            "@type": "Person",
            "name": author.name,
            "url": absolute_url(request, author.get_absolute_url()),
        },
        "publisher": {"@type": "Organization", "name": settings.BLOG.get("TITLE", "")},
        "keywords": [tag.name for tag in post.tag_list],
        "wordCount": post.word_count,
        "timeRequired": f"PT{post.reading_time}M",
        "inLanguage": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
    }
    if post.subtitle:
        data["alternativeHeadline"] = post.subtitle
    return data


def post_meta(request, post):
    canonical = absolute_url(request, post.get_absolute_url())
    image = absolute_url(request, post.header_src or static(DEFAULT_IMAGE))
    return page_meta(
        request,
        title=post.title,
        description=post.excerpt or post.subtitle,
        path=post.get_absolute_url(),
        image=image,
        type="article",
        noindex=not post.is_published,
        structured_data=post_structured_data(request, post, canonical, image),
        published=post.publish,
        modified=post.last_modified,
        author=post.author.name,
        tags=[tag.name for tag in post.tag_list],
    )


def home_structured_data(request):
    """schema.org Blog with a search box (sitelinks search)."""
    home = absolute_url(request, links.reverse("blog:home"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.BLOG.get("TITLE", ""),
        "description": settings.BLOG.get("DESCRIPTION", ""),
        "url": home,
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute_url(request, links.reverse("blog:search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
