"""Property tests: whatever is typed, rendering answers, and only allowed HTML comes out."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.content.markdown import render

from .test_kramdown_security import assert_allowed, assert_harmless

# Markdown's and kramdown's syntax characters, a few words and CJK, lines and indents.
PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "  ",
        "    ",
        "\t",
        "-",
        "*",
        "+",
        "1.",
        "#",
        "## ",
        ">",
        "> ",
        "|",
        "---",
        ":",
        "`",
        "```",
        "~~~",
        "$$",
        "\\",
        "{:",
        "}",
        "{::",
        "{:/}",
        "{: .x}",
        "{:toc}",
        "[",
        "]",
        "(",
        ")",
        "[^1]",
        "<",
        ">",
        "</",
        "div",
        "iframe",
        "math",
        "script",
        "=",
        '"',
        "'",
        "_",
        "~~",
        "^",
        "!",
        "&",
        "a",
        "word",
        "中文",
        "，",
        "✅",
        'markdown="1"',
        "onclick=",
        "javascript:",
        "\\frac{1}{2}",
        "\\begin{matrix}",
        "\\end{matrix}",
        "&amp;",
    ]
)
MARKDOWNISH = st.lists(PIECES, max_size=60).map("".join)
FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(MARKDOWNISH)
def test_markdown_like_text_renders_to_allowed_html(text):
    rendered = render(text)
    assert_allowed(rendered.html)
    assert_harmless(rendered.html)
    assert_allowed(rendered.toc_html)


@FEW
@given(st.text(max_size=300))
def test_any_text_renders(text):
    assert_allowed(render(text).html)


@FEW
@given(MARKDOWNISH, st.booleans(), st.booleans())
def test_any_options_render(text, hard_wrap, auto_ids):
    assert_allowed(render(text, {"hard_wrap": hard_wrap, "auto_ids": auto_ids, "auto_id_prefix": "p-"}).html)
