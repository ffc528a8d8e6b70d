"""The editor's live preview endpoint: the public pipeline, staff only, CSRF-protected POST."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from blog.models import Post

URL = "/admin/blog/post/preview/"

BODY = """## 第一节

正文有**重点**。

```python
def hello():
    return "你好"
```

| 名称 | 数量 |
| --- | ---: |
| 苹果 | 3 |

<script>alert("x")</script>
[link](javascript:alert(1))
"""


def test_preview_renders_like_the_public_page(admin_client, author):
    response = admin_client.post(URL, {"body": BODY})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    saved = Post.objects.create(title="t", author=author, body=BODY)
    assert data["html"] == saved.body_html
    assert data["toc"] == saved.toc_html
    assert data["word_count"] == saved.word_count
    assert data["reading_time"] == saved.reading_time
    assert '<h2 id="第一节">' in data["html"]
    assert '<div class="language-python highlight">' in data["html"]
    assert "<table>" in data["html"]
    assert "<script" not in data["html"] and "javascript:" not in data["html"]
    assert "no-cache" in response["Cache-Control"]


def test_word_count_and_reading_time_are_cjk_aware(admin_client, settings):
    settings.LANGUAGE_CODE = "en"
    data = admin_client.post(URL, {"body": "中" * 800 + " and three words"}).json()
    assert data["word_count"] == 803
    assert data["reading_time"] == 3  # 800 / 400 + 3 / 200, rounded up
    assert data["stats"] == "803 words · 3 min read"
    assert admin_client.post(URL, {"body": ""}).json()["word_count"] == 0


def test_stats_are_translated(admin_client):
    data = admin_client.post(URL, {"body": "你好世界"}).json()
    assert data["stats"] == "4 字 · 约 1 分钟读完"


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL, {"body": "x"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_non_staff_user_gets_nothing(client, db):
    user = User.objects.create_user("reader", password="pw")
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_post", "change_post"]))
    client.force_login(user)
    for response in (client.post(URL, {"body": "x"}), client.get("/admin/blog/post/"), client.get("/admin/")):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_staff_without_post_permissions_is_forbidden(client, db):
    client.force_login(User.objects.create_user("clerk", password="pw", is_staff=True))
    assert client.post(URL, {"body": "x"}).status_code == 403


def test_get_is_not_allowed(admin_client):
    assert admin_client.get(URL).status_code == 405


def test_csrf_token_is_required(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(URL, {"body": "x"}).status_code == 403
    # With the token from the change form (as editor.js sends it) it works.
    client.get("/admin/blog/post/add/")
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {"body": "**x**"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json()["html"] == "<p><strong>x</strong></p>"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_editor_texts_follow_the_admin_language(admin_client, settings, language):
    settings.LANGUAGE_CODE = language
    html = admin_client.get("/admin/blog/post/add/").content.decode()
    expected = {"zh-hans": 'aria-label="预览"', "en": 'aria-label="Preview"'}[language]
    assert expected in html
