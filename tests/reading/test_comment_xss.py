"""The XSS corpus typed into a comment's body, name and website: whatever is published, the
page, the feeds and the admin hold no script, no event handler, no dangerous URL."""

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.test import Client

from blog.models import Comment

from ..comment_helpers import send_comment
from ..xss_corpus import XSS_CORPUS

SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "/", "?")
ATOM = "{http://www.w3.org/2005/Atom}"


class Inspector(HTMLParser):
    """Everything unsafe in an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and dict(attrs).get("src", "").startswith("/static/"):
            return  # the admin's icons
        dangerous = tag in {"iframe", "object", "embed", "svg", "math", "img", "style", "base"}
        if dangerous or (tag in ("form", "meta") and any("javascript" in (v or "").lower() for _n, v in attrs)):
            self.problems.append(f"<{tag}>")
        attributes = dict(attrs)
        if tag == "script" and not (
            (attributes.get("src") or "").startswith("/") or attributes.get("type") == "application/json"
        ):
            self.problems.append("<script> of its own")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and value and not value.strip().startswith(SAFE_SCHEMES):
                self.problems.append(f"{tag} {name}={value!r}")


def unsafe(html):
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.fixture
def open_comments(settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MODERATION": "open", "RATE": "0", "MAX_LINKS": 100}


@pytest.mark.parametrize("field", ["body", "name", "website"])
def test_the_xss_corpus_is_published_harmless(client, make_post, admin_client, open_comments, field):
    post = make_post(title="XSS")
    baseline = unsafe(Client().get(post.get_absolute_url()).content.decode())
    admin_baseline = set(unsafe(admin_client.get("/admin/blog/comment/").content.decode()))  # its own icons
    for n, payload in enumerate(XSS_CORPUS):
        fields = {"body": f"评论 {n}", "name": f"读者 {n}", field: payload}
        response = send_comment(client, post, **fields)
        assert response.status_code in (303, 400), (payload, response.status_code)  # posted, or a clear error
    assert Comment.objects.exists()
    for url in [post.get_absolute_url(), "/comments/feed/", "/"]:
        html = Client().get(url).content.decode()
        if url.endswith("feed/"):
            for entry in ElementTree.fromstring(html).iter(f"{ATOM}entry"):
                assert unsafe(entry.find(f"{ATOM}content").text or "") == []
                assert entry.find(f"{ATOM}author/{ATOM}name").text
        else:
            assert unsafe(html) == baseline, url
    for comment in Comment.objects.all()[:10]:
        for url in ["/admin/blog/comment/", f"/admin/blog/comment/{comment.pk}/change/"]:
            assert set(unsafe(admin_client.get(url).content.decode())) <= admin_baseline, url
    for comment in Comment.objects.all():
        assert not comment.website or comment.website.startswith(("http://", "https://"))
        assert unsafe(comment.body_html) == [], comment.body
