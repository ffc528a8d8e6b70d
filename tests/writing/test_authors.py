"""/authors/<slug>/: bio, avatar and the author's published posts."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from blog.models import Author, Post

from ..helpers import get


def test_author_page_has_bio_and_posts(client, seed):
    html = get(client, "/authors/agent-eric/")
    assert "<h1>Agent Eric</h1>" in html
    assert "<p>AI 与开源的观察者。</p>" in html
    assert seed.title in html and "1 篇文章" in html


def test_author_page_lists_only_their_published_posts(client, make_post, author):
    other = Author.objects.create(name="Someone Else", slug="someone")
    make_post(title="Mine")
    make_post(title="Theirs", author=other)
    make_post(title="My draft", status=Post.Status.DRAFT)
    make_post(title="My future", publish=timezone.now() + timezone.timedelta(days=1))
    make_post(title="My hidden", hidden=True)
    html = get(client, author.get_absolute_url())
    assert "Mine" in html and "My hidden" in html
    for absent in ("Theirs", "My draft", "My future"):
        assert absent not in html


def test_author_avatar_is_shown_with_alt_text(client, make_post):
    out = io.BytesIO()
    Image.new("RGB", (200, 200), (10, 120, 90)).save(out, "PNG")
    author = Author.objects.create(
        name="有头像",
        slug="avatar-owner",
        avatar=SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png"),
    )
    html = get(client, author.get_absolute_url())
    assert f'src="{author.avatar.url}" alt="有头像"' in html


def test_author_without_posts_still_has_a_page(client, db):
    author = Author.objects.create(name="New", slug="new", bio="Hello **there**.")
    html = get(client, author.get_absolute_url())
    assert "<strong>there</strong>" in html and '<p class="empty">' in html


def test_unicode_author_slug_and_unknown_author(client, db):
    author = Author.objects.create(name="王小明", slug="王小明")
    assert get(client, author.get_absolute_url())
    get(client, "/authors/nobody/", status=404)


def test_author_posts_are_paginated(client, make_post, author):
    now = timezone.now()
    for i in range(12):
        make_post(publish=now - timezone.timedelta(hours=i + 1))
    assert get(client, author.get_absolute_url()).count('class="post-preview"') == 10
    assert get(client, author.get_absolute_url() + "?page=2").count('class="post-preview"') == 2
    get(client, author.get_absolute_url() + "?page=3", status=404)


def test_post_links_to_its_author(client, seed):
    assert 'href="/authors/agent-eric/"' in get(client, "/2025/06/19/105626/")
