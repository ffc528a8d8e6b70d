"""Pinning from the post form and the list actions; series membership from the post form, and
the order of the parts (and taking one out) from the series form."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from blog.models import Post, Series
from tests.admin_helpers import post_data

from ..helpers import local

CHANGELIST = "/admin/blog/post/"
NOW = local(2025, 7, 1, 0, 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def admin_client(client, db, settings):
    from django.contrib.auth.models import User

    settings.LANGUAGE_CODE = "en"
    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def home_titles():
    html = Client().get("/").content.decode()
    return re.findall(r'<h2 class="post-title">\s*<a href="[^"]+">([^<]+)</a>\s*</h2>', html)


def change(admin_client, post, **fields):
    data = post_data(
        post.author,
        title=post.title,
        slug=post.slug,
        body=post.body,
        status=post.status,
        publish_0=f"{local_time(post):%Y-%m-%d}",
        publish_1=f"{local_time(post):%H:%M:%S}",
        hidden="on" if post.hidden else "",
        **fields,
    )
    data = {key: value for key, value in data.items() if value != ""}
    return admin_client.post(f"/admin/blog/post/{post.pk}/change/", data)


def local_time(post):
    from django.utils import timezone

    return timezone.localtime(post.publish)


def test_pin_from_the_post_form_in_the_editors_order(admin_client, make_post):
    old = make_post(title="Old", publish=NOW - timedelta(days=1))
    make_post(title="New")
    middle = make_post(title="Middle", publish=NOW - timedelta(hours=12))
    assert home_titles() == ["New", "Middle", "Old"]
    assert change(admin_client, old, pinned="on", pin_order="2").status_code == 302
    assert change(admin_client, middle, pinned="on", pin_order="1").status_code == 302
    assert home_titles() == ["Middle", "Old", "New"]
    assert Post.objects.get(pk=middle.pk).pin_order == 1
    html = admin_client.get(CHANGELIST).content.decode()
    assert '<span class="post-pinned">📌 1</span>' in html and '<span class="post-pinned">📌 2</span>' in html
    assert change(admin_client, middle, pin_order="1").status_code == 302  # unticked: unpinned
    assert Post.objects.get(pk=middle.pk).pin_order is None
    assert home_titles() == ["Old", "New", "Middle"]


def test_a_hidden_post_cannot_be_pinned_in_the_form(admin_client, make_post):
    post = make_post(title="Hidden", hidden=True)
    response = change(admin_client, post, pinned="on")
    assert response.status_code == 200
    assert "A hidden post stays off the home page: it cannot be pinned there." in response.content.decode()
    assert not Post.objects.get(pk=post.pk).pinned


def test_pin_order_must_be_positive(admin_client, make_post):
    post = make_post()
    response = change(admin_client, post, pinned="on", pin_order="0")
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()


def test_pin_and_unpin_actions(admin_client, make_post):
    a, b = make_post(title="A"), make_post(title="B")
    hidden = make_post(title="Hidden", hidden=True)
    draft = make_post(title="Draft", status=Post.Status.DRAFT)
    response = admin_client.post(
        CHANGELIST, {"action": "pin_posts", "_selected_action": [a.pk, hidden.pk, draft.pk]}, follow=True
    )
    assert messages_of(response) == [
        "2 posts pinned.",
        "1 hidden post left unpinned: hidden posts stay off the home page.",
    ]
    assert set(Post.objects.filter(pinned=True).values_list("title", flat=True)) == {"A", "Draft"}
    assert home_titles() == ["A", "B"]
    response = admin_client.post(CHANGELIST, {"action": "pin_posts", "_selected_action": [a.pk]}, follow=True)
    assert messages_of(response) == ["The selected posts were already pinned."]
    response = admin_client.post(
        CHANGELIST, {"action": "unpin_posts", "_selected_action": [a.pk, b.pk, draft.pk]}, follow=True
    )
    assert messages_of(response) == ["2 posts unpinned."]
    assert not Post.objects.filter(pinned=True).exists()
    response = admin_client.post(CHANGELIST, {"action": "unpin_posts", "_selected_action": [a.pk]}, follow=True)
    assert messages_of(response) == ["The selected posts were not pinned."]
    # The list filters on pinning.
    assert admin_client.get(CHANGELIST + "?pinned__exact=1").status_code == 200


def test_pin_actions_need_change_permission(client, make_post):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_post"))
    client.force_login(user)
    post = make_post()
    client.post(CHANGELIST, {"action": "pin_posts", "_selected_action": [post.pk]})
    assert not Post.objects.get(pk=post.pk).pinned


def test_join_a_series_from_the_post_form(admin_client, make_post):
    series = Series.objects.create(name="Rust 入门", slug="rust-入门")
    post = make_post(title="Part one")
    assert change(admin_client, post, series=str(series.pk), series_order="1").status_code == 302
    post.refresh_from_db()
    assert (post.series, post.series_order) == (series, 1)
    assert "Part 1 of 1" in Client().get(post.get_absolute_url()).content.decode()
    # A part number without a series is refused, the rest of the form kept.
    other = make_post(title="No series")
    response = change(admin_client, other, series_order="3")
    assert response.status_code == 200 and "Choose the series this is a part of." in response.content.decode()


def series_form(series, parts, **changes):
    """The series change form's data: ``changes`` maps a part to {"series_order": .., "leave": ..}."""
    data = {
        "name": series.name,
        "slug": series.slug,
        "description": series.description,
        "posts-TOTAL_FORMS": str(len(parts)),
        "posts-INITIAL_FORMS": str(len(parts)),
        "posts-MIN_NUM_FORMS": "0",
        "posts-MAX_NUM_FORMS": "1000",
    }
    for n, post in enumerate(parts):
        data[f"posts-{n}-id"] = str(post.pk)
        data[f"posts-{n}-series"] = str(series.pk)
        order = changes.get(post.title, {}).get("series_order", post.series_order)
        data[f"posts-{n}-series_order"] = "" if order is None else str(order)
        if changes.get(post.title, {}).get("leave"):
            data[f"posts-{n}-leave"] = "on"
    return data


