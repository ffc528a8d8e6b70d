"""Debian's varnishd with the repository's VCL in front of gunicorn (2 workers): pages are edge
hits; a save shows through Varnish on the very next request (purged by key after the commit);
pages that do not show what changed stay edge hits; staff with a session never get a cached
page; a purge that cannot reach Varnish is logged, retried and delivered once Varnish answers,
and never fails the save."""

import re
import time
import uuid

import pytest

from .servers import AdminSession, Gunicorn, app_env, fetch, free_port, manage, prepare
from .varnish import Varnish, require_varnish

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack

POST = "/2025/06/19/105626/"
PASSWORD = "a long passphrase for tests"
# Two older posts with tags of their own: "Far away" (2020) is not the seed's neighbour.
EXTRA_POSTS = """
from datetime import datetime, timezone
from blog.models import Author, Post
from blog.writing.posts import save_post

author = Author.objects.first()
for title, year in (("Far away", 2020), ("Next door", 2021)):
    post = save_post(Post(title=title, author=author, body=title + ".", status="published",
                          publish=datetime(year, 1, 1, tzinfo=timezone.utc)))
    post.tags.add(title.split()[0].lower())
"""


def edge(varnish, path, **headers):
    status, response_headers, body = fetch(varnish.base + path, headers={"Host": "127.0.0.1", **headers})
    return status, response_headers.get("X-Edge-Cache"), body.decode()


def setup_site(tmp, purge_urls):
    env = app_env(
        tmp,
        DJANGO_VARNISH_PURGE_URLS=purge_urls,
        DJANGO_SUPERUSER_USERNAME="editor",
        DJANGO_SUPERUSER_EMAIL="editor@example.com",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    prepare(env)
    manage(env, "createsuperuser", "--noinput")
    manage(env, "shell", "-c", EXTRA_POSTS)
    return env


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_varnish()
    tmp = tmp_path_factory.mktemp("varnish")
    varnish_port = free_port()
    env = setup_site(tmp, f"http://127.0.0.1:{varnish_port}/")
    with Gunicorn(env, tmp, workers=2) as app, Varnish(tmp, app.port, port=varnish_port) as varnish:
        yield app, varnish


def post_id(app, slug):
    out = manage(app.env, "shell", "-c", f"from blog.models import Post; print(Post.objects.get(slug={slug!r}).pk)")
    return int(out.split()[-1])


def test_public_pages_are_edge_hits_with_their_keys_hidden(stack):
    _app, varnish = stack
    edge(varnish, "/")
    status, state, _body = edge(varnish, "/")
    assert status == 200 and state == "hit"
    _status, headers, _body = fetch(varnish.base + "/", headers={"Host": "127.0.0.1"})
    assert "xkey" not in headers and "Cache-Tag" not in headers
    assert "s-maxage" in headers["Cache-Control"]


def test_a_save_shows_on_the_next_request_and_unrelated_pages_stay_hits(stack):
    app, varnish = stack
    far = "/2020/01/01/far-away/"
    pages = [POST, "/", "/tags/ai/", far, "/tags/far/", "/about/"]
    for path in pages * 2:
        edge(varnish, path)
    for path in pages:
        assert edge(varnish, path)[1] == "hit", path
    editor = AdminSession(varnish.base)
    editor.login("editor", PASSWORD)
    title = f"Edited through Varnish {uuid.uuid4().hex[:8]}"
    status, _headers, body = editor.edit(f"/admin/blog/post/{post_id(app, '105626')}/change/", "post_form", title=title)
    assert status == 200 and b"errornote" not in body
    for path in (POST, "/", "/tags/ai/"):
        status, state, html = edge(varnish, path)
        assert status == 200 and title in html and state == "miss", path
    for path in (far, "/tags/far/", "/about/"):
        assert edge(varnish, path)[1] == "hit", path


def test_staff_with_a_session_never_get_a_cached_page(stack):
    _app, varnish = stack
    edge(varnish, "/")
    assert edge(varnish, "/")[1] == "hit"
    staff = AdminSession(varnish.base)
    staff.login("editor", PASSWORD)
    for _ in range(2):
        status, headers, _body = staff.get("/")
        assert status == 200 and headers["X-Edge-Cache"] == "miss"
        assert headers.get("X-Cache") is None  # nor from the app's own cache
        assert int(headers.get("Age", "0")) == 0


def test_an_unreachable_varnish_purge_is_retried_and_logged(tmp_path):
    require_varnish()
    varnish_port = free_port()  # nothing listens there yet
    env = setup_site(tmp_path, f"http://127.0.0.1:{varnish_port}/")
    with Gunicorn(env, tmp_path, workers=1, name="app") as app:
        editor = AdminSession(app.base)
        editor.login("editor", PASSWORD)
        title = f"Saved while Varnish is away {uuid.uuid4().hex[:8]}"
        status, _headers, body = editor.edit(f"/admin/blog/post/{post_id(app, '105626')}/change/", "post_form",
                                             title=title)  # fmt: skip
        assert status == 200 and b"errornote" not in body  # the save went through
        assert title in fetch(app.base + POST)[2].decode()
        wait_for(lambda: "Edge purge via varnish:" in app.logs(), 10)
        assert re.search(r"Edge purge via varnish:\S+ failed .*kept in the outbox", app.logs())
        with Varnish(tmp_path, app.port, port=varnish_port, name="late") as varnish:
            wait_for(lambda: re.search(r"Delivered \d+ queued change\(s\) to varnish:", app.logs()), 30)
            purges = varnish.purges_seen()
        seed = f"post:{post_id(app, '105626')}"
        assert any(seed in header.split() and "search" in header.split() for header in purges), purges
        assert "Retry" in app.logs() or "failed" in app.logs()


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")
