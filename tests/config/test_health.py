"""/healthz: 200 while the database answers, 503 when it does not; never cached."""

import json
from unittest import mock

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from ..helpers import run_python
from ..system.servers import free_port


def test_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok", "outbox": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_503_when_the_query_fails(client, db):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("server closed the connection")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "error"
    assert client.get("/healthz").status_code == 200  # and back once it answers


def test_cache_outage_is_reported_not_fatal(client, db):
    from django.core.cache import caches

    with mock.patch.object(type(caches["pagecache"]), "get", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["cache"] == "unavailable" and body["status"] == "degraded"


def test_an_open_breaker_is_reported_at_once(client, db):
    from django.core.cache import caches

    breaker = caches["default"].breaker
    breaker.failed(ConnectionError("refused"))
    try:
        body = json.loads(client.get("/healthz").content)
    finally:
        breaker.succeeded()
    assert body["cache"] == "unavailable" and body["status"] == "degraded"


def test_waiting_deliveries_are_reported(client, db, monkeypatch):
    from pagecache import purge

    monkeypatch.setattr(purge, "pending", lambda: 3)
    body = json.loads(client.get("/healthz").content)
    assert body["outbox"] == "3 deliveries waiting for retry" and body["status"] == "degraded"


def test_head_allowed_post_refused(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_503_with_an_unreachable_postgresql(tmp_path):
    """A real process whose DATABASE_URL points at a port nothing listens on."""
    code = (
        "import django; django.setup(); from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    result = run_python(
        code,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nothing",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)  # after the logged error
    assert status == "503" and json.loads(body)["database"] == "unavailable"
    assert "Health check: database unavailable" in result.stdout  # logged to stdout
