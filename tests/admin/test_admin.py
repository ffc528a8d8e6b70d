"""The admin can create and edit posts, authors and tags."""

import io
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from taggit.models import Tag

from blog.models import Author, Post
from tests.admin_helpers import ADD_URL, field_errors, image_bytes, post_data, upload
from tests.helpers import local


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_requires_login(client, db):
    response = client.get("/admin/blog/post/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/blog/post/",
        "/admin/blog/author/",
        "/admin/taggit/tag/",
        "/admin/blog/post/add/",
        "/admin/blog/author/add/",
        "/admin/blog/page/",
    ],
)
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
    response = admin_client.post(
        "/admin/taggit/tag/add/",
        {
            "name": "人工智能",
            "slug": "人工智能",
            "taggit_taggeditem_items-TOTAL_FORMS": "0",
            "taggit_taggeditem_items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Tag.objects.filter(slug="人工智能").exists()


# --- Issue 4: the writing desk ---------------------------------------------------------
CHANGELIST = "/admin/blog/post/"


def staff_with(*codenames, username="editor"):
    user = User.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="blog", codename__in=codenames))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Post list ----------------------------------------------------------------------------
def test_changelist_columns_show_state_tags_and_thumbnail(admin_client, make_post):
    now = timezone.now()
    make_post(title="Live one", tags=["AI", "开源"], header_image_url="img/post-bg-2015.jpg")
    make_post(title="Future one", publish=now + timezone.timedelta(days=2))
    make_post(title="Unfinished", status=Post.Status.DRAFT)
    html = admin_client.get(CHANGELIST).content.decode()
    rows = {
        re.search(r'<th class="field-title"><a[^>]*>(.*?)</a>', row).group(1): row
        for row in re.findall(r"<tr>.*?</tr>", html, re.S)
        if 'class="field-title"' in row
    }
    assert "post-state-published" in rows["Live one"]
    assert "post-state-scheduled" in rows["Future one"]
    assert "post-state-draft" in rows["Unfinished"]
    assert "AI, 开源" in rows["Live one"]
    assert 'src="/static/img/post-bg-2015.jpg"' in rows["Live one"]
    assert "Tester" in rows["Live one"]


def test_changelist_thumbnail_is_the_smallest_jpeg_variant(admin_client, make_post):
    out = io.BytesIO()
    PILImage.new("RGB", (2000, 1000), (10, 120, 200)).save(out, format="JPEG")
    post = make_post(header_image=upload(out.getvalue(), "wide.jpg"))
    smallest = post.header_image_variants["jpeg"][0]
    assert smallest[0] == 640
    html = admin_client.get(CHANGELIST).content.decode()
    assert f'src="/media/{smallest[1]}"' in html


def test_changelist_queries_do_not_grow_with_posts(admin_client, make_post):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(ctx.captured_queries)

    make_post(tags=["AI", "开源"], header_image_url="img/post-bg-2015.jpg")
    one = count()
    for n in range(29):
        make_post(tags=["AI", f"tag{n}"], header_image_url="img/home-bg.jpg")
    assert count() == one


def test_changelist_filters(admin_client, make_post, author):
    other = Author.objects.create(name="Other", slug="other")
    now = timezone.now()
    make_post(title="Live AI", tags=["AI"])
    make_post(title="Future", publish=now + timezone.timedelta(days=1))
    make_post(title="Draft by other", status=Post.Status.DRAFT, author=other)
    make_post(title="Old one", publish=local(2020, 3, 1, 12, 0))

    def titles(query):
        html = admin_client.get(CHANGELIST + query).content.decode()
        return set(re.findall(r'<th class="field-title"><a[^>]*>(.*?)</a>', html))

    assert titles("?state=draft") == {"Draft by other"}
    assert titles("?state=scheduled") == {"Future"}
    assert titles("?state=published") == {"Live AI", "Old one"}
    assert titles(f"?author__id__exact={other.pk}") == {"Draft by other"}
    tag = Tag.objects.get(name="AI")
    assert titles(f"?tags__id__exact={tag.pk}") == {"Live AI"}
    assert titles("?publish__year=2020") == {"Old one"}
    assert "publish__year=2020" in admin_client.get(CHANGELIST).content.decode()  # date hierarchy


def test_changelist_search_covers_title_subtitle_and_body(admin_client, make_post):
    make_post(title="标题里有长颈鹿")
    make_post(title="B", subtitle="副标题里有长颈鹿")
    make_post(title="C", body="正文里有长颈鹿。")
    make_post(title="D", body="别的动物")
    html = admin_client.get(CHANGELIST + "?q=长颈鹿").content.decode()
    assert set(re.findall(r'<th class="field-title"><a[^>]*>(.*?)</a>', html)) == {"标题里有长颈鹿", "B", "C"}