def test_order_and_take_out_parts_in_the_series_form(admin_client, make_post):
    from blog.writing.series import place_in_series

    series = Series.objects.create(name="Rust 入门", slug="rust")
    one = place_in_series(make_post(title="One"), series, 1)
    two = place_in_series(make_post(title="Two"), series, 2)
    draft = place_in_series(make_post(title="Draft", status=Post.Status.DRAFT), series, 3)
    url = f"/admin/blog/series/{series.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert [html.index(title) for title in ("One", "Two", "Draft")] == sorted(
        html.index(t) for t in ("One", "Two", "Draft")
    )
    assert 'class="post-state post-state-draft"' in html
    assert 'name="posts-MAX_NUM_FORMS" value="0"' in html and "posts-0-DELETE" not in html
    parts = [one, two, draft]
    response = admin_client.post(url, series_form(series, parts, One={"series_order": 5}, Draft={"leave": True}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Post.objects.in_series(series.pk).values_list("title", "series_order")) == [("Two", 2), ("One", 5)]
    draft.refresh_from_db()
    assert (draft.series, draft.series_order) == (None, None)
    assert Post.objects.filter(pk=draft.pk).exists()  # taken out, not deleted
    assert "Part 2 of 2" in Client().get(one.get_absolute_url()).content.decode()
    # The change is logged like any other.
    from django.contrib.admin.models import LogEntry

    logged = LogEntry.objects.get(object_id=str(series.pk)).get_change_message()
    assert "One" in logged and "Draft" in logged, logged


def test_series_admin_pages(admin_client, make_post):
    response = admin_client.post(
        "/admin/blog/series/add/",
        {
            "name": "Go 语言",
            "slug": "go-语言",
            "description": "Hi",
            "posts-TOTAL_FORMS": "0",
            "posts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    series = Series.objects.get(slug="go-语言")
    assert series.description_html == "<p>Hi</p>"
    listing = admin_client.get("/admin/blog/series/").content.decode()
    assert "Go 语言" in listing
    assert admin_client.get("/admin/autocomplete/?app_label=blog&model_name=post&field_name=series&term=Go").json()[
        "results"
    ] == [{"id": str(series.pk), "text": "Go 语言"}]
    assert admin_client.get(f"/admin/blog/series/{series.pk}/delete/").status_code == 200
