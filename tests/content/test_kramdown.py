"""blog.content.kramdown: each construct as kramdown (GFM, Jekyll 4's defaults) reads it.

These check our output on its own; test_kramdown_jekyll.py compares it with
the real jekyll build.
"""

import pytest

from blog.content.markdown import render


def html(text, options=None):
    return render(text, options).html


def test_a_list_right_under_a_paragraph_line():
    assert html("步骤：\n1. 一\n2. 二") == "<p>步骤：</p>\n<ol>\n<li>一</li>\n<li>二</li>\n</ol>"


def test_two_space_indents_nest():
    out = html("- a\n  - b\n  - c\n- d")
    assert out.count("<ul>") == 2 and "<li>a<ul>" in out.replace("\n", "")


def test_a_fence_inside_an_item_keeps_the_list():
    out = html("1. one\n\n   ```python\n   x = 1\n   ```\n\n2. two")
    assert out.count("<ol>") == 1 and out.count("<li>") == 2 and 'class="language-python highlight"' in out


def test_paragraphs_in_items_as_kramdown_decides_per_item():
    assert html("- a\n- b\n\n- c").replace("\n", "") == "<ul><li>a</li><li><p>b</p></li><li>c</li></ul>"


def test_blockquotes_apart_stay_apart():
    assert html("> one\n\n> two").count("<blockquote>") == 2


def test_soft_line_breaks_by_default_hard_when_asked(settings):
    assert html("a\nb") == "<p>a\nb</p>"
    assert html("a\nb", {"hard_wrap": True}) == "<p>a<br>\nb</p>"
    settings.BLOG = {**settings.BLOG, "MARKDOWN": {"hard_wrap": True}}
    assert html("a\nb") == "<p>a<br>\nb</p>"
    assert html("a\nb", {"hard_wrap": False}) == "<p>a\nb</p>"  # a post's own option wins


@pytest.mark.parametrize(
    "source, expected",
    [
        ('"quoted" -- dash --- em...', "“quoted” – dash — em…"),
        ("it's the '90s", "it’s the ’90s"),
        ('中文"引号"中文', "中文”引号”中文"),  # kramdown's rule: after a letter, a closing quote
        ('中文 "引号" 中文', "中文 “引号” 中文"),
        ("<<angle>>", "«angle»"),
        ('`"code" -- stays`', '<code>"code" -- stays</code>'),
    ],
)
def test_smart_quotes_and_symbols(source, expected):
    assert html(source) == f"<p>{expected}</p>"


@pytest.mark.parametrize(
    "heading, expected_id",
    [
        ("FreeBSD & Apple", "freebsd--apple"),
        ("思考 & 极致", "思考--极致"),
        ("以小搏大，建立生态壁垒", "以小搏大建立生态壁垒"),
        ("`code` here", "code-here"),
        ('"Quoted" -- dash', "quoted--dash"),
        ("Explicit {#mine}", "mine"),
    ],
)
def test_heading_ids_are_kramdowns(heading, expected_id):
    assert f'id="{expected_id}"' in html(f"## {heading}")


def test_repeated_heading_ids_count_up():
    out = html("## A\n\n## A\n\n## A")
    assert ['id="a"' in out, 'id="a-1"' in out, 'id="a-2"' in out] == [True] * 3


def test_no_auto_ids_keeps_explicit_ones():
    out = html("## Explicit {#mine}", {"auto_ids": False})
    assert 'id="mine"' in out


def test_atx_headings_need_a_space():
    assert html("#标签") == "<p>#标签</p>"


def test_a_short_separator_row_still_makes_a_table():
    out = html("| a | b | c |\n|--|\n| 1 | 2 | 3 |")
    assert out.count("<th>") == 3 and out.count("<td>") == 3


def test_table_without_outer_pipes_and_alignment():
    out = html("a | b\n:-- | --:\n1 | 2")
    assert '<th style="text-align:left">a</th>' in out and '<td style="text-align:right">2</td>' in out


def test_a_fence_info_string_like_f_tapl_does_not_derail_the_post():
    out = html("```f(TAPL)\ncode\n```\n\n## After\n\ntext")
    assert "<h2" in out and "<p>text</p>" in out and "```" not in out


def test_block_ials_give_classes_and_ids_only():
    out = html('para\n{: .lead #intro onclick="x()" style="color:red"}')
    assert out == '<p class="lead" id="intro">para</p>'


def test_span_ial():
    assert html("a *b*{: .hl} c") == '<p>a <em class="hl">b</em> c</p>'


def test_ial_above_a_block_applies_to_it():
    assert html("{: .note}\ntext") == '<p class="note">text</p>'


def test_toc_replaces_the_marked_list_and_skips_no_toc():
    out = html("* TOC\n{:toc}\n\n## A\n\n### B\n{: .no_toc}\n\n## C")
    toc = out[: out.index("</ul>")]
    assert toc.startswith('<ul id="markdown-toc">') and 'href="#a"' in toc and 'href="#c"' in out
    assert 'href="#b"' not in toc and "TOC" not in out


def test_extensions_comment_nomarkdown_options():
    out = html(
        '{::options auto_ids="false" /}\n\n{::comment}\nhidden\n{:/comment}\n\n'
        "{::nomarkdown}\n<b>*raw*</b>\n{:/nomarkdown}\n\nx {::comment}y{:/comment} z"
    )
    assert "hidden" not in out and "<b>*raw*</b>" in out and "options" not in out and ">x  z<" in out


def test_markdown_1_html_blocks():
    assert "<strong>b</strong>" in html('<div markdown="1">\n**b**\n</div>')
    assert "**b**" in html("<div>\n**b**\n</div>")


def test_abbreviations_definition_lists_footnotes_strikethrough_tasks():
    out = html("HTML\n\n*[HTML]: Hyper Text\n\nTerm\n: Def\n\nA[^1]\n\n[^1]: note\n\n~~del~~\n\n- [x] done\n- [ ] todo")
    assert '<abbr title="Hyper Text">HTML</abbr>' in out
    assert "<dt>Term</dt>" in out and "<dd>Def</dd>" in out
    assert 'id="fn:1"' in out and "<hr" not in out  # kramdown's footnotes have no rule above them
    assert "<del>del</del>" in out
    assert (
        out.count('class="task-box') == 2 and out.count("☑") == 1 and 'class="task-list"' in out and "<input" not in out
    )


def test_setext_headings_and_tilde_fences():
    out = html("Title\n=====\n\n~~~ruby\nputs 1\n~~~")
    assert '<h1 id="title">' in out and 'class="language-ruby highlight"' in out


def test_bare_urls_stay_text_as_on_jekyll():
    assert html("see https://example.com") == "<p>see https://example.com</p>"


def test_html_inside_a_fence_stays_code():
    out = html('```html\n<div class="x">\n</div>\n```')
    assert '<span class="nt">div</span>' in out and '<div class="x">' not in out


def test_an_escaped_parenthesis_in_a_link_address():
    out = html(r"[Darwin](https://en.wikipedia.org/wiki/Darwin_(operating_system\)) and (more)")
    assert 'href="https://en.wikipedia.org/wiki/Darwin_(operating_system)"' in out and "(more)" in out


def test_backslash_line_break():
    assert "<br>" in html("a\\\\\nb")
