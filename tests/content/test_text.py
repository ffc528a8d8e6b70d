"""Chinese-aware word counts, reading time and summaries."""

from django.utils.html import strip_tags

from blog.content import html as content_html
from blog.content import markdown, text


def test_chinese_characters_count_as_words():
    assert text.word_count("开源不等于不赚钱。") == 8
    assert text.word_count("DeepSeek 开源的 FlashMLA 库") == 2 + 3 + 1


def test_english_words():
    assert text.word_count("The quick brown fox, isn't it?") == 6


def test_reading_time_uses_cjk_speed():
    assert text.reading_minutes("字" * 400) == 1
    assert text.reading_minutes("字" * 1201) == 4
    assert text.reading_minutes("word " * 400) == 2
    assert text.reading_minutes("") == 0


def test_summary_never_cuts_a_sentence():
    body = "第一句话很短。第二句话也不长！" + "第三句话非常非常长" * 30 + "。最后。"
    summary = text.summarize(body, length=40)
    assert summary == "第一句话很短。第二句话也不长！"


def test_summary_keeps_a_long_first_sentence_whole():
    body = "这是一个非常长的句子" * 30 + "。后面。"
    assert text.summarize(body, length=40) == "这是一个非常长的句子" * 30 + "。"


def test_summary_english_spacing():
    assert text.summarize("One. Two. Three.", length=9) == "One. Two."


def test_html_to_text_drops_anchors_and_footnotes():
    html = '<h2 id="x">标题<a class="heading-anchor" href="#x">#</a></h2><p>正文<sup><a class="footnote-ref" href="#fn:1">1</a></sup></p><div class="footnote"><ol><li>注释</li></ol></div>'
    assert content_html.html_to_text(html) == "标题\n正文"


def test_html_to_text_can_leave_headings_out():
    assert content_html.html_to_text("<h2>标题</h2><p>正文。</p>", headings=False) == "正文。"


def test_html_to_text_reads_rendered_html_as_an_html_parser_does():
    """Tags are stripped with a regex: right because sanitize() leaves "<" and ">" only in tags."""
    source = (
        'Text with <img alt="a > b" src="/x.png"> & [a link](https://e.com/?q=<x>) `<code>`\n\n'
        '```html\n<div title="t">hi</div>\n```\n\n| a<b | c |\n| --- | --- |\n| 1 > 0 | "q" |\n\nNote[^1].\n\n[^1]: <b>bold</b>'
    )
    html = markdown.render_html(source)
    assert (
        content_html.html_to_text(html)
        == 'Text with  & a link <code>\n<div title="t">hi</div>\na<b\nc\n1 > 0\n“q”\nNote.'
    )
    assert content_html.TAG.sub("", html) == strip_tags(html)


def test_search_text_is_casefolded_one_field_per_line():
    assert text.search_text("Straße", "", "ÄBC\n开源") == "strasse\n\näbc\n开源"
