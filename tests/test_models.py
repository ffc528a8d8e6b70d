"""Post model: the published gate, slugs, derived fields."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from blog.models import Post, SearchText

from .conftest import local


def test_published_gate(make_post):
    with time_machine.travel(local(2025, 6, 19, 12, 0), tick=False):
        live = make_post(title="live", publish=local(2025, 6, 19, 11, 59))
        make_post(title="draft", status=Post.Status.DRAFT, publish=local(2025, 6, 19, 11, 0))
        make_post(title="future", publish=local(2025, 6, 19, 12, 1))
        hidden = make_post(title="hidden", hidden=True, publish=local(2025, 6, 19, 10, 0))
        assert set(Post.objects.published()) == {live, hidden}
        assert list(Post.objects.listed()) == [live]


def test_publish_exactly_now_is_published(make_post):
    moment = local(2025, 6, 19, 12, 0)
    with time_machine.travel(moment, tick=False):
        post = make_post(publish=moment)
        assert post in Post.objects.published()
        assert post.is_published and not post.is_scheduled


def test_slug_from_latin_title(make_post):
    assert make_post(title="Why open source wins", slug="").slug == "why-open-source-wins"


def test_slug_from_publish_time_when_title_is_chinese(make_post):
    post = make_post(title="为什么要开源", slug="", publish=local(2025, 6, 19, 10, 56, 26))
    assert post.slug == "105626"
    assert post.get_absolute_url() == "/2025/06/19/105626/"


def test_slug_unique_for_the_local_day(make_post, author):
    make_post(slug="same", publish=local(2025, 6, 19, 0, 10))
    clash = Post(title="x", slug="same", author=author, publish=local(2025, 6, 19, 23, 50))
    with pytest.raises(ValidationError) as err:
        clash.full_clean()
    assert "slug" in err.value.message_dict
    other_day = Post(title="x", slug="same", author=author, publish=local(2025, 6, 20, 0, 0))
    other_day.full_clean()


def test_body_rendered_once_on_save(make_post):
    post = make_post(body="## 小节\n\n正文**加粗**。")
    assert '<h2 id="小节">' in post.body_html
    assert "小节" in post.toc_html
    assert post.word_count == 2 + 4
    assert post.reading_time == 1
    assert post.excerpt == "正文加粗。"


def test_summary_overrides_excerpt(make_post):
    post = make_post(body="正文第一句。", summary="手写摘要")
    assert post.excerpt == "手写摘要"


def test_body_stored_verbatim(make_post):
    body = "  >引用\r\n\r\n<script>x</script>\n\t末尾  \n"
    post = make_post(body=body)
    post.refresh_from_db()
    assert post.body == body
    assert "<script" not in post.body_html


def test_header_src_resolution(make_post):
    assert make_post(header_image_url="img/post-bg-2015.jpg").header_src.endswith("img/post-bg-2015.jpg")
    assert make_post(header_image_url="https://cdn.example/x.jpg").header_src == "https://cdn.example/x.jpg"
    assert make_post(header_image_url="img/not-there.jpg").header_src.endswith("/img/not-there.jpg")


def test_tags_keep_unicode_slugs(make_post):
    post = make_post(tags=["人工智能", "AI"])
    assert {t.slug for t in post.tags.all()} == {"人工智能", "ai"}


def test_with_tags_reads_the_tags_of_a_whole_list_in_one_query(make_post, django_assert_num_queries):
    first = make_post(tags=["zeta", "阿尔法", "Beta"])
    untagged = make_post()
    other = make_post(tags=["Beta"])
    with django_assert_num_queries(2):  # the posts, then every post's tags
        posts = {post.pk: post for post in Post.objects.with_tags()}
        tags = {pk: [(tag.name, tag.url) for tag in post.tag_list] for pk, post in posts.items()}
    # In the order they were added, as post.tags.all() has them, each with its page's URL.
    assert [name for name, _url in tags[first.pk]] == ["zeta", "阿尔法", "Beta"]
    assert tags[first.pk] == [(tag.name, reverse("blog:tag", args=[tag.slug])) for tag in first.tags.all()]
    assert tags[untagged.pk] == [] and tags[other.pk] == [("Beta", "/tags/beta/")]
    # Whatever evaluates the queryset: a slice, first(), get().
    with django_assert_num_queries(2):
        assert [t.name for t in Post.objects.with_tags().filter(pk=first.pk).first().tag_list][0] == "zeta"
    assert Post.objects.with_tags().count() == 3


def test_tag_list_without_with_tags_queries_and_has_urls(make_post):
    post = Post.objects.get(pk=make_post(tags=["人工智能"]).pk)
    assert [(t.name, t.url) for t in post.tag_list] == [("人工智能", "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/")]


def test_save_writes_the_search_text(make_post):
    post = make_post(title="Straße TO 开源", subtitle="Ünïcode", body="Body *text*.\n\nNote[^1].\n\n[^1]: A Footnote.")
    assert SearchText.objects.get(post=post).text == "strasse to 开源\nünïcode\nbody text.\nnote.\na footnote."
    post.title = "New"
    post.save(update_fields=["title"])
    assert SearchText.objects.get(post=post).text.startswith("new\n")
    post.delete()
    assert not SearchText.objects.exists()


def test_migration_fills_the_search_text_of_existing_posts(make_post):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    post = make_post(title="Old Post", body="Some *text*.")
    SearchText.objects.all().delete()  # as before the migration
    migration = importlib.import_module("blog.migrations.0004_searchtext")
    migration.fill_search_text(apps, SimpleNamespace(connection=connection))  # all it reads of the schema editor
    assert SearchText.objects.get(post=post).text == "old post\n\nsome text."


def test_author_cannot_be_deleted_while_it_has_posts(make_post, author):
    from django.db.models import ProtectedError

    make_post()
    with pytest.raises(ProtectedError):
        author.delete()
