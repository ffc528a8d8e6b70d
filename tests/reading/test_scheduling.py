"""Drafts and scheduled posts: invisible to the public until their time comes (no cron),
previewable by staff, shown as such in the admin."""

import re

import pytest
import time_machine
from django.test import Client

from blog.models import Post
from tests.admin_helpers import ADD_URL, post_data
from tests.helpers import local


def home_html(client):
    html = client.get("/").content.decode()
    return html


@pytest.mark.parametrize(
    "when, permalink",
    [
        (local(2025, 6, 20, 9, 0), "/2025/06/20/scheduled/"),
        # 00:30 in Shanghai is the previous day in UTC: the permalink uses the local date.
        (local(2025, 6, 20, 0, 30), "/2025/06/20/scheduled/"),
        (local(2025, 6, 19, 23, 59), "/2025/06/19/scheduled/"),
    ],
)
def test_a_scheduled_post_appears_by_itself_at_its_time(client, make_post, when, permalink):
    with time_machine.travel(local(2025, 6, 19, 8, 0), tick=False) as clock:
        post = make_post(title="定时发布的文章", slug="scheduled", publish=when)
        assert post.get_absolute_url() == permalink
        assert post.is_scheduled
        assert client.get(permalink).status_code == 404
        assert "定时发布的文章" not in home_html(client)

        clock.move_to(when.timestamp() - 1)
        assert client.get(permalink).status_code == 404
        assert "定时发布的文章" not in home_html(client)

        clock.move_to(when.timestamp() + 1)
        response = client.get(permalink)
        assert response.status_code == 200
        assert "定时发布的文章" in response.content.decode()
        assert "定时发布的文章" in home_html(client)


def test_drafts_stay_hidden_whatever_the_time(client, make_post):
    with time_machine.travel(local(2025, 6, 19, 8, 0), tick=False) as clock:
        post = make_post(slug="draft", status=Post.Status.DRAFT, publish=local(2025, 6, 19, 7, 0))
        assert client.get(post.get_absolute_url()).status_code == 404
        clock.move_to(local(2026, 1, 1, 0, 0))
        assert client.get(post.get_absolute_url()).status_code == 404
        assert client.get("/").content.decode().count(post.title) == 0


@pytest.mark.parametrize(
    "status, publish, banner",
    [
        ("published", local(2025, 6, 20, 0, 30), "Scheduled"),
        ("draft", local(2025, 6, 18, 12, 0), "Draft"),
    ],
)
def test_staff_preview_at_the_permalink_with_banner_and_no_cache(
    admin_client, make_post, settings, status, publish, banner
):
    settings.LANGUAGE_CODE = "en"
    with time_machine.travel(local(2025, 6, 19, 8, 0), tick=False):
        post = make_post(slug="preview-me", status=status, publish=publish)
        response = admin_client.get(post.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(r'<p class="preview-banner"[^>]*>%s' % banner, html)
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert Client().get(post.get_absolute_url()).status_code == 404


def test_published_post_has_no_preview_banner(admin_client, make_post):
    post = make_post()
    response = admin_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" not in response.content.decode()


def test_scheduling_from_the_admin_form(admin_client, author, settings):
    settings.LANGUAGE_CODE = "en"
    with time_machine.travel(local(2025, 6, 19, 8, 0), tick=False) as clock:
        response = admin_client.post(
            ADD_URL,
            post_data(author, title="Tomorrow", status="published", publish_0="2025-06-20", publish_1="00:30:00"),
        )
        assert response.status_code == 302
        post = Post.objects.get()
        assert post.is_scheduled
        listing = admin_client.get("/admin/blog/post/").content.decode()
        assert 'post-state-scheduled">Scheduled<' in listing
        change = admin_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
        assert "Scheduled: goes live on 2025-06-20 00:30." in change
        assert Client().get("/2025/06/20/tomorrow/").status_code == 404

        clock.move_to(local(2025, 6, 20, 0, 31))
        listing = admin_client.get("/admin/blog/post/").content.decode()
        assert 'post-state-published">Published<' in listing
        assert Client().get("/2025/06/20/tomorrow/").status_code == 200
