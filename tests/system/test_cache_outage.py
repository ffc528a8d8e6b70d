"""The cache is an optimisation, never a dependency: gunicorn (2 workers) with REDIS_URL on a
redis-server of the test's own, then that Redis stopped (connection refused), hung (SIGSTOP: it
accepts connections and never answers) and a bare socket that accepts and never answers. Every
public page answers 200, a dead cache costs a timeout per interval and not per call, writes go
through, /healthz says "degraded", and when Redis answers again no stale page is served."""

import json
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest

from .servers import AdminSession, Gunicorn, app_env, fetch, free_port, manage, prepare

POST = "/2025/06/19/105626/"
PUBLIC = ["/", POST, "/tags/ai/", "/tags/", "/archive/", "/2025/", "/search/?q=%E5%BC%80%E6%BA%90", "/feed/", "/about/"]
PASSWORD = "a long passphrase for tests"


class RedisServer:
    def __init__(self, tmp):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
        self.port = free_port()
        self.dir = tmp

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(64).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outage")
    redis = RedisServer(tmp).start()
    env = app_env(
        tmp,
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
        DJANGO_SUPERUSER_USERNAME="editor",
        DJANGO_SUPERUSER_EMAIL="editor@example.com",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    prepare(env)
    manage(env, "createsuperuser", "--noinput")
    server = Gunicorn(env, tmp, workers=2).start()
    try:
        yield server, redis
    finally:
        server.stop()
        redis.stop()


def timed_get(server, path):
    started = time.monotonic()
    status, headers, body = fetch(server.base + path, timeout=30)
    return status, headers, body.decode(), time.monotonic() - started


def warm(server):
    for path in PUBLIC * 3:
        fetch(server.base + path)
    assert fetch(server.base + POST)[1]["X-Cache"] == "hit"


def edit_title(server, title):
    editor = AdminSession(server.base)
    editor.login("editor", PASSWORD)
    out = manage(server.env, "shell", "-c", "from blog.models import Post; print(Post.objects.get(slug='105626').pk)")
    status, _headers, body = editor.edit(f"/admin/blog/post/{out.split()[-1]}/change/", "post_form", title=title)
    assert status == 200 and b"errornote" not in body, body[:3000]


def assert_site_up_uncached(server, title=None, rounds=3):
    slow = 0
    for path in PUBLIC * rounds:
        status, headers, html, seconds = timed_get(server, path)
        assert status == 200, (path, status)
        assert headers.get("X-Cache") is None, path  # served uncached, not from a copy it cannot check
        slow += seconds > 0.2
        if title and path in ("/", POST):
            assert title in html, path
    # One timeout (0.25 s) per worker and breaker interval, not one per call.
    assert slow <= 4, slow


def health(server):
    status, _headers, body = fetch(server.base + "/healthz")
    return status, json.loads(body)


def test_redis_stopped_then_back(site):
    server, redis = site
    warm(server)
    redis.stop()
    assert_site_up_uncached(server)
    title = f"Saved with Redis down {uuid.uuid4().hex[:8]}"
    edit_title(server, title)  # writes still work
    assert_site_up_uncached(server, title)
    status, body = health(server)
    assert status == 200 and body["status"] == "degraded" and body["cache"] == "unavailable"
    redis.start()  # empty, on the same port
    time.sleep(5.5)  # the breakers' interval
    for path in PUBLIC * 2:
        status, _headers, html, _seconds = timed_get(server, path)
        assert status == 200
        if path in ("/", POST):
            assert title in html
    assert fetch(server.base + POST)[1]["X-Cache"] == "hit"
    assert health(server)[1]["cache"] == "ok"


def test_redis_hung_then_back_serves_no_stale_page(site):
    server, redis = site
    warm(server)
    redis.pause()  # accepts connections, never answers
    try:
        assert_site_up_uncached(server)
        title = f"Saved with Redis hung {uuid.uuid4().hex[:8]}"
        edit_title(server, title)
        assert_site_up_uncached(server, title)
        status, body = health(server)
        assert status == 200 and body["status"] == "degraded"
    finally:
        redis.resume()  # with every page and record it had before the outage
    time.sleep(5.5)
    for path in PUBLIC * 3:
        status, _headers, html, _seconds = timed_get(server, path)
        assert status == 200
        if path in ("/", POST):
            assert title in html, path  # never the copy cached before the edit
    # And the cache is used again: each worker's breaker closes on its own clock, so a worker
    # may still skip it for a moment on a busy machine.
    deadline = time.monotonic() + 15
    while fetch(server.base + POST)[1]["X-Cache"] != "hit":
        assert time.monotonic() < deadline, "the page cache was not used again after Redis came back"
        time.sleep(0.5)


def test_a_socket_that_accepts_and_never_answers(tmp_path):
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(64)  # the kernel completes connections; nothing ever reads them
    try:
        env = app_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{hung.getsockname()[1]}/0")
        prepare(env)
        with Gunicorn(env, tmp_path, workers=2) as server:
            started = time.monotonic()
            assert_site_up_uncached(server, rounds=2)
            assert time.monotonic() - started < 10
            status, body = health(server)
            assert status == 200 and body["cache"] == "unavailable"
    finally:
        hung.close()
