"""Issue 12's scenarios end to end against gunicorn on SQLite: GIF bombs and huge photos uploaded
while other editors save (no "database is locked", the bomb refused with a clear message, the
others saved), two editors on one post (the conflict shown, nothing lost), a draft's header image
not public (also behind real nginx with DJANGO_SERVE_MEDIA=0 and X-Accel-Redirect), and the
sign-in lockout holding across two hosts."""

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import threading
import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import image_files

from .servers import ROOT, AdminSession, Gunicorn, app_env, fetch, form_fields, free_port, manage, prepare

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack

POST = "/2025/06/19/105626/"
PASSWORD = "a long passphrase for tests"
ZONE = ZoneInfo("Asia/Shanghai")


def site_env(tmp, **extra):
    return app_env(
        tmp,
        DJANGO_SUPERUSER_EMAIL="editor@example.com",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        DJANGO_TIME_ZONE="Asia/Shanghai",
        **extra,
    )


def add_editors(env, *names):
    for name in names:
        manage({**env, "DJANGO_SUPERUSER_USERNAME": name}, "createsuperuser", "--noinput")


def multipart(session, path, fields, files):
    """POST a form with files, as a browser does (multipart/form-data)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return fetch(
        session.base + path,
        opener=session.opener,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        timeout=120,
    )


def add_form(session):
    status, _headers, body = session.get("/admin/blog/post/add/")
    assert status == 200
    return form_fields(body.decode(), form_id="post_form")


def with_values(fields, **values):
    names = {name for name, _ in fields}
    result = [(name, values.get(name, value)) for name, value in fields]
    return result + [(name, value) for name, value in values.items() if name not in names]


def local_parts(moment):
    local = moment.astimezone(ZONE)
    return {"publish_0": local.strftime("%Y-%m-%d"), "publish_1": local.strftime("%H:%M:%S")}


def header_of(tmp, title):
    with sqlite3.connect(tmp / "db.sqlite3") as db:
        row = db.execute(
            "SELECT header_image, header_image_variants FROM blog_post WHERE title = ?", [title]
        ).fetchone()
    assert row and row[0], f"no header stored for {title!r}"
    return row[0], re.findall(r'"(headers/[^"]+)"', row[1])


# --- Uploads during other saves ----------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("integrity")
    env = site_env(tmp, DJANGO_PAGE_CACHE="0")
    prepare(env)
    add_editors(env, "alice", "bob", "carol", "dave", "erin", "frank")
    with Gunicorn(env, tmp, workers=3) as server:
        yield server, tmp, env


def upload_header(server, name, data, filename, results):
    """An editor adding a draft with ``data`` as its header image; (status, page) into ``results``."""
    session = AdminSession(server.base)
    session.login(name, PASSWORD)
    fields = with_values(add_form(session), title=f"Upload by {name}", status="draft")
    status, _headers, body = multipart(session, "/admin/blog/post/add/", fields, {"header_image": (filename, data)})
    results[name] = (status, body.decode(errors="replace"))


def save_often(server, name, results, rounds=6):
    """Another editor's saves meanwhile: new posts, each its own transaction."""
    session = AdminSession(server.base)
    session.login(name, PASSWORD)
    outcomes = []
    for i in range(rounds):
        fields = with_values(add_form(session), title=f"{name} saves {i}", body=f"正文 {i}", status="draft")
        status, _headers, body = session.post("/admin/blog/post/add/", fields)
        outcomes.append((status, "errornote" in body.decode()))
    results[name] = outcomes


