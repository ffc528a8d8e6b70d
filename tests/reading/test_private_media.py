"""A draft's or scheduled post's header image and its variants are not public before the post
is: anonymous readers get 404, staff who may preview posts get the file, and once the post is
published (or its scheduled time comes) everyone does. Kept uploads are staff-only."""

from datetime import timedelta

import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.models import Image, Post
from blog.writing.posts import save_post, set_state
from tests.admin_helpers import image_bytes, upload


def header_urls(post):
    post.refresh_from_db()
    return [post.header_image.url] + [default_storage.url(name) for _w, name in post.header_image_variants["jpeg"]]


def statuses(client, urls):
    return {client.get(url).status_code for url in urls}


def test_a_drafts_header_and_variants_are_staff_only_until_it_is_published(client, editor, make_post):
    post = make_post(status=Post.Status.DRAFT, header_image=upload(image_bytes(size=(1600, 900)), "secret-plan.jpg"))
    urls = header_urls(post)
    assert len(urls) == 4 and all("secret-plan" not in url for url in urls)
    assert statuses(client, urls) == {404}
    response = client.get(urls[0])
    assert "no-store" in response["Cache-Control"]

    client.force_login(editor)
    response = client.get(urls[0])
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert statuses(client, urls) == {200}
    client.logout()

    set_state(post, Post.Status.PUBLISHED)
    assert statuses(client, urls) == {200}
    response = client.get(urls[1])
    assert "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_a_scheduled_posts_header_goes_public_at_its_time(client, make_post):
    when = timezone.now() + timedelta(hours=2)
    post = make_post(publish=when, header_image=upload(image_bytes(size=(800, 400)), "launch.jpg"))
    urls = header_urls(post)
    assert post.is_scheduled
    assert statuses(client, urls) == {404}
    with time_machine.travel(when + timedelta(seconds=1), tick=False):
        assert statuses(client, urls) == {200}


def test_staff_without_post_permissions_and_a_replaced_header_stay_private(client, make_post, django_user_model):
    post = make_post(header_image=upload(image_bytes(), "first.jpg"))
    first = header_urls(post)[0]
    assert client.get(first).status_code == 200
    post.header_image = upload(image_bytes(color=(1, 2, 3)), "second.jpg")
    save_post(post)
    assert client.get(first).status_code == 404  # kept for the revisions, no longer public
    assert client.get(header_urls(post)[0]).status_code == 200
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(viewer)
    assert client.get(first).status_code == 404


def test_kept_uploads_are_staff_only(client, editor):
    name = default_storage.save("pending/0123abcd.jpg", upload(image_bytes()))
    url = default_storage.url(name)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_paths_outside_the_private_folders_are_not_served_by_the_gate(client, editor, make_post):
    client.force_login(editor)
    for path in ("/media/headers/../../config/settings.py", "/media/headers/%2e%2e/%2e%2e/manage.py"):
        assert client.get(path).status_code == 404, path
    assert client.get("/media/headers/2025/06/missing.jpg").status_code == 404


def test_library_images_are_public_at_unguessable_names(client, admin_client):
    response = admin_client.post("/admin/blog/image/add/", {"alt": "图", "file": upload(image_bytes(), "我的照片.jpg")})
    assert response.status_code == 302
    url = Image.objects.get().file.url
    assert "我的照片" not in url and url.startswith("/media/images/")
    assert client.get(url).status_code == 200


def test_behind_nginx_the_answer_is_an_internal_redirect(client, editor, make_post, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/private-media/"
    post = make_post(status=Post.Status.DRAFT, header_image=upload(image_bytes(), "x.jpg"))
    url = header_urls(post)[0]
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/private-media/" + post.header_image.name
    assert response["Content-Type"] == "image/jpeg"
