"""The Markdown subset of comments: what it renders, what it never does (headings, images, raw
HTML), and, for any text at all, nothing outside its allowlist."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog.content import comments as markup


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, dict(attrs)))


def tags(html):
    parser = Tags()
    parser.feed(html)
    return parser.seen


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "*斜体* **加粗** ~~删除~~ `代码`",
            "<p><em>斜体</em> <strong>加粗</strong> <del>删除</del> <code>代码</code></p>",
        ),
        ("第一行\n第二行", "<p>第一行<br>\n第二行</p>"),
        ("> 引用", "<blockquote>\n<p>引用</p>\n</blockquote>"),
        ("- 一\n- 二", "<ul>\n<li>一</li>\n<li>二</li>\n</ul>"),
        ("```\n<b>code</b>\n```", "<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>"),
        ("    缩进的代码", "<pre><code>缩进的代码\n</code></pre>"),
        (
            "见 https://example.com/路径",
            '<p>见 <a href="https://example.com/路径" rel="nofollow ugc noopener">https://example.com/路径</a></p>',
        ),
        ("[链接](http://a.example)", '<p><a href="http://a.example" rel="nofollow ugc noopener">链接</a></p>'),
    ],
)
def test_what_comments_may_use(text, html):
    assert markup.render(text) == html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("# 标题", "<p># 标题</p>"),
        ("标题\n===", "<p>标题<br>\n===</p>"),
        ("![图](http://a.example/x.png)", "![图]("),
        ("<b>粗</b><script>x()</script>", "&lt;b&gt;粗&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;"),
        ("<div>\n块\n</div>", "&lt;div&gt;"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<p>| a | b |"),
        ("[x](javascript:alert(1))", "<a rel="),
    ],
)
def test_what_comments_never_get(text, shown):
    html = markup.render(text)
    assert shown in html
    assert not {tag for tag, _attrs in tags(html)} & {"h1", "h2", "img", "script", "div", "table", "b"}


def test_clean_text_drops_control_and_direction_characters():
    assert markup.clean_text("\r\n\n  \t\n  代码\x00\x07\u202e\u200b 中文\r\n\r\n") == "  代码 中文"


def test_links_are_counted_from_the_rendered_html():
    assert markup.link_count(markup.render("https://a.example [b](http://b.example) www.c.example")) == 3
    assert markup.link_count(markup.render("no links, a.b")) == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_renders_within_the_allowlist(text):
    html = markup.render(text)
    for tag, attrs in tags(html):
        assert tag in markup.ALLOWED_TAGS
        allowed = markup.ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, (tag, attrs)
        if tag == "a" and "href" in attrs:
            assert (
                attrs["href"].startswith(("http://", "https://", "mailto:")) or ":" not in attrs["href"].split("/")[0]
            )
            assert attrs["rel"] == "nofollow ugc noopener"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["<", ">", "&", "[", "]", "(", ")", "!", "*", "`", "#", "\n", "javascript:", "<script>", " ", "a"]
        ),
        max_size=60,
    ).map("".join)
)
def test_markup_soup_never_makes_a_script_or_handler(text):
    html = markup.render(text)
    assert "<script" not in html and " on" not in "".join(f" {name}" for _t, a in tags(html) for name in a)
