"""Two editors open the same post; A saves; B saves the form opened before: B's save is refused
with what A changed, nothing B typed is lost (nor B's upload), what only A changed is taken into
B's form, and B's next save keeps both. Revisions keep every field, so any save can be restored
whole."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from blog.models import Post
from tests.admin_helpers import field_errors, image_bytes, upload
from tests.system.servers import form_fields

FORM = "post_form"


def change_url(post):
    return f"/admin/blog/post/{post.pk}/change/"


@pytest.fixture
def editors(db):
    clients = []
    for name in ("alice", "bob"):
        user = User.objects.create_superuser(name, f"{name}@example.com", "pw")
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def opened(client, post):
    """The fields a browser would submit from the change form, as a dict (tags, text…)."""
    response = client.get(change_url(post))
    assert response.status_code == 200
    return dict(form_fields(response.content.decode(), form_id=FORM))


def submit(client, post, fields, **files):
    data = {**fields, **files}
    return client.post(change_url(post), data)


def test_the_second_save_of_an_old_form_is_a_conflict_and_nothing_is_lost(editors, make_post, settings):
    settings.LANGUAGE_CODE = "en"
    alice, bob = editors
    post = make_post(title="Original title", body="line one\nline two", tags=["old"])
    form_a, form_b = opened(alice, post), opened(bob, post)
    assert form_a["opened_version"] == str(post.version)

    response = submit(alice, post, {**form_a, "title": "Alice's title", "tags": "old, alice"})
    assert response.status_code == 302

    bob_body = "line one\nline two\nBob's new paragraph, 你好"
    response = submit(bob, post, {**form_b, "body": bob_body, "summary": "Bob's summary"})
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="edit-conflict"') :]
    assert "alice saved this post" in html
    assert "Original title" in section and "Alice&#x27;s title" in section
    assert "alice" in section.split("Tags", 1)[1][:400]
    post.refresh_from_db()
    assert (post.title, post.body) == ("Alice's title", "line one\nline two")  # Bob's save did not happen

    again = dict(form_fields(html, form_id=FORM))
    assert again["body"] == bob_body and again["summary"] == "Bob's summary"  # nothing Bob typed lost
    assert again["title"] == "Alice's title"  # only Alice changed it: taken into Bob's form
    assert set(re.split(r",\s*", again["tags"])) == {"old", "alice"}
    assert int(again["opened_version"]) == post.version

    assert submit(bob, post, again).status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body, post.summary) == ("Alice's title", bob_body, "Bob's summary")
    assert sorted(post.tags.names()) == ["alice", "old"]


def test_a_field_both_changed_keeps_this_editors_value_in_the_form(editors, make_post, settings):
    settings.LANGUAGE_CODE = "en"
    alice, bob = editors
    post = make_post(title="T")
    form_a, form_b = opened(alice, post), opened(bob, post)
    submit(alice, post, {**form_a, "title": "Alice"})
    html = submit(bob, post, {**form_b, "title": "Bob"}).content.decode()
    assert "You both changed these; the form below keeps yours: title." in html
    assert dict(form_fields(html, form_id=FORM))["title"] == "Bob"


def test_a_conflict_keeps_the_upload_of_the_second_editor(editors, make_post, settings):
    settings.LANGUAGE_CODE = "en"
    alice, bob = editors
    post = make_post()
    form_a, form_b = opened(alice, post), opened(bob, post)
    submit(alice, post, {**form_a, "subtitle": "by Alice"})
    response = submit(bob, post, form_b, header_image=upload(image_bytes(size=(900, 500)), "bobs-banner.jpg"))
    html = response.content.decode()
    assert response.status_code == 200 and "Image kept: bobs-banner.jpg" in html
    assert submit(bob, post, dict(form_fields(html, form_id=FORM))).status_code == 302
    post.refresh_from_db()
    assert post.header_image and post.subtitle == "by Alice"


def test_saves_that_changed_nothing_an_editor_sees_are_no_conflict(editors, make_post):
    alice, bob = editors
    post = make_post()
    form_a, form_b = opened(alice, post), opened(bob, post)
    assert submit(alice, post, form_a).status_code == 302  # saved unchanged: a new version, same post
    assert submit(bob, post, {**form_b, "body": "changed"}).status_code == 302


def test_a_form_without_the_version_saves_as_before(admin_client, make_post):
    post = make_post()
    fields = opened(admin_client, post)
    del fields["opened_version"]
    assert submit(admin_client, post, {**fields, "title": "new"}).status_code == 302
    assert not field_errors(admin_client.get(change_url(post)).content.decode(), "title")
    assert Post.objects.get(pk=post.pk).title == "new"
