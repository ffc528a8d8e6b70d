"""Template helpers for the public pages: pagination links, dates and banner images."""

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html

from blog import links
from blog.content import images

register = template.Library()

DEFAULT_MASK = 0.3
BANNER_SIZES = "100vw"


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """A link to page ``number`` of the current list, keeping the rest of the
    query (a search's ``q``); page 1 is the bare address."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


@register.simple_tag
def link(viewname, *args):
    """``{% url %}`` for the blog's own views, reversed once per process
    (``blog.links``): list pages link to dozens of posts and tags."""
    return links.reverse(viewname, *args)


@register.simple_tag
def post_date(moment, fmt="%Y-%m-%d"):
    """<time> for an aware datetime, shown in the site's time zone.

    Lists print a date per post; strftime on one localtime() is several
    times cheaper than two |date filters."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), local.strftime(fmt))


def _opacity(mask):
    value = DEFAULT_MASK if mask is None else float(mask)
    return f"{min(max(value, 0.0), 1.0):.2f}"


@register.inclusion_tag("blog/includes/banner_image.html")
def banner_image(post=None, image="img/home-bg.jpg", mask=None):
    """The banner's picture and dark mask: an uploaded header image as WebP and
    JPEG in several widths, any other header image (or ``image``) as given."""
    if post is not None:
        variants = post.header_image_variants or {}
        return {
            "src": post.header_src or static(image),
            "webp_srcset": post.header_srcset("webp"),  # "" without resized variants
            "jpeg_srcset": post.header_srcset("jpeg"),
            "width": variants.get("width"),
            "height": variants.get("height"),
            "sizes": BANNER_SIZES,
            "opacity": _opacity(post.header_mask if mask is None else mask),
        }
    return {"src": images.static_or_url(image), "sizes": BANNER_SIZES, "opacity": _opacity(mask)}
