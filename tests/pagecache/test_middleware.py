"""The full-page cache: what is stored, for whom, and how a change invalidates it."""

import time

import pytest
import time_machine
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from blog.models import Author, Page, Post
from pagecache import middleware, version

from ..helpers import local


def x_cache(response):
    return response.headers.get("X-Cache")


def test_second_anonymous_request_is_a_hit_without_queries(client, seed, django_assert_num_queries):
    first = client.get(seed.get_absolute_url())
    assert first.status_code == 200 and x_cache(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(seed.get_absolute_url())
    assert x_cache(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("url", ["/", "/tags/ai/", "/about/"])
def test_public_pages_are_cached(client, seed, url):
    assert x_cache(client.get(url)) == "miss"
    assert x_cache(client.get(url)) == "hit"


def test_head_is_answered_from_the_get_entry(client, seed):
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200 and x_cache(response) == "hit"


def test_language_cookie_is_part_of_the_key(client, seed):
    chinese = client.get("/")
    client.cookies["django_language"] = "en"
    english = client.get("/")
    assert x_cache(english) == "miss" and english["Content-Language"] == "en"
    again = client.get("/")
    assert x_cache(again) == "hit" and again["Content-Language"] == "en"
    assert 'lang="en"' in again.content.decode() and 'lang="zh-hans"' in chinese.content.decode()
    # An unknown language falls back to the site's, and so does its cache entry.
    client.cookies["django_language"] = "xx"
    assert x_cache(client.get("/")) == "hit"
    assert client.get("/")["Content-Language"] == "zh-hans"


def test_query_string_and_host_are_part_of_the_key(client, seed):
    client.get("/")
    assert x_cache(client.get("/?page=1")) == "miss"
    assert x_cache(client.get("/?page=1")) == "hit"
    assert x_cache(client.get("/", HTTP_HOST="localhost")) == "miss"


@pytest.fixture
def stored(monkeypatch):
    """The keys of the pages stored while the test runs."""
    keys = []
    real = middleware.PageCacheMiddleware._store

    def spy(self, key, *args, **kwargs):
        keys.append(key)
        return real(self, key, *args, **kwargs)

    monkeypatch.setattr(middleware.PageCacheMiddleware, "_store", spy)
    return keys


def test_disallowed_host_is_400_not_cached(client, seed, stored):
    for _ in range(2):
        response = client.get("/", HTTP_HOST="evil.example")
        assert response.status_code == 400 and x_cache(response) is None
    assert stored == []
    assert x_cache(client.get("/")) == "miss" and len(stored) == 1  # the spy sees stores


def test_signed_in_staff_bypass_the_cache(client, seed, editor):
    client.get("/")
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 200 and x_cache(response) is None


def test_staff_preview_of_a_draft_is_never_stored(client, make_post, editor, stored):
    draft = make_post(slug="wip", status=Post.Status.DRAFT)
    client.force_login(editor)
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "preview-banner" in preview.content.decode()
    # Not by us, nor by a browser or proxy on the way.
    assert stored == [] and x_cache(preview) is None
    control = preview["Cache-Control"]
    assert "private" in control and "no-store" in control
    client.logout()
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz", "/no-such-page/", "/2025/13/40/105626/"])
def test_admin_health_and_errors_are_never_cached(client, seed, url):
    for _ in range(2):
        assert x_cache(client.get(url)) is None


# --- What kind of response may be stored -----------------------------------------------
def sets_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("tracking", "1")
    return response


@never_cache
def uncacheable(request):
    return HttpResponse("never")


def private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private, max-age=60"
    return response


def varies_on_language_header(request):
    response = HttpResponse("negotiated")
    patch_vary_headers(response, ("Accept-Language",))
    return response


def varies_on_cookie(request):
    response = HttpResponse("per cookie")
    patch_vary_headers(response, ("Cookie",))
    return response


def compressed(request):
    response = HttpResponse(b"\x1f\x8b not really gzip")
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def streaming(request):
    return StreamingHttpResponse(iter([b"a", b"b"]))


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def plain(request):
    return HttpResponse(f"plain {time.monotonic_ns()}")


urlpatterns = [
    path("cookie/", sets_cookie),
    path("never/", uncacheable),
    path("private/", private),
    path("vary-language/", varies_on_language_header),
    path("vary-cookie/", varies_on_cookie),
    path("streaming/", streaming),
    path("compressed/", compressed),
    path("nonce/", with_nonce),
    path("plain/", plain),
    path("admin/plain/", plain),
    path("lang/plain/", plain),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url",
    [
        "/cookie/",
        "/never/",
        "/private/",
        "/vary-language/",
        "/streaming/",
        "/nonce/",
        "/compressed/",
        "/admin/plain/",
        "/lang/plain/",
    ],
)
def test_responses_that_are_not_for_everyone_are_not_stored(client, db, url):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and x_cache(response) is None


@pytest.mark.urls(__name__)
def test_a_plain_response_is_stored(client, db):
    first = client.get("/plain/")
    second = client.get("/plain/")
    assert (x_cache(first), x_cache(second)) == ("miss", "hit")
    assert first.content == second.content


@pytest.mark.urls(__name__)
def test_vary_cookie_pages_are_kept_from_readers_with_other_cookies(client, db):
    client.get("/vary-cookie/")
    assert x_cache(client.get("/vary-cookie/")) == "hit"
    client.cookies["csrftoken"] = "x" * 32  # e.g. after visiting the admin's login page
    assert x_cache(client.get("/vary-cookie/")) is None
    del client.cookies["csrftoken"]
    assert x_cache(client.get("/vary-cookie/")) == "hit"


@pytest.mark.urls(__name__)
def test_page_cache_off_stores_nothing(client, db, settings):
    settings.PAGE_CACHE = False
    for _ in range(2):
        response = client.get("/plain/")
        assert x_cache(response) is None and response.has_header("ETag")


@pytest.mark.urls(__name__)
def test_cache_outage_serves_pages_uncached(client, db, monkeypatch):
    class Down:
        def __getattr__(self, name):
            raise ConnectionError("cache down")

    monkeypatch.setattr(version, "state_cache", lambda: Down())
    response = client.get("/plain/")
    assert response.status_code == 200 and x_cache(response) is None


# --- Invalidation ---------------------------------------------------------------------
def cached(client, url):
    client.get(url)
    response = client.get(url)
    assert x_cache(response) == "hit"
    return response.content.decode()


def test_editing_a_post_shows_at_once(client, seed):
    url = seed.get_absolute_url()
    cached(client, url)
    cached(client, "/")
    seed.title = "A brand new title"
    seed.save()
    for page in (url, "/"):
        response = client.get(page)
        assert x_cache(response) == "miss" and "A brand new title" in response.content.decode()


def test_deleting_and_unpublishing_a_post_remove_it(client, seed, make_post):
    other = make_post(title="Soon unpublished")
    assert "Soon unpublished" in cached(client, "/")
    other.status = Post.Status.DRAFT
    other.save()
    assert "Soon unpublished" not in client.get("/").content.decode()
    assert client.get(other.get_absolute_url()).status_code == 404
    cached(client, seed.get_absolute_url())
    seed.delete()
    assert client.get(seed.get_absolute_url()).status_code == 404


def test_tag_changes_invalidate(client, seed, make_post):
    post = make_post(title="Tagged later")
    assert "Tagged later" not in cached(client, "/tags/ai/")
    post.tags.add("AI")  # m2m through TaggedItem
    assert "Tagged later" in client.get("/tags/ai/").content.decode()
    cached(client, "/tags/ai/")
    post.tags.remove("AI")
    assert "Tagged later" not in client.get("/tags/ai/").content.decode()
    cached(client, seed.get_absolute_url())
    tag = seed.tags.get(slug="ai")
    tag.name = "Artificial Intelligence"
    tag.save()
    assert "Artificial Intelligence" in client.get(seed.get_absolute_url()).content.decode()


def test_author_and_page_changes_invalidate(client, seed):
    assert "Agent Eric" in cached(client, "/")
    author = Author.objects.get(name="Agent Eric")
    author.name = "Eric the Agent"
    author.save()
    assert "Eric the Agent" in client.get("/").content.decode()
    page = Page.objects.get(slug="about")
    cached(client, "/about/")
    page.title = "About this blog, revised"
    page.save()
    assert "About this blog, revised" in client.get("/about/").content.decode()


def test_bulk_changes_invalidate_through_bump(client, seed):
    cached(client, "/")
    Post.objects.update(title="Changed in bulk")  # sends no signal
    version.bump()
    assert "Changed in bulk" in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_shared_version_moves_only_after_commit(client):
    """Other workers must not see a new version while the old rows are still
    what they read, or they would cache old pages under it."""
    call = __import__("django.core.management", fromlist=["call_command"]).call_command
    call("load_seed", verbosity=0)
    before = version.snapshot().started
    with transaction.atomic():
        post = Post.objects.get(slug="105626")
        post.title = "Committed title"
        post.save()
        assert version._read().started == before
    after = version._read().started
    assert after > before
    assert "Committed title" in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_still_leaves_a_consistent_page(client):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    post = Post.objects.get(slug="105626")
    cached(client, post.get_absolute_url())
    with pytest.raises(RuntimeError), transaction.atomic():
        post.title = "Never committed"
        post.save()
        raise RuntimeError
    assert "Never committed" not in client.get(post.get_absolute_url()).content.decode()


def test_scheduled_post_appears_on_time(client, make_post):
    with time_machine.travel(local(2030, 1, 1, 12, 0), tick=False):
        make_post(title="Already out", publish=local(2030, 1, 1, 11, 0))
        make_post(title="Goes live at half past", publish=local(2030, 1, 1, 12, 30))
        current = version.snapshot()
        assert current.next_change == local(2030, 1, 1, 12, 30).timestamp()
        html = cached(client, "/")
        assert "Already out" in html and "Goes live at half past" not in html
    with time_machine.travel(local(2030, 1, 1, 12, 29, 59), tick=False):
        assert x_cache(client.get("/")) == "hit"
    with time_machine.travel(local(2030, 1, 1, 12, 30), tick=False):
        response = client.get("/")
        assert x_cache(response) == "miss"
        assert "Goes live at half past" in response.content.decode()


def test_clock_going_back_recomputes_the_version(client, make_post):
    with time_machine.travel(local(2030, 1, 1, 12, 0), tick=False):
        make_post(title="Out in 2030", publish=local(2030, 1, 1, 11, 0))
        assert "Out in 2030" in cached(client, "/")
    with time_machine.travel(local(2029, 6, 1, 12, 0), tick=False):
        assert "Out in 2030" not in client.get("/").content.decode()


def test_a_flushed_cache_starts_a_new_epoch(client, seed):
    """Redis restarted empty: the counters start again at another epoch, so no process trusts
    the copy it kept in memory."""
    cached(client, "/")
    for alias in ("default", "pagecache", "pagecache-query", "pagecache-state"):
        caches[alias].clear()
    response = client.get("/")
    assert response.status_code == 200 and x_cache(response) == "miss"
    assert x_cache(client.get("/")) == "hit"


def test_a_flush_of_the_pages_alone_keeps_the_local_copies_valid(client, seed, settings):
    if settings.REDIS_URL:
        pytest.skip("one Redis database holds the pages and the state alike")
    cached(client, "/")
    default_cache.clear()  # pages and figures (the state lives apart)
    assert x_cache(client.get("/")) == "hit"


# --- Conditional GET ----------------------------------------------------------------------
@pytest.mark.parametrize("page_cache_on", [True, False])
def test_etag_last_modified_and_304(client, seed, settings, page_cache_on):
    settings.PAGE_CACHE = page_cache_on
    url = seed.get_absolute_url()
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "must-revalidate" in first["Cache-Control"] and "Cookie" in first["Vary"]
    same = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304 and same.content == b"" and same["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    seed.title = "Changed after the reader's copy"
    with time_machine.travel(time.time() + 2):
        seed.save()
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_last_modified_is_when_the_content_changed(client, seed):
    stamp = version.snapshot().stamp
    response = client.get("/")
    from django.utils.http import parse_http_date

    assert parse_http_date(response["Last-Modified"]) == int(stamp)


# --- One read of the state per request ---------------------------------------------------
def test_a_request_reads_the_shared_state_once(client, seed, settings, monkeypatch):
    settings.PAGE_CACHE = False  # every figure of the page is computed
    state = version.state_cache()
    reads = []

    class Counting:
        def __getattr__(self, name):
            return getattr(state, name)

        def get_many(self, keys, *args, **kwargs):
            reads.extend(keys)
            return state.get_many(keys, *args, **kwargs)

    version.snapshot()  # the seed's own change is settled first
    monkeypatch.setattr(version, "state_cache", lambda: Counting())
    for url in ("/", seed.get_absolute_url(), "/tags/ai/", "/archive/", "/search/?q=开源"):
        reads.clear()
        assert client.get(url).status_code == 200
        assert reads.count(version._name("started")) == 1, url


def test_a_write_during_a_request_moves_its_snapshot(db):
    before = version.snapshot()
    with version.pinned(before):
        assert version.snapshot() is before
        version.mark_changed_locally({"post:1"})  # what saving a post does inside a transaction
        after = version.snapshot()
        assert after.started > before.started
        assert version.snapshot() is after
    assert version.snapshot().started == after.started
