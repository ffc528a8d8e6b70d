"""Nothing a post contains breaks a page: posts made of arbitrary text (control characters, lone
surrogates, right-to-left text, emoji, 10,000-character words, Liquid-looking text, Markdown
edge cases) leave every public page answering 200 with HTML that parses without an error and
feeds and sitemaps that are XML."""

import re
import unicodedata
import xml.dom.minidom
from datetime import timedelta
from urllib.parse import urlsplit

import html5lib
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from blog import links
from blog.models import Post
from blog.writing.posts import save_post
from blog.writing.tags import set_tags

from ..conftest import _clear_caches

pytestmark = pytest.mark.django_db

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    ["\x7f", "\x85", "\x9f", "\u200b", "\u200f", "\u202e", "\ufeff", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe"]
)
PIECES = st.sampled_from(
    [
        "مرحبا بالعالم",
        "שלום",
        "\u202eevil\u202c",
        "中文标点，。",
        "😀",
        "👨‍👩‍👧",
        "🏳️‍🌈",
        "{{ page.title }}",
        "{% if x %}",
        "{% endif %}",
        "{{",
        "}}",
        "{%",
        "%}",
        "{% raw %}",
        "{% include x.html %}",
        "{{ 'x' | markdownify }}",
        "{% for p in site.posts %}{{ p.url }}",
        "# ",
        "\n\n",
        "* ",
        "1. ",
        "> ",
        "```\n",
        "`",
        "**",
        "_",
        "[a](",
        ")",
        "![b](/x.png)",
        "<div>",
        "</div>",
        "<script>alert(1)</script>",
        "| a | b |\n|---|---|\n| 1 |",
        "[^1]",
        "\n\n[^1]: note",
        "\n---\n",
        "\\",
        "&amp;",
        "&#0;",
        "&#x1;",
        "&#xFFFE;",
        "&#xD800;",
        "<!--",
        "-->",
        "$$x$$",
        "\t",
        "\n    code",
        "]]>",
        "<![CDATA[",
        "\r\n",
        "\r",
    ]  # fmt: skip
)
LONG_WORD = st.integers(1000, 10000).map(lambda n: "ж" * n)
SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
TEXT = st.lists(CONTROL | PIECES | LONG_WORD | SURROGATE | st.text(max_size=20), max_size=10).map("".join)
LINE = st.lists(CONTROL | PIECES | SURROGATE | st.text(max_size=10), max_size=6).map("".join)


def _short(text, length, default):
    return text[:length] if text[:length].strip() else default


def _parse_html(url, content):
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(content)
    assert not parser.errors, (url, parser.errors[:5])
    text = content.decode("utf-8")
    bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r"]
    assert not bad, (url, bad[:5])


def _parse_xml(url, content):
    xml.dom.minidom.parseString(content)  # expat: raises on anything that is not XML 1.0


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    kind = response["Content-Type"].split(";")[0]
    (_parse_xml if "xml" in kind else _parse_html)(url, response.content)
    return response


def _sitemap_sections(index):
    return [urlsplit(loc.decode()).path for loc in re.findall(rb"<loc>([^<]+)</loc>", index.content)]


def every_page(client, post):
    """Every public page the post shows on (and the feeds and sitemaps)."""
    day = post.publish_date
    urls = [
        post.get_absolute_url(),
        links.reverse("blog:home"),
        links.reverse("blog:tags"),
        links.reverse("blog:archive"),
        links.reverse("blog:archive_year", year=day.year),
        links.reverse("blog:archive_month", year=day.year, month=day.month),
        links.reverse("blog:archive_day", year=day.year, month=day.month, day=day.day),
        post.author.get_absolute_url(),
        links.reverse("blog:feed"),
        links.reverse("blog:atom_feed"),
    ]
    for tag in post.tags.all():
        urls += [links.tag_url(tag.slug), links.reverse("blog:tag_feed", slug=tag.slug)]
    for url in urls:
        fetch(client, url)
    for query in {post.title[:30], post.body[:30], "\x01\u202e😀{{", "ж" * 50}:
        fetch(client, links.reverse("blog:search") + "?" + _query(query))
    index = fetch(client, links.reverse("blog:sitemap"))
    for section in _sitemap_sections(index):
        fetch(client, section)


def _query(text):
    from urllib.parse import urlencode

    return urlencode({"q": text.encode("utf-8", "replace").decode("utf-8", "replace")})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    title=LINE,
    subtitle=LINE,
    body=TEXT,
    summary=LINE,
    tags=st.lists(LINE, max_size=3),
)
def test_any_text_in_a_post_leaves_every_page_whole(client, author, title, subtitle, body, summary, tags):
    _clear_caches()
    Post.objects.all().delete()
    Tag.objects.all().delete()
    post = save_post(
        Post(
            title=_short(title, 200, "Title"),
            subtitle=subtitle[:300],
            body=body,
            summary=summary,
            author=author,
            status=Post.Status.PUBLISHED,
            publish=timezone.now() - timedelta(hours=1),
        )
    )
    set_tags(post, [name[:100] for name in tags if name[:100].strip()])
    post.refresh_from_db()
    every_page(client, post)


def test_a_control_character_in_a_body_no_longer_breaks_its_tag_feeds(client, make_post):
    post = make_post(title="Bell \x07", body="Ding\x07 dong\x1b[0m \x0c page", tags=["sound"])
    for url in (links.reverse("blog:tag_feed", slug="sound"), links.reverse("blog:feed")):
        response = fetch(client, url)
        assert b"Ding dong[0m  page" in response.content and b"Bell " in response.content
    assert "\x07" in Post.objects.get(pk=post.pk).body  # the text stored is the text written
    assert "\x07" not in Post.objects.get(pk=post.pk).body_html


def test_the_output_filter_catches_what_rendering_did_not_make(client, make_post):
    make_post(title="Title with a \x01 in it", tags=["t\x02g"])
    for url in ("/", "/tags/", links.reverse("blog:search") + "?q=%01x"):
        assert b"\x01" not in fetch(client, url).content


def test_what_no_database_can_store_is_dropped_at_save(client, make_post):
    # NUL: PostgreSQL cannot store it; a lone surrogate: no database can (nor UTF-8 encode it).
    post = make_post(title="Nul\x00 and \ud800 lone", body="a\x00b\udfffc", summary="s\x00")
    set_tags(post, ["t\x00g"])
    post.refresh_from_db()
    assert (post.title, post.body, post.summary) == ("Nul and  lone", "abc", "s")
    assert list(post.tags.names()) == ["tg"]
    fetch(client, post.get_absolute_url())
