"""Images are decoded and resized outside the database transaction: the admin runs a change
form's POST in one transaction (on SQLite holding the write lock throughout), so the uploads of
posts, authors and the image library are cleaned before it opens; save_post does its own header
work before its transaction too."""

import pytest
from django.db import connection

from blog.content import images
from blog.models import Author, Image, Post
from blog.writing.posts import save_post
from tests.admin_helpers import ADD_URL, image_bytes, post_data, upload


@pytest.fixture
def decoding(monkeypatch):
    """Each image decode and resize, with whether a transaction was open at the time."""
    calls = []
    clean, variants = images.clean, images.resized_variants

    def spy_clean(*args, **kwargs):
        calls.append(("clean", connection.in_atomic_block))
        return clean(*args, **kwargs)

    def spy_variants(*args, **kwargs):
        calls.append(("variants", connection.in_atomic_block))
        return variants(*args, **kwargs)

    monkeypatch.setattr(images, "clean", spy_clean)
    monkeypatch.setattr(images, "resized_variants", spy_variants)
    return calls


@pytest.mark.django_db(transaction=True)
def test_a_post_header_is_cleaned_and_resized_before_the_admin_transaction(admin_client, author, decoding):
    data = post_data(author, header_image=upload(image_bytes(size=(2000, 1000)), "banner.jpg"))
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Post.objects.get().header_image_variants["jpeg"]
    assert ("clean", False) in decoding and ("variants", False) in decoding
    assert all(inside is False for _what, inside in decoding if _what == "variants"), decoding
    # Inside the transaction the form only takes what was cleaned: no second decode there.
    assert [call for call in decoding if call == ("variants", True)] == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url, fields, field",
    [
        ("/admin/blog/image/add/", {"alt": "图"}, "file"),
        ("/admin/blog/author/add/", {"name": "作者", "slug": "zuozhe", "bio": ""}, "avatar"),
    ],
)
def test_library_images_and_avatars_are_cleaned_before_the_transaction(admin_client, decoding, url, fields, field):
    response = admin_client.post(url, {**fields, field: upload(image_bytes("PNG", (300, 300)), "x.png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = (Image.objects.get().file if field == "file" else Author.objects.get(slug="zuozhe").avatar).name
    assert stored.endswith(".png")
    first = decoding[0]
    assert first == ("clean", False), decoding


@pytest.mark.django_db(transaction=True)
def test_save_post_makes_header_variants_before_its_transaction(author, decoding):
    post = Post(title="t", body="b", author=author, header_image=upload(image_bytes(size=(1500, 800)), "h.jpg"))
    save_post(post)
    assert post.header_image_variants["jpeg"]
    assert ("variants", False) in decoding and ("variants", True) not in decoding
