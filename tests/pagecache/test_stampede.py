"""Stampede protection: while another process rebuilds a page, a reader gets the previous copy
for at most PAGE_CACHE_STALE_SECONDS after the change — never after a removal — or waits for the
new one, then renders it itself."""

import time

import pytest
import time_machine
from django.test import RequestFactory

from blog.models import Post
from blog.writing.posts import save_post
from pagecache import stampede, version
from pagecache.middleware import page_key


def x_cache(response):
    return response.headers.get("X-Cache")


@pytest.fixture
def another_process_rebuilds(settings):
    """The lock on a page's key, taken as another worker would."""
    settings.PAGE_CACHE_WAIT_SECONDS = 0.1

    def take(path):
        key = page_key(RequestFactory().get(path), "zh-hans", "")
        assert stampede.acquire(key)
        return key

    return take


def test_an_edit_serves_the_previous_copy_while_another_process_rebuilds(client, seed, another_process_rebuilds):
    url = seed.get_absolute_url()
    client.get(url)
    old = client.get(url).content
    seed.title = "Retitled while the page is rebuilt"
    save_post(seed)
    another_process_rebuilds(url)
    response = client.get(url)
    assert x_cache(response) == "stale" and response.content == old
    assert response["Cache-Control"] == "max-age=0, must-revalidate" and "xkey" not in response


def test_the_previous_copy_is_served_for_a_few_seconds_at_most(client, seed, another_process_rebuilds, settings):
    url = seed.get_absolute_url()
    client.get(url)
    seed.title = "Retitled long ago"
    save_post(seed)
    version.snapshot()  # the change is recorded now (the test's transaction never commits)
    another_process_rebuilds(url)
    with time_machine.travel(time.time() + settings.PAGE_CACHE_STALE_SECONDS + 1):
        response = client.get(url)  # waited for the other process, then rendered it itself
    assert x_cache(response) == "miss" and "Retitled long ago" in response.content.decode()


def test_an_unpublished_post_is_never_served_stale(client, seed, another_process_rebuilds):
    url = seed.get_absolute_url()
    client.get(url)
    seed.status = Post.Status.DRAFT
    save_post(seed)
    another_process_rebuilds(url)
    assert client.get(url).status_code == 404


def test_a_list_is_never_served_stale_after_a_delete(client, seed, make_post, another_process_rebuilds):
    gone = make_post(title="About to be deleted")
    client.get("/")
    assert "About to be deleted" in client.get("/").content.decode()
    gone.delete()
    another_process_rebuilds("/")
    response = client.get("/")
    assert x_cache(response) == "miss" and "About to be deleted" not in response.content.decode()


def test_a_reader_waits_for_the_other_process_copy(client, seed, another_process_rebuilds, settings):
    """No copy at all (a cold cache): the reader waits up to PAGE_CACHE_WAIT_SECONDS, then renders."""
    url = seed.get_absolute_url()
    another_process_rebuilds(url)
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 200 and time.monotonic() - started >= settings.PAGE_CACHE_WAIT_SECONDS
