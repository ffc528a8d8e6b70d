"""A flood of junk URLs against gunicorn (2 workers, the diskcache page cache with a budget of 300
entries): tracking parameters, unknown parameters, one-off searches, page numbers a post does
not read. Afterwards the home page and the post are still hits, and the shared cache holds no
more than its budget."""

import threading
import uuid

import pytest

from .servers import Gunicorn, app_env, fetch, manage, prepare

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack

POST = "/2025/06/19/105626/"
BUDGET = 300


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("junk")
    env = app_env(tmp, DJANGO_CACHE_MAX_ENTRIES=str(BUDGET), DJANGO_PAGE_CACHE_LOCAL_ENTRIES="200")
    prepare(env)
    with Gunicorn(env, tmp, workers=2) as running:
        yield running


def junk_urls(count):
    tag = uuid.uuid4().hex[:6]
    kinds = [
        lambda n: f"/?utm_source={tag}{n}&utm_campaign=x",
        lambda n: f"/?fbclid={tag}{n}",
        lambda n: f"/?x{tag}={n}",
        lambda n: f"/search/?q={tag}{n}",
        lambda n: f"{POST}?page={n % 9999 + 1}",
        lambda n: f"/tags/ai/?{tag}={n}",
    ]
    return [kinds[n % len(kinds)](n) for n in range(count)]


def test_3000_junk_urls_leave_the_hot_pages_hits(server):
    for _ in range(20):  # read often: hot in both workers
        for path in ("/", POST):
            assert fetch(server.base + path)[0] == 200
    urls = junk_urls(3000)
    failures = []

    def flood(part):
        for path in part:
            status = fetch(server.base + path, timeout=30)[0]
            if status != 200:
                failures.append((path, status))

    threads = [threading.Thread(target=flood, args=(urls[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]
    for _ in range(4):  # whichever worker answers
        for path in ("/", POST):
            _status, headers, _body = fetch(server.base + path)
            assert headers["X-Cache"] == "hit", path
    out = manage(
        server.env, "shell", "-c", "from django.core.cache import caches; print(len(caches['pagecache']._cache))"
    )
    entries = int(out.split()[-1])
    assert entries <= BUDGET + 64 * 2, entries  # each of the 2 workers checks every 64 of its writes
