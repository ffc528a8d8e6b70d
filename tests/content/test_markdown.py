"""blog/content/markdown.py: features, stable ids, and sanitizing whatever is typed."""

import pytest

from blog.content.liquid import to_markdown as liquid_to_markdown
from blog.content.markdown import render, sanitize


def html(text):
    return render(text).html


def test_headings_strong_quotes_and_emoji():
    out = html("## 标题\n\n**重点**\n\n>引用一\n>引用二\n\n✅ 一\n✅ 二")
    assert '<h2 id="标题">' in out
    assert "<strong>重点</strong>" in out
    # Soft line breaks, as Jekyll's kramdown (hard_wrap: false) writes them.
    assert "<blockquote>\n<p>引用一\n引用二</p>\n</blockquote>" in out
    assert "<p>✅ 一\n✅ 二</p>" in out


def test_tables():
    out = html("| a | b |\n|---|--:|\n| 1 | 2 |")
    assert "<table>" in out and "<th>a</th>" in out
    assert 'style="text-align:right"' in out
    assert '<div class="table-wrap"><table>' in out


def test_fenced_code_is_highlighted_with_classes_not_styles():
    out = html("```python\ndef f():\n    return 1\n```")
    assert 'class="language-python highlight"' in out
    assert '<span class="k">def</span>' in out
    assert "style=" not in out


def test_footnotes():
    out = html("text[^1]\n\n[^1]: the note")
    assert 'class="footnote-ref"' in out and "the note" in out


def test_toc_ids_stable_and_chinese():
    rendered = render("## 以小搏大，建立生态壁垒\n\n### Sub Head\n\n## 以小搏大，建立生态壁垒")
    assert 'id="以小搏大建立生态壁垒"' in rendered.html
    assert 'id="以小搏大建立生态壁垒-1"' in rendered.html  # kramdown's GFM ids: "-1" for the second
    assert 'id="sub-head"' in rendered.html
    assert 'href="#以小搏大建立生态壁垒"' in rendered.toc_html
    assert render("## 以小搏大，建立生态壁垒").toc_html == render("## 以小搏大，建立生态壁垒").toc_html


def test_no_headings_no_toc():
    assert render("just a paragraph").toc_html == ""


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<div onclick="alert(1)">x</div>',
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<object data="x.swf"></object>',
        '<form action="https://evil.example"><input name=p></form>',
        "![x](javascript:alert(1))",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_sanitizes_whatever_the_author_typed(evil):
    out = html(evil).lower()
    assert "<script" not in out
    assert "javascript:" not in out
    assert "onerror" not in out and "onclick" not in out and "onload" not in out
    assert "<iframe" not in out and "<object" not in out and "<form" not in out
    assert "<style" not in out and "data:text/html" not in out
    assert "background" not in out


def test_external_links_get_noopener_internal_do_not(settings):
    settings.ALLOWED_HOSTS = ["blog.example.com"]
    out = html(
        "[a](https://other.example/x) [b](/2025/06/19/105626/) [c](https://blog.example.com/p) "
        '<a href="https://raw.example">d</a>'
    )
    assert '<a href="https://other.example/x" rel="noopener">a</a>' in out
    assert '<a href="/2025/06/19/105626/">b</a>' in out
    assert '<a href="https://blog.example.com/p">c</a>' in out
    assert '<a href="https://raw.example" rel="noopener">d</a>' in out


def test_author_rel_is_not_trusted():
    assert 'rel="opener"' not in html('<a href="https://x.example" rel="opener">x</a>')


def test_images_lazy_load():
    out = html("![一张图](/media/a.png)")
    assert 'loading="lazy"' in out and 'alt="一张图"' in out


def test_html_entities_survive_the_rewrite():
    out = html("a &lt;b&gt; & c `<tag>`")
    assert "&lt;b&gt;" in out and "&amp; c" in out and "<code>&lt;tag&gt;</code>" in out


def test_sanitize_plain_function_is_idempotent():
    once = sanitize(html("## x\n\n[a](https://e.example)"))
    assert sanitize(once) == once


def test_liquid_highlight_and_raw_blocks():
    text = "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n{% raw %}{{ keep }}{% endraw %} ![a]({{ site.baseurl }}/img/a.png)"
    converted = liquid_to_markdown(text)
    assert "```ruby\nputs 1\n```" in converted
    assert "{{ keep }}" in converted and "{% raw %}" not in converted
    assert "](/img/a.png)" in converted
    assert 'class="language-ruby highlight"' in html(text)


def test_empty_body():
    assert render("").html == ""


@pytest.mark.parametrize(
    "liquid",
    [
        "{% post_url 2010-07-21-my-post %}",
        "{%post_url 2010-07-21-my-post%}",
        "{% post_url /notes/2010-07-21-my-post %}",
        "{% link _posts/2010-07-21-my-post.md %}",
        "{% link _posts/notes/2010-07-21-my-post.markdown %}",
    ],
)
def test_liquid_post_links_become_date_and_name_addresses(liquid):
    assert liquid_to_markdown(f"[prev]({liquid})") == "[prev](/2010/07/21/my-post/)"


def test_post_url_links_reach_the_post_through_its_old_address(client, make_post):
    from blog.models import LegacyURL

    from ..helpers import local

    target = make_post(slug="105626", publish=local(2010, 7, 21, 9, 0))
    LegacyURL.objects.create(path="/2010/07/21/my-post/", post=target)
    linking = make_post(body="[before]({% post_url 2010-07-21-my-post %})")
    assert 'href="/2010/07/21/my-post/"' in linking.body_html
    response = client.get("/2010/07/21/my-post/")
    assert response.status_code == 301 and response["Location"] == target.get_absolute_url()
