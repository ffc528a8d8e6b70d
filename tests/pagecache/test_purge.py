"""Delivery after a commit: the shared state, then the edge caches; what fails waits in the
outbox and is delivered by a later drain; edge headers name what a page shows."""

import time

import pytest
import time_machine

from config.cachebackends import CacheUnavailable
from pagecache import purge, version

from ..helpers import local

received = []


class FlakyPurger(purge.Purger):
    """Fails while ``down`` is set, else records what it was asked to purge."""

    down = True

    def __init__(self, name="flaky"):
        self.name = name

    def purge(self, keys):
        if FlakyPurger.down:
            raise ConnectionRefusedError("edge unreachable")
        received.append(set(keys))


@pytest.fixture
def flaky(settings):
    received.clear()
    FlakyPurger.down = True
    settings.PAGE_CACHE_PURGERS = [{"BACKEND": f"{__name__}.FlakyPurger"}]
    settings.PAGE_CACHE_EDGE_TTL = 3600
    purge._configured.cache_clear()
    yield
    purge._configured.cache_clear()


def test_a_change_the_cache_could_not_record_is_delivered_later(db, monkeypatch, caplog):
    real_bump = version.bump

    def down(*args, **kwargs):
        raise CacheUnavailable("down")

    monkeypatch.setattr(version, "bump", down)
    purge.deliver({"post:7"})
    assert purge.pending() == 1 and "kept in the outbox" in caplog.text
    monkeypatch.setattr(version, "bump", real_bump)
    before = version.snapshot().started
    purge.drain()
    assert purge.pending() == 0
    record = version.state_cache().get(version.key_record_name("post:7"))
    assert record is not None and record[0] > before


def test_an_edge_purge_that_fails_is_logged_kept_and_retried(db, flaky, caplog):
    purge.deliver({"post:1", "list:home"})  # never raises: the save goes on
    assert purge.pending() == 1 and "Edge purge via flaky failed" in caplog.text
    purge.drain()  # still down: retried later, with a backoff
    assert purge.pending() == 1 and not received
    FlakyPurger.down = False
    assert purge.drain() == purge.IDLE_SECONDS or purge.pending() == 1  # not due yet
    purge.drain(now=time.time() + purge.MAX_BACKOFF)
    # Every purge names "any" too: pages that declared nothing depend on it.
    assert purge.pending() == 0 and received == [{"post:1", "list:home", version.ANY}]


def test_due_purges_to_one_edge_are_merged(db, flaky):
    purge.deliver({"post:1"})
    purge.deliver({"post:2"})
    FlakyPurger.down = False
    purge.drain(now=time.time() + 1)
    assert received == [{"post:1", "post:2", version.ANY}]


def test_a_purge_older_than_any_edge_copy_is_dropped(db, flaky, caplog):
    purge.deliver({"post:1"})
    purge.drain(now=time.time() + 3600 + 30 + 1)
    assert purge.pending() == 0 and "dropped" in caplog.text


def test_pages_name_their_keys_for_edge_caches(client, seed, flaky):
    FlakyPurger.down = False
    response = client.get(seed.get_absolute_url())
    control = response["Cache-Control"]
    assert "s-maxage=3600" in control and "stale-while-revalidate=30" in control and "stale-if-error" in control
    keys = response["xkey"].split()
    assert f"post:{seed.pk}" in keys and "all" in keys and response["Surrogate-Key"] == response["xkey"]
    assert response["Cache-Tag"] == ",".join(keys)
    assert client.get(seed.get_absolute_url())["xkey"] == response["xkey"]  # a hit says the same


def test_the_edge_lifetime_stops_at_the_next_publication(client, make_post, flaky):
    with time_machine.travel(local(2030, 1, 1, 12, 0), tick=False):
        make_post(title="Out", publish=local(2030, 1, 1, 11, 0))
        make_post(title="Soon", publish=local(2030, 1, 1, 12, 10))
        control = client.get("/")["Cache-Control"]
        assert "s-maxage=600" in control and "stale-while-revalidate" not in control


def test_no_purger_no_shared_lifetime(client, seed):
    response = client.get("/")
    assert response["Cache-Control"] == "max-age=0, must-revalidate" and "xkey" not in response
