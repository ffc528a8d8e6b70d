"""The real thing: migrate, load the seed, collectstatic, serve with gunicorn."""
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_CACHE_DIR=str(tmp / "cache"),
        PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    for command in (["migrate", "--noinput"], ["load_seed"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    log = open(tmp / "gunicorn.log", "w")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/")
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    else:
        process.terminate()
        pytest.fail("gunicorn did not start: " + (tmp / "gunicorn.log").read_text())
    yield base, tmp / "gunicorn.log"
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_gunicorn_serves_the_seed_post(gunicorn_server):
    base, _log = gunicorn_server
    status, headers, body = fetch(base + "/2025/06/19/105626/")
    assert status == 200
    html = body.decode()
    assert "Deepseek那么厉害,为什么要开源" in html
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers


def test_gunicorn_serves_hashed_compressed_static(gunicorn_server):
    base, _log = gunicorn_server
    _status, _headers, body = fetch(base + "/")
    css = re.search(r'href="(/static/css/blog\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "stylesheet URL is not hashed"
    request = urllib.request.Request(base + css.group(1), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert "max-age=315360000" in response.headers["Cache-Control"]


def test_gunicorn_404_and_access_log(gunicorn_server):
    base, log = gunicorn_server
    assert fetch(base + "/2025/13/45/105626/")[0] == 404
    time.sleep(0.2)
    assert re.search(r'"GET /2025/13/45/105626/ HTTP/1.1" 404 \d+ \d+ms', log.read_text())