def run_all(jobs):
    """Run ``(function, args)`` jobs at once; the errors they raised."""
    errors = []

    def run(function, args):
        try:
            function(*args)
        except Exception as exc:  # reported by the caller, with the others
            errors.append(f"{function.__name__}{args[1:2]}: {exc!r}")

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def test_bombs_and_huge_photos_never_lock_out_other_saves(site):
    server, tmp, _env = site
    bomb, photo = image_files.gif_bomb(6000, 6000, 60), image_files.photo_jpeg(6324, 6324)
    results = {}
    errors = run_all(
        [
            (upload_header, (server, "alice", bomb, "bomb.gif", results)),
            (upload_header, (server, "bob", bomb, "bomb2.gif", results)),
            (upload_header, (server, "carol", photo, "big-photo.jpg", results)),
            (upload_header, (server, "dave", photo, "big-photo-2.jpg", results)),
            (save_often, (server, "erin", results)),
            (save_often, (server, "frank", results)),
        ]
    )
    logs = server.logs()
    assert not errors, errors
    for name in ("alice", "bob"):  # the bomb: refused on its field, the rest of the form kept
        status, html = results[name]
        assert status == 200 and "6000×6000" in html and f"Upload by {name}" in html, html[:500]
    for name in ("carol", "dave"):  # the legal huge photo: saved (and the page followed to the list)
        assert results[name][0] == 200
        header_of(tmp, f"Upload by {name}")
    for name in ("erin", "frank"):
        assert results[name] == [(200, False)] * 6, results[name]  # each followed to the list, no error
    with sqlite3.connect(tmp / "db.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM blog_post WHERE title LIKE '% saves %'").fetchone()[0] == 12
    assert "database is locked" not in logs
    assert "WORKER TIMEOUT" not in logs and "Traceback" not in logs, logs[-3000:]


# --- Two editors ---------------------------------------------------------------------------
def test_two_editors_on_one_post_lose_nothing(site):
    server, _tmp, _env = site
    alice, bob = AdminSession(server.base), AdminSession(server.base)
    alice.login("alice", PASSWORD)
    bob.login("bob", PASSWORD)
    path = "/admin/blog/post/1/change/"
    form_a = form_fields(alice.get(path)[2].decode(), form_id="post_form")
    form_b = form_fields(bob.get(path)[2].decode(), form_id="post_form")

    assert alice.post(path, with_values(form_a, title="Alice's new title"))[0] == 200  # followed to the list
    original_body = dict(form_b)["body"]
    bobs_body = original_body + "\n\nBob's closing paragraph, 最后一段。"
    status, _headers, body = bob.post(path, with_values(form_b, body=bobs_body))
    html = body.decode()
    assert status == 200 and 'id="edit-conflict"' in html
    assert "alice" in html and "Alice&#x27;s new title" in html
    again = form_fields(html, form_id="post_form")
    assert dict(again)["body"] == bobs_body  # nothing Bob typed is lost
    assert dict(again)["title"] == "Alice's new title"  # only Alice changed it

    status, _headers, body = bob.post(path, again)
    assert status == 200 and 'id="edit-conflict"' not in body.decode()
    page = fetch(server.base + POST)[2].decode()
    assert "Alice&#x27;s new title" in page and "最后一段" in page


# --- A draft's images ------------------------------------------------------------------------
def test_a_drafts_header_is_not_public_until_it_is(site):
    server, tmp, _env = site
    editor = AdminSession(server.base)
    editor.login("carol", PASSWORD)
    small = image_files.photo_jpeg(1600, 900)
    fields = with_values(add_form(editor), title="A secret draft", status="draft")
    assert multipart(editor, "/admin/blog/post/add/", fields, {"header_image": ("launch-plan.jpg", small)})[0] == 200
    name, variants = header_of(tmp, "A secret draft")
    assert "launch-plan" not in name and len(variants) == 6
    urls = [server.base + "/media/" + stored for stored in [name, *variants]]
    assert {fetch(url)[0] for url in urls} == {404}
    assert {fetch(url, opener=editor.opener)[0] for url in urls} == {200}

    with sqlite3.connect(tmp / "db.sqlite3") as db:
        pk = db.execute("SELECT id FROM blog_post WHERE title = 'A secret draft'").fetchone()[0]
    status, _h, _b = editor.edit(f"/admin/blog/post/{pk}/change/", "post_form", status="published")
    assert status == 200
    assert {fetch(url)[0] for url in urls} == {200}


def test_a_scheduled_posts_header_goes_public_at_its_time(site):
    server, tmp, _env = site
    editor = AdminSession(server.base)
    editor.login("dave", PASSWORD)
    when = datetime.now(ZONE).replace(microsecond=0) + timedelta(seconds=6)
    fields = with_values(add_form(editor), title="Scheduled soon", status="published", **local_parts(when))
    image = ("soon.jpg", image_files.photo_jpeg(800, 450))
    assert multipart(editor, "/admin/blog/post/add/", fields, {"header_image": image})[0] == 200
    name, _variants = header_of(tmp, "Scheduled soon")
    url = server.base + "/media/" + name
    assert fetch(url)[0] == 404
    time.sleep(max(0.0, (when - datetime.now(ZONE)).total_seconds()) + 1)
    assert fetch(url)[0] == 200


