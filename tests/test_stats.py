"""blog.stats.cached: site figures computed once per content version, kept by
each process for the current version only."""

from django.core.cache import cache as default_cache

from blog import cache as page_cache
from blog import stats


def test_a_figure_is_computed_once_per_version(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    page_cache.current_version()  # the new version (its next publish time is one query)
    with django_assert_num_queries(1):
        assert [tag.name for tag in stats.tag_counts()] == ["AI"]
    with django_assert_num_queries(0):
        stats.tag_counts()
    make_post(tags=["开源"])  # any change bumps the version
    page_cache.current_version()
    with django_assert_num_queries(1):
        assert sorted(tag.name for tag in stats.tag_counts()) == ["AI", "开源"]


def test_another_workers_change_is_seen_at_once(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    stats.tag_counts()
    # Another worker (or host) bumped the shared version: this process's copy is not used.
    default_cache.set(page_cache.version_key(), page_cache._new_version().as_tuple(), None)
    with django_assert_num_queries(1):
        stats.tag_counts()


def test_the_shared_cache_is_read_when_this_process_has_no_copy(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    stats.tag_counts()
    stats._local.put("another token", "x", 1)  # as if this process had moved on and back
    with django_assert_num_queries(0):
        assert [tag.name for tag in stats.tag_counts()] == ["AI"]


def test_none_is_remembered_too(db):
    calls = []

    def compute():
        calls.append(1)
        return None

    assert stats.cached("nothing", compute) is None
    assert stats.cached("nothing", compute) is None
    assert len(calls) == 1


def test_local_figures_expire_like_the_shared_ones(monkeypatch):
    figures = stats.LocalFigures(max_entries=2, max_age=60)
    now = [1000.0]
    monkeypatch.setattr(stats.time, "monotonic", lambda: now[0])
    figures.put("v1", "a", 1)
    now[0] += 59
    assert figures.get("v1", "a") == 1
    now[0] += 1
    assert figures.get("v1", "a") is stats._MISSING


def test_local_figures_are_bounded_and_kept_for_one_version_only():
    figures = stats.LocalFigures(max_entries=2)
    figures.put("v1", "a", 1)
    figures.put("v1", "b", 2)
    assert figures.get("v1", "a") == 1  # a is now the most recent
    figures.put("v1", "c", 3)
    assert figures.get("v1", "b") is stats._MISSING and figures.get("v1", "c") == 3
    assert figures.get("v2", "a") is stats._MISSING
    figures.put("v2", "d", 4)
    assert figures.get("v1", "a") is stats._MISSING and list(figures.values) == ["d"]