# Actions ------------------------------------------------------------------------------
def test_publish_and_draft_actions_with_counts(admin_client, make_post, settings):
    settings.LANGUAGE_CODE = "en"
    now = timezone.now()
    a = make_post(status=Post.Status.DRAFT)
    b = make_post(status=Post.Status.DRAFT)
    future = make_post(status=Post.Status.DRAFT, publish=now + timezone.timedelta(days=3))
    response = admin_client.post(
        CHANGELIST, {"action": "publish_posts", "_selected_action": [a.pk, b.pk, future.pk]}, follow=True
    )
    assert response.status_code == 200
    assert {p.status for p in Post.objects.all()} == {"published"}
    assert messages_of(response) == ["2 posts published.", "1 post scheduled: it appears at its publish time."]
    assert admin_client.get(a.get_absolute_url()).status_code == 200

    response = admin_client.post(CHANGELIST, {"action": "move_to_draft", "_selected_action": [a.pk, b.pk]}, follow=True)
    assert Post.objects.filter(status="draft").count() == 2
    assert messages_of(response) == ["2 posts moved to draft."]
    # Each status change keeps the state it replaced, so it can be restored whole.
    assert [r.status for r in a.revisions.all()] == ["published", "draft"]


def test_actions_need_change_permission(client, make_post):
    post = make_post(status=Post.Status.DRAFT)
    client.force_login(staff_with("view_post"))
    response = client.post(CHANGELIST, {"action": "publish_posts", "_selected_action": [post.pk]})
    assert response.status_code == 200  # the changelist again, action refused
    post.refresh_from_db()
    assert post.status == "draft"
    html = client.get(CHANGELIST).content.decode()
    assert 'value="publish_posts"' not in html

    client.force_login(staff_with("view_post", "change_post", username="writer"))
    client.post(CHANGELIST, {"action": "publish_posts", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.status == "published"


# View on site -------------------------------------------------------------------------
def test_view_on_site_opens_the_permalink_and_previews_drafts(admin_client, make_post):
    post = make_post(status=Post.Status.DRAFT, slug="draft-post", publish=local(2025, 6, 19, 0, 30))
    html = admin_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert f'href="{post.get_absolute_url()}" class="viewsitelink"' in html
    assert post.get_absolute_url() == "/2025/06/19/draft-post/"
    response = admin_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert 'class="preview-banner"' in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert Client().get(post.get_absolute_url()).status_code == 404


# The form -----------------------------------------------------------------------------
def test_add_form_fieldsets_and_editor(admin_client, db):
    html = admin_client.get(ADD_URL).content.decode()
    headings = re.findall(r'<h2 id="fieldset-[^"]*" class="fieldset-heading">(.*?)</h2>', html)
    assert len(headings) == 5
    order = [html.index(f'name="{name}"') for name in ("title", "status", "header_image", "summary", "pinned")]
    assert order == sorted(order)
    assert 'class="md-editor" data-preview-url="/admin/blog/post/preview/"' in html
    assert 'data-slug-from="title"' in html
    # Scripts only from files (CSP script-src 'self'), no inline handlers.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html)


def test_author_defaults_to_the_users_author_created_on_demand(client, db):
    user = staff_with("add_post", "change_post", "view_post", username="newcomer")
    Author.objects.filter(user=user).delete()  # as if staff from before the signal existed
    client.force_login(user)
    html = client.get(ADD_URL).content.decode()
    author = Author.objects.get(user=user)
    assert author.name == "newcomer"
    assert re.search(r'<option value="%d" selected>newcomer</option>' % author.pk, html)


def test_every_staff_user_gets_an_author(db):
    user = User.objects.create_user("reader", password="pw")
    assert not Author.objects.filter(user=user).exists()
    user.is_staff = True
    user.first_name, user.last_name = "Xiao", "Ming"
    user.save()
    assert Author.objects.get(user=user).name == "Xiao Ming"
    user.save()
    assert Author.objects.filter(user=user).count() == 1
    User.objects.create_user("reader2", password="pw", is_staff=True)
    assert Author.objects.filter(user__username="reader2").exists()


def test_empty_slug_from_an_ascii_title(admin_client, author):
    response = admin_client.post(ADD_URL, post_data(author, title="Hello, Wörld: a test"))
    assert response.status_code == 302
    assert Post.objects.get().slug == "hello-world-a-test"


def test_empty_slug_from_a_chinese_title_is_the_publish_time(admin_client, author):
    response = admin_client.post(ADD_URL, post_data(author, title="全是中文的标题", publish_1="10:56:26"))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.slug == "105626"
    assert post.get_absolute_url() == "/2025/06/19/105626/"


def test_a_typed_unicode_slug_is_accepted(admin_client, author):
    response = admin_client.post(ADD_URL, post_data(author, slug="开源模型"))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.slug == "开源模型"
    assert admin_client.get(post.get_absolute_url()).status_code == 200


# Validation never 500s ------------------------------------------------------------------
def test_duplicate_slug_on_the_same_local_date_is_a_slug_error(admin_client, author, make_post):
    make_post(slug="same", publish=local(2025, 6, 19, 0, 30))
    response = admin_client.post(ADD_URL, post_data(author, slug="same", publish_1="23:30:00", body="保留的正文"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "same" in field_errors(html, "slug")
    assert "保留的正文" in html  # what was typed is kept
    # Across local midnight it is another date, so the same slug is fine.
    response = admin_client.post(ADD_URL, post_data(author, slug="same", publish_0="2025-06-18", publish_1="23:59:00"))
    assert response.status_code == 302


def test_duplicate_default_slug_is_reported_too(admin_client, author, make_post):
    make_post(title="Hello", slug="hello", publish=local(2025, 6, 19, 8, 0))
    response = admin_client.post(ADD_URL, post_data(author, title="Hello"))
    assert response.status_code == 200
    assert "hello" in field_errors(response.content.decode(), "slug")


def test_empty_title_is_a_form_error(admin_client, author):
    response = admin_client.post(ADD_URL, post_data(author, title="", body="我写了很多字"))
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "title")
    assert "我写了很多字" in html
    assert not Post.objects.exists()


def test_header_mask_out_of_range_is_a_form_error(admin_client, author):
    response = admin_client.post(ADD_URL, post_data(author, header_mask="1.5"))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "header_mask")


def test_non_image_header_is_a_form_error_and_the_rest_is_kept(admin_client, author, settings):
    settings.LANGUAGE_CODE = "en"
    data = post_data(author, title="带图的文章", body="正文不会丢", header_image=upload(b"just text", "fake.jpg"))
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a JPEG, PNG, WebP or GIF image" in field_errors(html, "header_image")
    assert "正文不会丢" in html and "带图的文章" in html
    assert not Post.objects.exists()


# Authors and tags ------------------------------------------------------------------------
def test_author_admin_lists_post_counts_without_n_plus_one(admin_client, make_post, author):
    other = Author.objects.create(name="Other", slug="other")
    make_post()
    make_post()
    make_post(author=other)
    html = admin_client.get("/admin/blog/author/").content.decode()
    assert re.search(
        r'<th class="field-name"><a[^>]*>Tester</a></th>.*?<td class="field-post_count">2</td>', html, re.S
    )
    assert re.search(r'<th class="field-name"><a[^>]*>Other</a></th>.*?<td class="field-post_count">1</td>', html, re.S)
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/admin/blog/author/")
    for n in range(10):
        Author.objects.create(name=f"A{n}", slug=f"a{n}")
    with CaptureQueriesContext(connection) as many:
        admin_client.get("/admin/blog/author/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_author_bio_and_avatar_are_editable(admin_client, author):
    url = f"/admin/blog/author/{author.pk}/change/"
    response = admin_client.post(
        url,
        {
            "name": "Tester",
            "slug": "tester",
            "bio": "**新的**简介",
            "avatar": upload(image_bytes("PNG", (300, 300)), "me.png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    author.refresh_from_db()
    assert author.bio_html == "<p><strong>新的</strong>简介</p>"
    assert re.fullmatch(r"avatars/\d{4}/\d\d/[0-9a-f]{32}\.png", author.avatar.name)  # no original name
    response = admin_client.post(
        url, {"name": "Tester", "slug": "tester", "bio": "保留", "avatar": upload(b"GIF89a nope", "bad.gif")}
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "avatar")
    assert "保留" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/blog/post/",
        "/admin/blog/post/add/",
        "/admin/blog/image/",
        "/admin/blog/image/add/",
        "/admin/blog/author/",
        "/admin/blog/author/add/",
        "/admin/taggit/tag/",
        "/admin/blog/revision/",
    ],
)
def test_admin_pages_have_no_inline_scripts(admin_client, seed, url):
    """The site's CSP is script-src 'self': every script must come from a file."""
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"<[^>]+\son(?:click|load|change|submit|input)=", html)
