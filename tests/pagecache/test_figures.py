"""pagecache.figures.cached: data computed once, until a change touches its keys; kept by each
process, checked against the shared state."""

import threading

from blog.reading import figures
from pagecache import deps, stampede, version
from pagecache import figures as cached_figures


def test_a_figure_is_computed_once_until_its_keys_change(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    version.snapshot()  # the post's own change is recorded first (its horizon is one query)
    with django_assert_num_queries(1):
        assert [tag.name for tag in figures.tag_counts()] == ["AI"]
    with django_assert_num_queries(0):
        figures.tag_counts()
    make_post(tags=["开源"])  # a tagged post touches the tag counts
    version.snapshot()
    with django_assert_num_queries(1):
        assert sorted(tag.name for tag in figures.tag_counts()) == ["AI", "开源"]


def test_a_change_to_other_keys_leaves_it_alone(db):
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cached_figures.cached("a", compute, ["list:a"]) == 1
    version.bump({"list:b"})
    assert cached_figures.cached("a", compute, ["list:a"]) == 1
    version.bump({"list:a"})
    assert cached_figures.cached("a", compute, ["list:a"]) == 2
    version.bump()  # everything
    assert cached_figures.cached("a", compute, ["list:a"]) == 3


def test_keys_may_depend_on_the_value(db):
    cached_figures.cached("pair", lambda: [3, 4], lambda value: [f"post:{n}" for n in value])
    version.bump({"post:4"})
    assert cached_figures.cached("pair", lambda: "recomputed", ()) == "recomputed"


def test_another_processes_change_is_seen_at_once(db):
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    cached_figures.cached("a", compute, ["post:1"])
    # Another worker (or host) records a change: this process's copy is not used.
    cache = version.state_cache()
    seq = cache.incr(version._name("started"))
    cache.set(version.key_record_name("post:1"), (seq, 0.0, False), None)
    cache.incr(version._name("finished"))
    assert cached_figures.cached("a", compute, ["post:1"]) == 2


def test_the_shared_cache_is_read_when_this_process_has_no_copy(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    figures.tag_counts()
    cached_figures.forget_local()  # as if another worker asked
    with django_assert_num_queries(0):
        assert [tag.name for tag in figures.tag_counts()] == ["AI"]


def test_none_is_remembered_too(db):
    calls = []

    def compute():
        calls.append(1)
        return None

    assert cached_figures.cached("nothing", compute) is None
    assert cached_figures.cached("nothing", compute) is None
    assert len(calls) == 1


def test_reading_a_figure_declares_its_keys(db):
    cached_figures.cached("a", lambda: 1, ["site:tags"])
    with deps.collecting() as collected:
        cached_figures.cached("a", lambda: 1, ["site:tags"])
    assert collected.final() == {"site:tags"}


def test_copies_expire_after_max_age(db, monkeypatch):
    calls = []
    now = [1_000_000.0]
    monkeypatch.setattr(cached_figures.time, "time", lambda: now[0])
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cached_figures.cached("a", compute) == 1
    now[0] += cached_figures.MAX_AGE - 1
    assert cached_figures.cached("a", compute) == 1
    now[0] += 1
    assert cached_figures.cached("a", compute) == 2


def test_a_cache_outage_computes_every_time(db, monkeypatch):
    from config.cachebackends import CacheUnavailable

    def down():
        raise CacheUnavailable("down")

    monkeypatch.setattr(version, "state_cache", down)
    calls = []
    for _ in range(2):
        assert cached_figures.cached("a", lambda: calls.append(1) or "value") == "value"
    assert len(calls) == 2


def test_one_process_computes_while_the_others_wait_for_its_copy(db):
    """Stampede: while the lock is held the other caller waits and takes the new copy."""
    assert stampede.acquire("figure:slow")  # another process is computing "slow"
    done = []

    def other_process_finishes():
        snap = version.snapshot()
        figure = cached_figures._compute(lambda: "theirs", ["k"], snap)
        cached_figures._store("slow", figure, snap)
        cached_figures.forget_local()
        stampede.release_lock("figure:slow")
        done.append(1)

    timer = threading.Timer(0.2, other_process_finishes)
    timer.start()
    try:
        assert cached_figures.cached("slow", lambda: "mine", ["k"]) == "theirs"
    finally:
        timer.join()
    assert done