# --- Behind nginx, DJANGO_SERVE_MEDIA=0 ------------------------------------------------------
NGINX_CONF = """
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 12m;
        location /media/headers/ {{ proxy_pass http://127.0.0.1:{app}; proxy_set_header Host $host; }}
        location /media/pending/ {{ proxy_pass http://127.0.0.1:{app}; proxy_set_header Host $host; }}
        location /private-media/ {{ internal; alias {media}/; }}
        location /media/ {{ alias {media}/; }}
        location / {{
            proxy_pass http://127.0.0.1:{app};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def test_behind_nginx_a_drafts_header_is_served_to_staff_only(tmp_path):
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if not nginx:
        message = "nginx is not installed (apt-get install -y nginx)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)
    env = site_env(
        tmp_path,
        DJANGO_SERVE_MEDIA="0",
        DJANGO_MEDIA_ACCEL_REDIRECT="/private-media/",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_SUPERUSER_USERNAME="editor",
    )
    prepare(env)
    manage(env, "createsuperuser", "--noinput")
    (tmp_path / "media").mkdir(exist_ok=True)
    with Gunicorn(env, tmp_path, workers=1) as app:
        port = free_port()
        conf = tmp_path / "nginx.conf"
        user = "user root;" if os.geteuid() == 0 else ""  # its workers must read the test's media folder
        conf.write_text(NGINX_CONF.format(user=user, tmp=tmp_path, port=port, app=app.port, media=tmp_path / "media"))
        proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], cwd=ROOT, stderr=subprocess.PIPE)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(50):
                try:
                    if fetch(base + "/healthz", timeout=2)[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            editor = AdminSession(base)
            editor.login("editor", PASSWORD)
            fields = with_values(add_form(editor), title="Behind nginx", status="draft")
            data = image_files.photo_jpeg(900, 500)
            assert multipart(editor, "/admin/blog/post/add/", fields, {"header_image": ("n.jpg", data)})[0] == 200
            name, variants = header_of(tmp_path, "Behind nginx")
            url = f"{base}/media/{name}"
            assert fetch(url)[0] == 404
            status, headers, body = fetch(url, opener=editor.opener)
            assert status == 200 and body[:2] == b"\xff\xd8" and headers["Content-Type"] == "image/jpeg"
            assert "nginx" in headers.get("Server", "")
            assert (tmp_path / "media" / name).read_bytes() == body  # nginx sent the stored file
            assert fetch(f"{base}/media/{variants[0]}")[0] == 404
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)


# --- Sign-in lockout across hosts ---------------------------------------------------------------
def failed_sign_in(base, username, password="wrong"):
    session = AdminSession(base)
    _status, _headers, body = session.get("/admin/login/")
    fields = dict(form_fields(body.decode(), form_id="login-form"))
    fields.update(username=username, password=password)
    return session.post("/admin/login/?next=/admin/", list(fields.items()))


def test_the_lockout_holds_across_hosts_and_staff_can_unlock(tmp_path):
    env = site_env(tmp_path, DJANGO_SUPERUSER_USERNAME="target", DJANGO_LANGUAGE_CODE="en")
    env["DJANGO_SECRET_KEY"] = "test-" + secrets.token_urlsafe(40)
    prepare(env)
    manage(env, "createsuperuser", "--noinput")
    with Gunicorn(env, tmp_path, workers=1, name="host-a") as a, Gunicorn(env, tmp_path, workers=1, name="host-b") as b:
        for base in (a.base, b.base, a.base, b.base):
            assert failed_sign_in(base, "target")[0] == 200
        status, headers, body = failed_sign_in(b.base, "target")  # the fifth: locked
        assert status == 429
        status, headers, body = failed_sign_in(a.base, "target", PASSWORD)  # right password, other host
        html = body.decode()
        assert status == 429 and re.search(r"Try again after \d{4}-\d\d-\d\d \d\d:\d\d", html), html[:1000]
        assert 0 < int(headers["Retry-After"]) <= 15 * 60

        manage(env, "axes_reset_username", "target")
        AdminSession(a.base).login("target", PASSWORD)
        AdminSession(b.base).login("target", PASSWORD)
