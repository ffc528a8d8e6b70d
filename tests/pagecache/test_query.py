"""Junk cannot fill the page cache: tracking parameters are dropped, known parameters checked,
unknown ones served uncached; the local copies resist floods (segmented LRU)."""

import pytest
from django.test import RequestFactory

from pagecache import query, version
from pagecache.lru import SegmentedLRU
from pagecache.middleware import page_key


def x_cache(response):
    return response.headers.get("X-Cache")


@pytest.mark.parametrize(
    "raw, key, storable",
    [
        ("", "", True),
        ("page=2", "page=2", True),
        ("q=%E5%BC%80%E6%BA%90&page=3", "page=3&q=%E5%BC%80%E6%BA%90", True),
        ("utm_source=x&utm_medium=y&page=2", "page=2", True),
        ("fbclid=abc&gclid=1", "", True),
        ("from=singlemessage&isappinstalled=0", "", True),  # WeChat's share links
        ("page=abc", "page=abc", False),
        ("page=0", "page=0", False),
        ("page=2&page=3", "page=2&page=3", False),
        ("q=" + "x" * 201, "q=" + "x" * 201, False),
        ("whatever=1", "whatever=1", False),
    ],
)
def test_canonical_query(raw, key, storable):
    wanted = query.canonical(raw)
    assert (wanted.key, wanted.storable) == (key, storable)


def test_tracking_parameters_share_the_pages_entry(client, seed):
    client.get("/")
    assert x_cache(client.get("/")) == "hit"
    response = client.get("/?utm_source=newsletter&fbclid=xyz")
    assert x_cache(response) == "hit"
    assert "utm_source" not in response.content.decode()


def test_tracking_parameters_survive_a_redirect(client, seed):
    response = client.get("/2025/6/19/105626/?utm_source=x")
    assert response.status_code == 301 and response["Location"].endswith("?utm_source=x")


def test_unknown_parameters_are_served_but_never_stored(client, seed):
    for _ in range(2):
        response = client.get("/?whatever=1")
        assert response.status_code == 200 and x_cache(response) is None


def test_invalid_known_parameters_are_never_stored(client, seed):
    for _ in range(2):
        assert x_cache(client.get("/search/?q=" + "开" * 300)) is None
        assert client.get("/?page=abc").status_code == 404


def test_a_flood_of_one_off_pages_never_evicts_the_hot_ones(client, seed, settings):
    """The local copies: a segmented LRU of 50 pages; 300 one-off searches after the home page
    was read twice (and so protected). The home page stays a hit without the shared copy."""
    settings.PAGE_CACHE_LOCAL_ENTRIES = 50
    from django.test import Client

    reader = Client()
    reader.get("/")
    reader.get("/")
    for n in range(300):
        reader.get(f"/search/?q=junk{n}")
    # The home page's shared copy is gone (evicted): this process's copy still serves it.
    version.shared_cache().delete(page_key(RequestFactory().get("/"), "zh-hans", ""))
    assert x_cache(reader.get("/")) == "hit"


def test_segmented_lru_protects_what_is_asked_for_twice():
    lru = SegmentedLRU(max_entries=10)
    lru.put("hot", 1)
    assert lru.get("hot") == 1  # promoted
    for n in range(100):
        lru.put(f"junk{n}", n)
    assert lru.get("hot") == 1 and len(lru) <= 10


def test_segmented_lru_byte_budget():
    lru = SegmentedLRU(max_entries=100, max_bytes=100, size=len)
    for n in range(50):
        lru.put(n, b"x" * 10)
    assert lru.bytes <= 100
