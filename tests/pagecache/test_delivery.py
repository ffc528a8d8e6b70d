"""A transaction's changes reach the shared state (and the edge caches) once, after it commits;
a rolled-back one reaches nobody, and a cache outage never fails the write."""

import pytest
from django.db import transaction

from blog.models import Author, Post
from blog.writing.posts import save_post
from pagecache import purge, version


@pytest.fixture
def deliveries(monkeypatch):
    """The (soft, hard) key sets delivered while the test runs."""
    made = []
    real = purge.deliver

    def counting(soft, hard=()):
        made.append((set(soft), set(hard)))
        return real(soft, hard)

    monkeypatch.setattr(purge, "deliver", counting)
    return made


@pytest.mark.django_db(transaction=True)
def test_one_delivery_per_transaction_after_the_commit(deliveries):
    with transaction.atomic():
        author = Author.objects.create(name="Writer", slug="writer")
        post = save_post(Post(title="One", body="a", author=author, status=Post.Status.PUBLISHED))
        post.tags.add("x", "y")
        save_post(Post(title="Two", body="b", author=author, status=Post.Status.PUBLISHED))
        assert deliveries == []  # nothing another worker could cache the old rows under
    assert len(deliveries) == 1
    soft, _hard = deliveries[0]
    assert f"post:{post.pk}" in soft and f"author:{author.pk}" in soft


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_delivers_nothing(deliveries):
    author = Author.objects.create(name="Writer", slug="writer")  # autocommit: at once
    assert len(deliveries) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        author.name = "Never"
        author.save()
        raise RuntimeError
    assert len(deliveries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_cache_outage_never_fails_the_write(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(version, "bump", down)
    with transaction.atomic():
        author = Author.objects.create(name="Still saved", slug="still-saved")
    assert Author.objects.filter(pk=author.pk).exists()
