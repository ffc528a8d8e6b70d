"""Security headers on every kind of response, cached ones included, and the
production switches read from the environment."""

import os
import secrets
import subprocess
import sys

import pytest
from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path

from config.csp import site_policy

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def assert_secure_headers(response):
    for header, value in REQUIRED.items():
        assert response.get(header) == value, (header, dict(response.headers))
    csp = response["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url, status",
    [
        ("/", 200),
        ("/2025/06/19/105626/", 200),
        ("/tags/ai/", 200),
        ("/about/", 200),
        ("/no-such-page/", 404),
        ("/2025/02/30/x/", 404),
        ("/admin/login/", 200),
        ("/admin/", 302),
        ("/healthz", 200),
        ("/static/css/blog.css", 200),  # served by WhiteNoise
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, seed, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_secure_headers(response)


def test_cached_and_not_modified_responses_carry_them_too(client, seed):
    client.get("/")
    hit = client.get("/")
    assert hit["X-Cache"] == "hit"
    assert_secure_headers(hit)
    not_modified = client.get("/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304
    assert_secure_headers(not_modified)


def test_admin_post_carries_them(admin_client, seed):
    response = admin_client.post("/admin/blog/post/add/", {})
    assert response.status_code == 200  # the form with its errors
    assert_secure_headers(response)


def test_memoised_policy_is_django_csps_own():
    from csp.utils import build_policy

    assert site_policy("CONTENT_SECURITY_POLICY", False)[0] == build_policy()


def test_policy_follows_settings_changes(client, db, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'"], "img-src": ["https://img.example"]}
    }
    assert "https://img.example" in client.get("/healthz")["Content-Security-Policy"]


@csp_update({"img-src": "https://extra.example"})
def decorated(request):
    return HttpResponse("ok")


urlpatterns = [path("decorated/", decorated), path("", include("config.urls"))]


@pytest.mark.urls(__name__)
def test_per_view_policy_changes_still_work(client, db):
    response = client.get("/decorated/")
    assert "https://extra.example" in response["Content-Security-Policy"]
    assert "https://extra.example" not in client.get("/healthz")["Content-Security-Policy"]


def test_https_redirect_spares_the_health_probe(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    home = client.get("/")
    assert home.status_code == 301 and home["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200
    assert client.get("/", secure=True).status_code == 200


# --- Production switches, read in a fresh process ------------------------------------------
def production(code, **env):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    base.update(
        DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **env
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings as s; {code}"],
        cwd=settings.BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_secure_turns_on_hsts_secure_cookies_and_redirect():
    out = production(
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.LANGUAGE_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)",
        DJANGO_SECURE="1",
    )
    assert out == "31536000 True True True True None"


def test_behind_proxy_trusts_forwarded_proto_and_csrf_origins_from_env():
    out = production(
        "print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://blog.example.com,https://www.blog.example.com",
    )
    assert out == "('HTTP_X_FORWARDED_PROTO', 'https') ['https://blog.example.com', 'https://www.blog.example.com']"


def test_sessions_and_cache_are_shared_not_in_process():
    out = production("print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'])", REDIS_URL="redis://cache:6379/0")
    assert out == "django.contrib.sessions.backends.db config.cachebackends.RedisCache"
    out = production(
        "print(s.CACHES['default']['BACKEND'], s.STORAGES['default']['BACKEND'])",
        DJANGO_MEDIA_STORAGE="storages.backends.s3.S3Storage",
    )
    assert out == "config.cachebackends.DiskCache storages.backends.s3.S3Storage"


def test_postgresql_connections_persist_with_health_checks():
    out = production(
        "d = s.DATABASES['default']; print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DATABASE_URL="postgres://blog:secret@db.example:5432/blog",
    )
    assert out == "django.db.backends.postgresql 600 True"


def test_sqlite_runs_in_wal_with_busy_timeout_and_immediate_transactions():
    out = production(
        "o = s.DATABASES['default']['OPTIONS']; print(o['transaction_mode'], o['timeout'],"
        " 'journal_mode=WAL' in o['init_command'], 'busy_timeout' in o['init_command'])"
    )
    assert out == "IMMEDIATE 20 True True"
