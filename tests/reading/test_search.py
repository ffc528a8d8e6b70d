"""/search/?q=…: substrings in title, subtitle, body and tags; highlighted;
odd input gets a clear answer, never a 500."""

import pytest
from django.utils import timezone

from blog.models import Post
from blog.reading import search

from ..helpers import get


def results(html):
    if '<ol class="search-results">' not in html:
        return ""
    return html[html.index('<ol class="search-results">') : html.index("</ol>")]


def test_chinese_substring_finds_the_seed_post(client, seed):
    html = get(client, "/search/", data={"q": "开源"})
    found = results(html)
    assert seed.title in found.replace("<mark>开源</mark>", "开源")
    assert "<mark>开源</mark>" in found  # highlighted in the title and the snippet
    assert "找到 1 篇与“开源”相关的文章。" in html
    assert 'name="robots" content="noindex, follow"' in html


@pytest.mark.parametrize(
    "field,value,query",
    [
        ("title", "Rust 与 WebAssembly", "webassembly"),
        ("subtitle", "一个关于编译器的故事", "编译器"),
        ("body", "正文里藏着一个词：向量数据库。", "向量数据库"),
    ],
)
def test_matches_title_subtitle_and_body(client, make_post, field, value, query):
    post = make_post(**{field: value})
    make_post(title="Unrelated", body="nothing")
    found = results(get(client, "/search/", data={"q": query}))
    assert post.get_absolute_url() in found and "Unrelated" not in found


def test_matches_tag_names(client, make_post):
    post = make_post(title="Tagged", tags=["机器学习"])
    make_post(title="Untagged")
    found = results(get(client, "/search/", data={"q": "学习"}))
    assert post.get_absolute_url() in found and "Untagged" not in found


def test_every_word_must_match(client, make_post):
    both = make_post(title="Deepseek 开源")
    make_post(title="Deepseek only")
    make_post(title="开源 only")
    found = results(get(client, "/search/", data={"q": "deepseek  开源"}))
    assert both.get_absolute_url() in found and found.count("<li") == 1
    assert "<mark>Deepseek</mark> <mark>开源</mark>" in found


def test_drafts_and_future_posts_are_never_found(client, make_post):
    make_post(title="Secret draft 秘密", status=Post.Status.DRAFT)
    make_post(title="Secret future 秘密", publish=timezone.now() + timezone.timedelta(days=1))
    html = get(client, "/search/", data={"q": "秘密"})
    assert "Secret" not in html and "找到 0 篇" in html


def test_highlight_escapes_before_marking(client, make_post):
    make_post(title='<script>alert("x")</script> 标题', body="a <b>bold</b> claim")
    html = get(client, "/search/", data={"q": "<script>"})
    assert "<script>alert" not in html
    assert "<mark>&lt;script&gt;</mark>alert(&quot;x&quot;)" in html
    assert search.highlight("AT&T and at&t", ["at&t"]) == "<mark>AT&amp;T</mark> and <mark>at&amp;t</mark>"
    assert search.highlight("1 < 2", ["amp"]) == "1 &lt; 2"  # never matches inside an entity


def test_snippet_is_the_text_around_the_first_match(make_post):
    body = "开头。" + "无关的填充文字。" * 30 + "这里提到了关键词向量数据库，然后继续。" + "更多文字。" * 30
    post = make_post(body=body)
    snippet = search.snippet(post, ["向量数据库"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>向量数据库</mark>" in snippet and len(snippet) < 220
    assert "开头" not in snippet


def test_snippet_falls_back_to_the_excerpt_when_only_the_title_matches(make_post):
    post = make_post(title="独特标题", body="正文第一句。正文第二句。")
    assert search.snippet(post, ["独特"]) == "正文第一句。正文第二句。"


@pytest.mark.parametrize("query", [None, "", "   ", "\t\n", "\x00", "\u200b"])
def test_empty_query_gets_a_prompt_and_no_result_list(client, seed, query):
    html = get(client, "/search/", data={} if query is None else {"q": query})
    assert "输入一个词或一句话" in html
    assert 'class="search-results"' not in html and "找到" not in html


def test_bracketed_parameter_is_treated_as_no_query(client, seed):
    html = get(client, "/search/?q[]=开源")
    assert "输入一个词或一句话" in html


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "\\",
        "%%",
        "100%",
        "a_b",
        "'",
        '"',
        "\"'; DROP TABLE blog_post; --",
        "😀",
        "👨‍👩‍👧",
        "开源\x00",
        "\x00开源",
        "<>&",
    ],
)
def test_odd_queries_get_an_answer_never_a_500(client, seed, query):
    html = get(client, "/search/", data={"q": query})
    assert "search-summary" in html or "输入一个词或一句话" in html


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%00", "%C0%AF", "%E5%BC%80%"])
def test_undecodable_bytes_get_an_answer(client, seed, raw):
    get(client, f"/search/?q={raw}")


