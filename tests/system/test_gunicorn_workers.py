"""gunicorn with several workers on one machine (SQLite + the shared file cache):
a change shows up in every worker at once, a killed worker is replaced with no
failures beyond the request it was serving, and every request is logged."""

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from .servers import ROOT, Gunicorn, app_env, fetch, prepare

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack

POST = "/2025/06/19/105626/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workers")
    env = app_env(tmp)
    prepare(env)
    with Gunicorn(env, tmp, workers=2) as running:
        yield running


def orm(server, code):
    """Run code against the server's database from a third process."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_edit_reaches_every_worker_at_once(server):
    for _ in range(10):  # both workers have the page in their copies and the shared cache
        status, headers, _body = fetch(server.base + POST)
        assert status == 200
    assert headers["X-Cache"] == "hit"
    title = f"Edited in another process {uuid.uuid4().hex[:8]}"
    orm(server, f"from blog.models import Post; p = Post.objects.get(slug='105626'); p.title = {title!r}; p.save()")
    for _ in range(12):  # whichever worker answers, it has seen the new version
        status, _headers, body = fetch(server.base + POST)
        assert status == 200 and title in body.decode()


def test_killed_worker_is_replaced_and_only_its_request_fails(server):
    pids = server.worker_pids()
    assert len(pids) == 2
    results = {"ok": 0, "failed": 0}
    stop = threading.Event()
    pages = ["/", POST, "/tags/ai/", "/?uncached=" + uuid.uuid4().hex]

    lock = threading.Lock()

    def client(n):
        i = n
        while not stop.is_set():
            try:
                outcome = "ok" if fetch(server.base + pages[i % len(pages)], timeout=10)[0] == 200 else "failed"
            except (OSError, http.client.HTTPException):  # reset, cut short
                outcome = "failed"
            with lock:
                results[outcome] += 1
            i += 1

    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    time.sleep(1)
    victim = sorted(pids)[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = server.worker_pids()
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    time.sleep(1)  # keep loading the replacement
    stop.set()
    for thread in clients:
        thread.join(timeout=30)
    replaced = server.worker_pids()
    assert victim not in replaced and len(replaced) == 2, replaced
    print(f"worker {victim} killed; replaced by {sorted(replaced - pids)}; requests {results}")
    assert results["ok"] > 100
    # A sync worker serves one request at a time: at most that one was lost.
    assert results["failed"] <= 1, results
    assert fetch(server.base + "/healthz")[0] == 200


def test_one_access_log_line_per_request_on_stdout(server):
    marker = uuid.uuid4().hex
    for _ in range(3):
        fetch(f"{server.base}/?probe={marker}")
    fetch(f"{server.base}/no-such-page-{marker}/")
    time.sleep(0.3)
    stdout = server.stdout_path.read_text()
    lines = re.findall(rf'"GET /\?probe={marker} HTTP/1\.1" 200 \d+ \d+ms', stdout)
    assert len(lines) == 3, stdout[-2000:]
    assert re.search(rf'"GET /no-such-page-{marker}/ HTTP/1\.1" 404 \d+ \d+ms', stdout)


def test_head_sends_get_headers_and_no_body(server):
    import urllib.request

    for expected in ("miss", "hit"):
        url = server.base + f"/tags/ai/?q=head-{expected}"  # a parameter the cache keys on
        if expected == "hit":
            fetch(url)  # a GET stores it
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as response:
            assert response.headers["X-Cache"] == expected
            assert response.read() == b""
            length = int(response.headers["Content-Length"])
        _status, _headers, body = fetch(url)
        assert length == len(body)
    time.sleep(0.2)
    assert "sent body bytes on a no-body response" not in server.logs()


def test_production_static_files_and_cached_pages_carry_security_headers(server):
    _status, _headers, body = fetch(server.base + "/")
    css = re.search(r'href="(/static/css/blog\.[0-9a-f]{12}\.css)"', body.decode()).group(1)
    for path in (css, "/", "/"):
        status, headers, _body = fetch(server.base + path)
        assert status == 200
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] and "camera=()" in headers["Permissions-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Cache"] == "hit"
