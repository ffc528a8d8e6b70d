"""Helpers for tests that run the real thing: gunicorn (or several) on free
ports, PostgreSQL and Redis when present, and the admin's forms over HTTP."""

import html.parser
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from ..helpers import production_env

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, headers=None, opener=None, data=None, timeout=10):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def app_env(tmp, **extra):
    """Production settings on a private SQLite file, cache, static and media."""
    env = production_env(
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_CACHE_DIR=str(tmp / "cache"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def prepare(env):
    """migrate, load the seed, collectstatic: what `make run` does."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput")


class Gunicorn:
    """gunicorn from gunicorn.conf.py; stdout and stderr kept apart."""

    def __init__(self, env, tmp, workers=2, name="gunicorn", **extra):
        self.port = free_port()
        self.env = {**env, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers), **extra}
        self.base = f"http://127.0.0.1:{self.port}"
        self.stdout_path = tmp / f"{name}.out"
        self.stderr_path = tmp / f"{name}.err"

    def start(self):
        self.stdout = open(self.stdout_path, "w")  # noqa: SIM115  (closed by stop())
        self.stderr = open(self.stderr_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.base + "/healthz", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"gunicorn did not start:\n{self.stdout_path.read_text()}\n{self.stderr_path.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stdout.close()
        self.stderr.close()

    def worker_pids(self):
        """The master's children, read from /proc (Linux)."""
        pids = set()
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            children = (task / "children").read_text().split()
            pids.update(int(pid) for pid in children)
        return pids

    def logs(self):
        return self.stdout_path.read_text() + self.stderr_path.read_text()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- Services -----------------------------------------------------------------------
def _service_missing(what, hint):
    message = f"{what} is not reachable ({hint}); this test needs it"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
    pytest.skip(message)


def postgres_server_url():
    """A URL to the PostgreSQL server (any database), or skip/fail."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    import psycopg

    parts = urllib.parse.urlsplit(url)
    try:
        psycopg.connect(parts._replace(path="/postgres").geturl(), connect_timeout=3).close()
    except psycopg.Error as exc:
        _service_missing("PostgreSQL", f"{parts.hostname}:{parts.port or 5432}: {exc}".strip())
    return url


def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        _service_missing("Redis", f"{url}: {exc}")
    return url


# --- The admin over HTTP ----------------------------------------------------------------
class FormParser(html.parser.HTMLParser):
    """The fields a browser would submit from one <form>, with their current values."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            value = self._textarea[1]
            self.fields.append((self._textarea[0], value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html_text, form_id=None):
    parser = FormParser(form_id)
    parser.feed(html_text)
    return parser.fields


def replace_field(fields, name, value):
    return [(n, value if n == name else v) for n, v in fields]


class AdminSession:
    """Signs in to the admin over HTTP like a browser (cookies, CSRF token)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        return fetch(self.base + path, opener=self.opener)

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        return fetch(
            self.base + path,
            opener=self.opener,
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def login(self, username, password):
        _status, _headers, body = self.get("/admin/login/")
        fields = dict(form_fields(body.decode(), form_id="login-form"))
        fields.update(username=username, password=password)
        status, _headers, body = self.post("/admin/login/?next=/admin/", list(fields.items()))
        assert status == 200 and b"logout" in body.lower(), body[:2000]

    def edit(self, path, form_id, **changes):
        """Submit the form at path with some fields changed; returns the response."""
        status, _headers, body = self.get(path)
        assert status == 200, status
        fields = form_fields(body.decode(), form_id=form_id)
        for name, value in changes.items():
            fields = replace_field(fields, name, value)
        return self.post(path, fields)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)
