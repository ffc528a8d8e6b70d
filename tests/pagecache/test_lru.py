from pagecache.lru import LRU


def test_bounded_by_entries_and_evicts_the_least_recently_used():
    lru = LRU(max_entries=2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("c") == 3 and lru.get("a") == 1
    assert len(lru) == 2


def test_bounded_by_bytes_and_a_value_too_large_is_not_kept():
    lru = LRU(max_bytes=10, size=len)
    lru.put("a", b"1234")
    lru.put("b", b"1234")
    lru.get("a")
    lru.put("c", b"1234")
    assert set(lru.entries) == {"a", "c"} and lru.bytes == 8
    lru.put("huge", b"x" * 11)
    assert "huge" not in lru.entries and lru.bytes == 8


def test_replacing_a_value_counts_its_size_once():
    lru = LRU(max_bytes=10, size=len)
    lru.put("a", b"12345678")
    lru.put("a", b"12")
    assert lru.bytes == 2 and lru.get("a") == b"12"


def test_clear():
    lru = LRU(max_entries=3, max_bytes=100, size=len)
    lru.put("a", b"x")
    lru.clear()
    assert len(lru) == 0 and lru.bytes == 0