def test_like_wildcards_are_literal(client, make_post):
    make_post(title="Growth of 100% this year")
    make_post(title="Growth of 1000 this year")
    make_post(title="snake_case names")
    make_post(title="snakeXcase names")
    assert results(get(client, "/search/", data={"q": "100%"})).count("<li") == 1
    assert results(get(client, "/search/", data={"q": "snake_case"})).count("<li") == 1
    assert results(get(client, "/search/", data={"q": "%"})).count("<li") == 1


def test_nul_bytes_are_dropped(client, make_post):
    post = make_post(title="开源的力量")
    assert post.get_absolute_url() in results(get(client, "/search/", data={"q": "开\x00源"}))  # two words now
    found = results(get(client, "/search/", data={"q": "\x00开源\x00"}))
    assert post.get_absolute_url() in found


def test_emoji_query_matches(client, make_post):
    post = make_post(title="火箭 🚀 发射")
    assert post.get_absolute_url() in results(get(client, "/search/", data={"q": "🚀"}))


def test_very_long_query_is_cut_and_says_so(client, seed):
    html = get(client, "/search/", data={"q": "开源" * 300})
    assert "搜索词太长，只使用了前 100 个字符。" in html
    query = search.parse("开源" * 300)
    assert len(query.text) == 100 and query.truncated


def test_too_many_words_are_cut_and_says_so(client, seed):
    html = get(client, "/search/", data={"q": " ".join(f"w{i}" for i in range(20))})
    assert "只使用了搜索词中的前 8 个词。" in html


def test_results_are_paginated_and_keep_the_query(client, make_post):
    now = timezone.now()
    for i in range(23):
        make_post(title=f"开源 {i:02d}", publish=now - timezone.timedelta(hours=i + 1))
    first = get(client, "/search/", data={"q": "开源"})
    assert results(first).count("<li") == 10
    assert 'href="?q=%E5%BC%80%E6%BA%90&amp;page=2"' in first
    third = get(client, "/search/", data={"q": "开源", "page": "3"})
    assert results(third).count("<li") == 3
    assert 'href="?q=%E5%BC%80%E6%BA%90&amp;page=2"' in third
    get(client, "/search/", data={"q": "开源", "page": "4"}, status=404)
    get(client, "/search/", data={"q": "开源", "page": "x"}, status=404)


def test_query_is_kept_in_the_box_escaped(client, seed):
    html = get(client, "/search/", data={"q": '"><script>x</script>'})
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_any_letters_match_whatever_their_case(client, make_post):
    post = make_post(title="Ärger im BÜRO", body="Die Straße ist ΣΟΦΙΑ.")
    for query in ("ärger", "büro", "ÄRGER", "strasse", "σοφια"):
        assert post.get_absolute_url() in results(get(client, "/search/", data={"q": query})), query


def test_a_term_never_matches_across_two_fields_or_paragraphs(client, make_post):
    make_post(title="ab", subtitle="cd", body="ef\n\ngh")
    for query in ("bc", "de", "fg"):
        assert results(get(client, "/search/", data={"q": query})) == "", query


def test_tags_match_whatever_their_case(client, make_post):
    post = make_post(title="Tagged", tags=["DeepSeek"])
    assert post.get_absolute_url() in results(get(client, "/search/", data={"q": "deepSEEK"}))


def test_the_number_of_results_is_counted_once_per_query_and_version(
    client, make_post, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False
    make_post(title="开源 one")
    client.get("/search/", {"q": "开源"})  # counts
    with django_assert_num_queries(2):  # the page of results and its tags, not the count again
        assert "找到 1 篇" in get(client, "/search/", data={"q": "开源"})
    make_post(title="开源 two")
    assert "找到 2 篇" in get(client, "/search/", data={"q": "开源"})
