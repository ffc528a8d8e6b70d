"""An imported site full of Liquid, crawled from / like a reader: no page shows raw Liquid, no
page fails, no internal link is broken."""

import re
import shutil
from html.parser import HTMLParser

import pytest

from blog.models import Post

from .test_crawl import crawl, read
from .test_liquid_oracle import SITES
from .utils import import_ok

pytestmark = pytest.mark.django_db

LIQUID_MARKUP = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


class VisibleText(HTMLParser):
    """The text a reader sees: not scripts or styles, and not code, which may show Liquid on purpose."""

    HIDDEN = {"script", "style", "code", "pre", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1
        for name, value in attrs:
            if name in ("href", "src", "alt", "title", "content") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def raw_liquid(client, statuses):
    """``{url: [markup]}`` of every crawled page that shows Liquid."""
    shown = {}
    for url, status in statuses.items():
        response = client.get(url)
        body = read(response)
        if status != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = VisibleText()
        parser.feed(body.decode())
        found = LIQUID_MARKUP.findall(" ".join(parser.parts))
        if found:
            shown[url] = found
    return shown


@pytest.fixture
def imported(tmp_path, seed):
    source = tmp_path / "site"
    shutil.copytree(SITES / "liquid_zh", source)
    import_ok(source)


def test_a_crawl_finds_no_raw_liquid_no_error_and_no_broken_link(client, imported):
    statuses, referrers = crawl(client)
    assert not {url: code for url, code in statuses.items() if code >= 500}
    assert not {url: (code, referrers[url]) for url, code in statuses.items() if 400 <= code < 500}
    assert raw_liquid(client, statuses) == {}
    reached = set(statuses)
    for post in Post.objects.published():
        assert post.get_absolute_url() in reached
    assert "/about/" in reached and "/foo/bar.html" in reached


def test_the_crawl_would_see_raw_liquid(client, imported, make_post):
    broken = make_post(title="Broken", slug="broken", liquid=True, body="Hi {% include nowhere.html %}")
    statuses, _referrers = crawl(client)
    shown = raw_liquid(client, statuses)
    assert "{% include nowhere.html %}" in shown.get(broken.get_absolute_url(), [])
