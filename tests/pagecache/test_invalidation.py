"""pagecache.invalidation: watched changes bump the content version, once per transaction,
after it commits, and never fail the write."""

import pytest
from django.db import transaction

from blog.models import Author, Post
from blog.writing.posts import save_post
from pagecache import invalidation, version


@pytest.fixture
def bumps(monkeypatch):
    """The versions bumped while the test runs."""
    made = []
    real = version.bump

    def counting():
        made.append(real())
        return made[-1]

    monkeypatch.setattr(version, "bump", counting)
    return made


@pytest.mark.django_db(transaction=True)
def test_one_bump_per_transaction_after_the_commit(bumps):
    with transaction.atomic():
        author = Author.objects.create(name="Writer", slug="writer")
        post = save_post(Post(title="One", body="a", author=author, status=Post.Status.PUBLISHED))
        post.tags.add("x", "y")
        save_post(Post(title="Two", body="b", author=author, status=Post.Status.PUBLISHED))
        assert bumps == []  # nothing another worker could cache the old rows under
    assert len(bumps) == 1


@pytest.mark.django_db(transaction=True)
def test_every_committed_transaction_bumps_and_a_rolled_back_one_does_not_reach_others(bumps):
    author = Author.objects.create(name="Writer", slug="writer")  # autocommit: at once
    assert len(bumps) == 1
    with transaction.atomic():
        Author.objects.filter(pk=author.pk).first().save()
    assert len(bumps) == 2
    with pytest.raises(RuntimeError), transaction.atomic():
        author.save()
        raise RuntimeError
    assert len(bumps) == 2
    # This process saw its own uncommitted rows: its next lookup starts a new version.
    assert version._changed_locally


@pytest.mark.django_db(transaction=True)
def test_a_cache_outage_never_fails_the_write(monkeypatch):
    def down():
        raise ConnectionError("cache down")

    monkeypatch.setattr(version, "bump", down)
    with transaction.atomic():
        author = Author.objects.create(name="Still saved", slug="still-saved")
    assert Author.objects.filter(pk=author.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_unwatched_models_do_not_bump(bumps, django_user_model):
    django_user_model.objects.create_user("reader")
    assert bumps == []
    invalidation.content_changed()  # what a watched model's signal calls
    assert len(bumps) == 1
