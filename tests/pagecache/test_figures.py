"""pagecache.figures.cached: data computed once per content version, kept by each process for
the current version only."""

from django.core.cache import cache as default_cache

from blog.reading import figures
from pagecache import figures as cached_figures
from pagecache import version


def test_a_figure_is_computed_once_per_version(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    version.current_version()  # the new version (its next change is one query)
    with django_assert_num_queries(1):
        assert [tag.name for tag in figures.tag_counts()] == ["AI"]
    with django_assert_num_queries(0):
        figures.tag_counts()
    make_post(tags=["开源"])  # any change bumps the version
    version.current_version()
    with django_assert_num_queries(1):
        assert sorted(tag.name for tag in figures.tag_counts()) == ["AI", "开源"]


def test_another_workers_change_is_seen_at_once(make_post, django_assert_num_queries):
    make_post(tags=["AI"])
    figures.tag_counts()
    # Another worker (or host) bumped the shared version: this process's copy is not used.
    new = version._new_version()
    default_cache.set(version.version_key(), (new.token, new.stamp, new.next_change, new.computed_at), None)
    with django_assert_num_queries(1):
        figures.tag_counts()


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


def test_local_copies_expire_like_the_shared_ones(db, monkeypatch):
    calls = []
    now = [1000.0]
    monkeypatch.setattr(cached_figures.time, "monotonic", lambda: now[0])
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cached_figures.cached("a", compute) == 1
    token = version.current_version().token
    default_cache.delete(f"pagecache:figure:{token}:a")  # only the local copy is left
    now[0] += cached_figures.MAX_AGE - 1
    assert cached_figures.cached("a", compute) == 1
    now[0] += 1
    assert cached_figures.cached("a", compute) == 2
