"""Post model: the published gate, slugs, derived fields."""
import pytest
import time_machine
from django.core.exceptions import ValidationError

from blog.models import Post

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


def test_author_cannot_be_deleted_while_it_has_posts(make_post, author):
    from django.db.models import ProtectedError

    make_post()
    with pytest.raises(ProtectedError):
        author.delete()
