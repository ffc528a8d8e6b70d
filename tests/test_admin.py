"""The admin can create and edit posts, authors and tags."""
import pytest
from django.contrib.auth.models import User
from taggit.models import Tag

from blog.models import Author, Post


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_requires_login(client, db):
    response = client.get("/admin/blog/post/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/admin/blog/post/", "/admin/blog/author/", "/admin/taggit/tag/",
                                 "/admin/blog/post/add/", "/admin/blog/author/add/", "/admin/blog/page/"])
def test_admin_pages_load(admin_client, seed, url):
    assert admin_client.get(url).status_code == 200


def test_admin_change_page_of_the_seed(admin_client, seed):
    response = admin_client.get(f"/admin/blog/post/{seed.pk}/change/")
    assert response.status_code == 200
    assert "Deepseek那么厉害" in response.content.decode()


def test_create_post_in_admin(admin_client, author):
    response = admin_client.post(
        "/admin/blog/post/add/",
        {
            "title": "管理后台写的文章",
            "subtitle": "副标题",
            "slug": "admin-post",
            "author": author.pk,
            "body": "## 小节\n\n正文。",
            "summary": "",
            "header_image_url": "",
            "status": "published",
            "publish_0": "2025-06-19",
            "publish_1": "08:00:00",
            "tags": "AI, 开源",
            "legacy_urls-TOTAL_FORMS": "0",
            "legacy_urls-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(slug="admin-post")
    assert post.get_absolute_url() == "/2025/06/19/admin-post/"
    assert '<h2 id="小节">' in post.body_html
    assert {t.name for t in post.tags.all()} == {"AI", "开源"}


def test_create_author_and_tag_in_admin(admin_client):
    response = admin_client.post("/admin/blog/author/add/", {"name": "王小明", "slug": "wang", "bio": "**你好**"})
    assert response.status_code == 302
    assert Author.objects.get(slug="wang").bio_html == "<p><strong>你好</strong></p>"
    response = admin_client.post("/admin/taggit/tag/add/", {"name": "人工智能", "slug": "人工智能",
                                                            "taggit_taggeditem_items-TOTAL_FORMS": "0",
                                                            "taggit_taggeditem_items-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    assert Tag.objects.filter(slug="人工智能").exists()
