"""A whole imported Jekyll site, crawled from / like a reader (or a search engine) would.

The crawler knows no page of the blog by name: it follows every internal link
it finds in href/src/srcset attributes, inline and CSS url(...), feeds and
sitemaps, so it covers whatever pages exist (tags, archives, feeds, search...).
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings

from blog.models import LegacyURL, Post

from .jekyll_utils import HUX_SITE, import_ok

pytestmark = pytest.mark.django_db

LOCAL_HOSTS = {"testserver", "localhost", "127.0.0.1"}
MAX_PAGES = 3000
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
XML_URL = re.compile(r"<(?:loc|link|id|uri)>\s*([^<\s]+)\s*</|\shref=\"([^\"]+)\"")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src", "poster", "data-src"):
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links += [part.strip().split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.links += [a or b for a, b in CSS_URL.findall(value)]
            elif name == "content" and dict(attrs).get("property", "").startswith("og:") and value.startswith("/"):
                self.links.append(value)


def read(response):
    # Reading a streamed response to its end closes it, as a WSGI server would
    # (closing it again would close the test's database connection).
    return b"".join(response.streaming_content) if response.streaming else response.content


def links_in(response, body):
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    text = body.decode(response.charset or "utf-8", errors="replace")
    if content_type == "text/html":
        parser = LinkParser()
        parser.feed(text)
        return parser.links
    if content_type == "text/css":
        return [a or b for a, b in CSS_URL.findall(text)]
    if "xml" in content_type:
        return [a or b for a, b in XML_URL.findall(text)]
    if content_type == "text/plain":
        return re.findall(r"https?://\S+", text)
    return []


def internal(url, base):
    """The site-relative URL of a link, or None when it leaves the site."""
    url = urljoin(base, url.strip())
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", ""):
        return None
    if parts.netloc and parts.hostname not in LOCAL_HOSTS | set(django_settings.ALLOWED_HOSTS):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start="/"):
    """``{url: status}`` of every page reachable from ``start``, and ``{url: referrer}`` of broken ones."""
    seen, queue, statuses, referrers = {start}, [(start, None)], {}, {}
    while queue:
        url, referrer = queue.pop(0)
        assert len(statuses) < MAX_PAGES, "the crawl does not end: links keep generating new URLs"
        response = client.get(url)
        body = read(response)
        statuses[url] = response.status_code
        referrers[url] = referrer
        found = []
        if response.status_code in (301, 302, 303, 307, 308):
            found = [response["Location"]]
        elif response.status_code == 200:
            found = links_in(response, body)
        for link in found:
            target = internal(link, "http://testserver" + url)
            if target and target not in seen and not target.startswith("/admin/"):
                seen.add(target)
                queue.append((target, url))
    return statuses, referrers


@pytest.fixture
def imported_site(seed):
    import_ok(HUX_SITE)
    return Post.objects.all()


def test_the_whole_imported_site_has_no_error_and_no_broken_internal_link(client, imported_site):
    statuses, referrers = crawl(client)
    errors = {url: code for url, code in statuses.items() if code >= 500}
    broken = {url: (code, referrers[url]) for url, code in statuses.items() if 400 <= code < 500}
    assert not errors, errors
    assert not broken, broken
    # Every listed post was reached at its permalink, with its banner and its images.
    reached = {unquote(url) for url in statuses}
    for post in Post.objects.listed():
        assert unquote(post.get_absolute_url()) in reached, post
    assert any(url.startswith("/media/headers/") for url in reached)  # the uploaded header image
    assert any(url.startswith("/media/jekyll/img/in-post/") for url in reached)  # an image in a post
    assert any(url.startswith("/static/") for url in reached)
    # Old links inside the posts were followed through their redirects.
    assert statuses.get("/2024/03/01/raw-html.html") == 301
    # Drafts and scheduled posts never leak into a page.
    for post in Post.objects.exclude(pk__in=Post.objects.published()):
        assert unquote(post.get_absolute_url()) not in reached, post


def test_every_old_url_of_a_public_post_redirects_to_a_live_page(client, imported_site):
    public = set(Post.objects.published().values_list("pk", flat=True))
    assert LegacyURL.objects.count() > 10
    for legacy in LegacyURL.objects.select_related("post"):
        response = client.get(legacy.path)
        if legacy.post_id in public:
            assert response.status_code == 301, legacy.path
            assert response["Location"] == legacy.post.get_absolute_url()
            assert client.get(response["Location"]).status_code == 200
        else:
            assert response.status_code == 404, legacy.path


def test_every_public_post_answers_and_no_other_does(client, imported_site):
    for post in Post.objects.all():
        expected = 200 if post.is_published else 404
        assert client.get(post.get_absolute_url()).status_code == expected, post


def test_the_crawler_catches_a_broken_link(client, imported_site, make_post):
    # The crawler itself can fail: a post linking nowhere is found.
    make_post(title="Broken", slug="broken", body="[nowhere](/no/such/page/) and ![x](/img/gone.png)")
    statuses, referrers = crawl(client)
    assert statuses["/no/such/page/"] == 404 and statuses["/img/gone.png"] == 404
    # Found on the post's page, or first in a feed carrying its full text.
    referrer = referrers["/no/such/page/"]
    assert referrer.endswith("/broken/") or "/feed/" in referrer, referrer
