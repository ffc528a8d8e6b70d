"""Comments on the real thing: 50 readers posting at once to gunicorn (SQLite, then PostgreSQL
with Redis): no errors, none lost; and `make run`, whose worker sends the mail through a real
SMTP server (author notice, double opt-in, reply with one-click unsubscribe), then stops with
gunicorn on Ctrl-C."""

import http.client
import os
import re
import secrets
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse

import pytest

from ..comment_helpers import SMTPServer, body_of
from .servers import ROOT, Gunicorn, app_env, fetch, free_port, manage, postgres_server_url, prepare, redis_url

POST = "/2025/06/19/105626/"
READERS = 50


def post_form(base, path, fields, headers=None):
    """(status, headers) of a form POST, redirects not followed."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        body = urllib.parse.urlencode(fields)
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": base, **(headers or {})},
        )
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def form_token(base):
    """The token of the comment form of post 1, as a reader opening it gets it."""
    _status, headers, body = fetch(base + "/comments/new/1/")
    assert "no-store" in headers["Cache-Control"]
    return re.search(rb'name="token" value="([^"]+)"', body).group(1).decode()


def post_fifty(server):
    token = form_token(server.base)
    barrier = threading.Barrier(READERS)
    statuses, errors = [], []

    def reader(n):
        fields = {"name": f"读者{n:02d}", "email": f"r{n}@example.com", "body": f"并发评论 {n:02d}", "token": token}
        barrier.wait()
        try:
            status, _ = post_form(server.base, "/comments/post/1/", fields, {"X-Forwarded-For": f"203.0.113.{n + 1}"})
            statuses.append(status)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


def concurrency_env(tmp_path, **extra):
    return app_env(
        tmp_path,
        BLOG_COMMENTS_MODERATION="open",
        BLOG_COMMENTS_MIN_SECONDS="0",
        BLOG_PROXY_HOPS="1",  # each reader's own address, from X-Forwarded-For
        **extra,
    )


def check_fifty(server, statuses, errors, count_rows):
    assert not errors, errors[:5]
    assert statuses.count(303) == READERS, {s: statuses.count(s) for s in set(statuses)}
    assert count_rows() == (READERS, READERS)  # rows, and the post's comment_count
    _status, _headers, page = fetch(server.base + POST)
    html = page.decode()
    assert all(f"并发评论 {n:02d}" in html for n in range(READERS))
    logs = server.logs()
    assert "Traceback" not in logs and "database is locked" not in logs


def test_fifty_comments_at_once_on_sqlite(tmp_path):
    env = concurrency_env(tmp_path)
    prepare(env)
    with Gunicorn(env, tmp_path, workers=4) as server:
        statuses, errors = post_fifty(server)

        def count_rows():
            with sqlite3.connect(tmp_path / "db.sqlite3") as db:
                rows = db.execute("SELECT COUNT(*) FROM blog_comment").fetchone()[0]
                return rows, db.execute("SELECT comment_count FROM blog_post WHERE id = 1").fetchone()[0]

        check_fifty(server, statuses, errors, count_rows)


def test_fifty_comments_at_once_on_postgresql(tmp_path):
    import psycopg
    import redis

    server_url = urllib.parse.urlsplit(postgres_server_url())
    cache_url = redis_url()
    database = f"blog_cmt_fifty_{os.getpid()}"
    admin_url = server_url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {database}")
    prefix = f"test-cmt-{secrets.token_hex(4)}"
    db_url = server_url._replace(path=f"/{database}").geturl()
    try:
        env = concurrency_env(tmp_path, DATABASE_URL=db_url, REDIS_URL=cache_url, DJANGO_CACHE_PREFIX=prefix)
        prepare(env)
        with Gunicorn(env, tmp_path, workers=4) as server:
            statuses, errors = post_fifty(server)

            def count_rows():
                with psycopg.connect(db_url) as db:
                    rows = db.execute("SELECT COUNT(*) FROM blog_comment").fetchone()[0]
                    return rows, db.execute("SELECT comment_count FROM blog_post WHERE id = 1").fetchone()[0]

            check_fifty(server, statuses, errors, count_rows)
    finally:
        client = redis.Redis.from_url(cache_url)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


# --- make run: gunicorn and the mail worker ------------------------------------------------------
def wait_for(condition, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def mail_to(smtp, address, timeout=60):
    def arrived():
        return any(address in m.envelope_to for m in smtp.messages)

    wait_for(arrived, timeout, f"mail to {address}")
    return next(m for m in smtp.messages if address in m.envelope_to)


@pytest.fixture
def make_run(tmp_path):
    """`make run` on a private SQLite database, mail going to an SMTP server started here."""
    smtp = SMTPServer().start()
    port = free_port()
    env = app_env(
        tmp_path,
        PORT=str(port),
        WEB_CONCURRENCY="2",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp.port),
        DJANGO_DEFAULT_FROM_EMAIL="blog@example.com",
        BLOG_COMMENTS_MODERATION="open",
        BLOG_COMMENTS_MIN_SECONDS="0",
    )
    manage(env, "migrate", "--noinput")
    link_author = (
        "from django.contrib.auth.models import User; from blog.models import Author;"
        "u = User.objects.create_user('eric', 'eric@example.com', 'pw');"
        "a = Author.objects.get(); a.user = u; a.save()"
    )
    manage(env, "load_seed")
    manage(env, "shell", "-c", link_author)
    log = open(tmp_path / "make-run.log", "w")  # noqa: SIM115  (closed below)
    # -o .secret_key: the key is in the environment; leave the checkout without a key file.
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".secret_key", "run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _healthy(base), 120, "make run to serve")
        yield base, smtp, process, tmp_path / "make-run.log"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        smtp.stop()


def _healthy(base):
    try:
        return fetch(base + "/healthz", timeout=2)[0] == 200
    except OSError:
        return False


def group_processes(pgid):
    """Processes still alive in the process group (read from /proc)."""
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()  # noqa: SIM115
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry))
    return alive


def test_make_run_sends_comment_mail_from_its_worker_and_stops_on_ctrl_c(make_run):
    base, smtp, process, log_path = make_run
    token = form_token(base)
    fields = {"name": "甲", "email": "jia@example.com", "body": "第一条", "token": token, "notify": "on"}
    assert post_form(base, "/comments/post/1/", fields)[0] == 303
    author_mail = mail_to(smtp, "eric@example.com")
    assert "第一条" in body_of(author_mail)
    confirm = mail_to(smtp, "jia@example.com")
    confirm_path = re.search(r"(/comments/confirm/[^/\s]+/)", body_of(confirm)).group(1)
    assert post_form(base, confirm_path, {})[0] == 200
    reply = {"name": "乙", "body": "回复甲", "token": token, "parent": "1"}
    assert post_form(base, "/comments/post/1/", reply)[0] == 303
    wait_for(lambda: sum("jia@example.com" in m.envelope_to for m in smtp.messages) == 2, 60, "the reply mail")
    reply_mail = [m for m in smtp.messages if "jia@example.com" in m.envelope_to][-1]
    unsubscribe = reply_mail["List-Unsubscribe"].strip().strip("<>")
    assert reply_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert post_form(base, urllib.parse.urlsplit(unsubscribe).path, {"List-Unsubscribe": "One-Click"})[0] == 200

    assert len(group_processes(process.pid)) >= 4  # make, its shell, gunicorn (master, workers), the worker
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    process.wait(timeout=60)
    wait_for(lambda: not group_processes(process.pid), 30, "every process of make run to stop")
    assert "Starting worker" in log_path.read_text()
