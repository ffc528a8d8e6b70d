"""The real thing: migrate, load the seed, collectstatic, serve with gunicorn."""

import re
import time

import pytest

from .servers import Gunicorn, app_env, fetch, prepare

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = app_env(tmp)
    prepare(env)  # what `make run` does before serving
    with Gunicorn(env, tmp) as gunicorn:
        yield gunicorn


def test_gunicorn_serves_the_seed_post(server):
    status, headers, body = fetch(server.base + "/2025/06/19/105626/")
    assert status == 200
    assert "Deepseek那么厉害,为什么要开源" in body.decode()
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers


def test_gunicorn_serves_hashed_compressed_static(server):
    _status, _headers, body = fetch(server.base + "/")
    css = re.search(r'href="(/static/css/blog\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "stylesheet URL is not hashed"
    status, headers, _body = fetch(server.base + css.group(1), headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]


def test_gunicorn_404_and_access_log(server):
    assert fetch(server.base + "/2025/13/45/105626/")[0] == 404
    time.sleep(0.2)
    assert re.search(r'"GET /2025/13/45/105626/ HTTP/1.1" 404 \d+ \d+ms', server.logs())
