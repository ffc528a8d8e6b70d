"""seed_demo: many realistic posts, bulk-created, behind the same public gate."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import Author, Post


@pytest.fixture
def demo(db, capsys):
    call_command("seed_demo", 60, random_seed=7)
    return capsys.readouterr().out


def counts_from(output):
    published, hidden, drafts, scheduled = map(
        int, re.search(r"\((\d+) published, (\d+) of them hidden, (\d+) drafts, (\d+) scheduled\)", output).groups()
    )
    return published, hidden, drafts, scheduled


def test_counts_and_the_published_gate(demo):
    published, hidden, drafts, scheduled = counts_from(demo)
    assert Post.objects.count() == 60 == published + drafts + scheduled
    assert Post.objects.published().count() == published
    assert Post.objects.listed().count() == published - hidden
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == drafts
    assert Post.objects.filter(status=Post.Status.PUBLISHED, publish__gt=timezone.now()).count() == scheduled


def test_posts_are_realistic(demo):
    posts = list(Post.objects.all())
    assert all(p.body_html and p.excerpt and p.word_count > 50 and p.reading_time >= 1 for p in posts)
    assert any(re.search(r"[\u4e00-\u9fff]", p.title) for p in posts)
    assert any(re.fullmatch(r"[\x00-\x7f]+", p.title) for p in posts)  # English ones too
    html = "".join(p.body_html for p in posts)
    for element in ("<h2", "<pre", "<table", "<blockquote", "<li"):
        assert element in html
    years = {p.publish.year for p in posts}
    assert len(years) >= 3
    assert Author.objects.count() >= 3 and len({p.author_id for p in posts}) >= 3
    tags = {name for p in posts for name in p.tags.names()}
    assert "开源" in tags or any(re.search(r"[\u4e00-\u9fff]", t) for t in tags)
    assert all(1 <= p.tags.count() <= 4 for p in posts[:10])


def test_urls_are_unique_and_public_ones_answer(demo, client):
    posts = list(Post.objects.all())
    urls = [p.get_absolute_url() for p in posts]
    assert len(set(urls)) == len(urls)
    public = Post.objects.published().first()
    assert client.get(public.get_absolute_url()).status_code == 200
    for hidden_from_public in Post.objects.exclude(pk__in=Post.objects.published())[:3]:
        assert client.get(hidden_from_public.get_absolute_url()).status_code == 404
    tag = public.tags.first()
    assert client.get(f"/tags/{tag.slug}/").status_code == 200
    assert client.get("/").content.decode().count('class="post-preview"') == 10


def test_running_again_adds_more_without_clashes(demo, capsys):
    call_command("seed_demo", 40, random_seed=7)
    assert Post.objects.count() == 100
    urls = [p.get_absolute_url() for p in Post.objects.all()]
    assert len(set(urls)) == 100


def test_invalidates_cached_pages(demo, client):
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    call_command("seed_demo", 5, random_seed=8)
    assert client.get("/")["X-Cache"] == "miss"
