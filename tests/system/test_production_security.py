"""What a production deploy behind a TLS proxy actually sends: HSTS, secure cookies, the HTTPS
redirect, and SQLite in WAL mode — observed on gunicorn, not read back from settings."""

import sqlite3
import urllib.parse
import urllib.request

import pytest

from .servers import Gunicorn, app_env, fetch, form_fields, manage, prepare

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack

HTTPS = {"X-Forwarded-Proto": "https"}


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is the answer we look at


OPENER = urllib.request.build_opener(NoRedirects)


def get(url, **kwargs):
    return fetch(url, opener=OPENER, **kwargs)


@pytest.fixture(scope="module")
def secure_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("secure")
    env = app_env(tmp, DJANGO_SECURE="1", DJANGO_BEHIND_PROXY="1")
    prepare(env)
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": "a long passphrase 42"},
        "createsuperuser",
        "--noinput",
        "--username",
        "boss",
        "--email",
        "boss@example.com",
    )
    with Gunicorn(env, tmp) as gunicorn:
        gunicorn.db = tmp / "db.sqlite3"
        yield gunicorn


def cookies(headers):
    """{name: the Set-Cookie header} of a response."""
    return {value.split("=", 1)[0]: value for value in headers.get_all("Set-Cookie") or []}


def test_plain_http_is_redirected_to_https_except_the_health_probe(secure_server):
    status, headers, _body = get(secure_server.base + "/")
    assert status == 301 and headers["Location"].startswith("https://")
    assert get(secure_server.base + "/healthz")[0] == 200


def test_https_pages_carry_hsts(secure_server):
    status, headers, _body = get(secure_server.base + "/", headers=HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_every_cookie_is_secure(secure_server):
    base = secure_server.base
    status, headers, body = get(base + "/admin/login/", headers=HTTPS)
    assert status == 200
    csrf = cookies(headers)["csrftoken"]
    assert "Secure" in csrf
    fields = dict(form_fields(body.decode(), form_id="login-form"))
    fields.update(username="boss", password="a long passphrase 42")
    origin = "https://" + urllib.parse.urlsplit(base).netloc
    status, headers, _body = get(
        base + "/admin/login/?next=/admin/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={
            **HTTPS,
            "Origin": origin,
            "Cookie": csrf.split(";", 1)[0],
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    session = cookies(headers).get("sessionid", "")
    assert status == 302 and "Secure" in session and "HttpOnly" in session, (status, headers)
    _status, headers, _body = get(base + "/lang/en/?next=/", headers=HTTPS)
    assert "Secure" in cookies(headers)["django_language"]


def test_sqlite_runs_in_wal_mode(secure_server):
    assert get(secure_server.base + "/", headers=HTTPS)[0] == 200
    with sqlite3.connect(secure_server.db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
