"""Two app hosts sharing PostgreSQL and Redis, as a site outgrowing one machine
runs: an edit made through one shows up on the very next request to the
other, and a sign-in on one is valid on the other (nothing lives in a
process). Skipped without the servers, failed instead under REQUIRE_SERVICES=1."""

import secrets
import subprocess
import sys
import urllib.parse
import uuid

import pytest

from .servers import ROOT, AdminSession, Gunicorn, app_env, fetch, manage, postgres_server_url, redis_url

POST = "/2025/06/19/105626/"
# Its own database per run: several runs (CI and a developer, or parallel checkouts) may share one server.
DATABASE = f"blog_hosts_{uuid.uuid4().hex[:12]}"
# Behind a load balancer every host sees the site's own name.
SITE = {"Host": "blog.test"}


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    import psycopg
    import redis

    server_url = urllib.parse.urlsplit(postgres_server_url())
    cache_url = redis_url()
    admin_url = server_url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {DATABASE}")
    prefix = f"test-hosts-{secrets.token_hex(4)}"
    shared = {
        "DATABASE_URL": server_url._replace(path=f"/{DATABASE}").geturl(),
        "REDIS_URL": cache_url,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_ALLOWED_HOSTS": "blog.test,127.0.0.1",
        "DJANGO_SUPERUSER_USERNAME": "editor",
        "DJANGO_SUPERUSER_EMAIL": "editor@example.com",
        "DJANGO_SUPERUSER_PASSWORD": "a long passphrase for tests",
    }
    servers = []
    try:
        for name in ("a", "b"):
            tmp = tmp_path_factory.mktemp(f"host-{name}")
            env = app_env(tmp, **shared)
            if name == "a":
                env["DJANGO_SECRET_KEY"] = secret = "test-" + secrets.token_urlsafe(40)
                manage(env, "migrate", "--noinput")
                manage(env, "load_seed")
                manage(env, "createsuperuser", "--noinput")
            env["DJANGO_SECRET_KEY"] = secret  # every host of a site shares its key
            manage(env, "collectstatic", "--noinput")
            servers.append(Gunicorn(env, tmp, workers=1, name=f"host-{name}").start())
        yield servers
    finally:
        for server in servers:
            server.stop()
        client = redis.Redis.from_url(cache_url)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def title_of(server, path=POST):
    status, headers, body = fetch(server.base + path, headers=SITE)
    assert status == 200
    return body.decode(), headers.get("X-Cache")


def test_a_page_rendered_on_one_host_is_served_by_the_other(hosts):
    a, b = hosts
    fetch(a.base + "/tags/ai/", headers=SITE)
    _body, cache_state = title_of(b, "/tags/ai/")
    assert cache_state == "hit"


def test_edit_through_one_host_shows_on_the_other(hosts):
    a, b = hosts
    for server in (a, b, a, b):
        title_of(server)
    assert title_of(b)[1] == "hit"
    editor = AdminSession(a.base)
    editor.login("editor", "a long passphrase for tests")
    import psycopg

    with psycopg.connect(a.env["DATABASE_URL"]) as db:
        post_id = db.execute("SELECT id FROM blog_post WHERE slug = '105626'").fetchone()[0]
    change = f"/admin/blog/post/{post_id}/change/"
    title = f"Edited on host A {uuid.uuid4().hex[:8]}"
    status, _headers, body = editor.edit(change, "post_form", title=title)
    assert status == 200 and b"errornote" not in body  # followed the redirect to the list
    html, cache_state = title_of(b)
    assert title in html and cache_state == "miss"
    assert title in title_of(a)[0]

    # A session made on host A is valid on host B: sessions live in the database.
    opener_b = AdminSession(b.base)
    opener_b.jar = editor.jar
    opener_b.opener = editor.opener
    status, _headers, body = opener_b.get("/admin/")
    assert status == 200 and b"logout" in body.lower()


def test_orm_edit_from_a_third_process_shows_on_both(hosts):
    a, b = hosts
    for server in (a, b, a, b):
        title_of(server)
    title = f"Edited elsewhere {uuid.uuid4().hex[:8]}"
    code = f"from blog.models import Post; p = Post.objects.get(slug='105626'); p.title = {title!r}; p.save()"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=a.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert title in title_of(b)[0]
    assert title in title_of(a)[0]
