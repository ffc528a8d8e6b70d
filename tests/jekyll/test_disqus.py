"""import_disqus: a Disqus XML export attached to the posts a Jekyll import made, through their
old URLs; deleted comments left out (their replies kept), spam kept as spam, idempotent, a
summary of what matched and what did not, clear errors for bad files."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from blog.models import Comment, Post
from jekyll.disqus import message_to_markdown

from .utils import HUX_SITE, SAMPLES, run, write

pytestmark = pytest.mark.django_db
EXPORT = SAMPLES / "disqus-export.xml"


@pytest.fixture
def site(django_user_model):
    call_command("import_jekyll", str(HUX_SITE), "--no-progress", verbosity=0)
    post = Post.objects.get(slug="hello-world")
    user = django_user_model.objects.create_user("tester", "writer@example.com")
    post.author.user = user
    post.author.save()
    return post


def test_threads_are_matched_through_old_urls_and_permalinks(site):
    result = run("import_disqus", str(EXPORT))
    assert result.error is None, result.stderr
    hello = {c.import_key: c for c in site.comments.all()}
    assert set(hello) == {"disqus:5001", "disqus:5003", "disqus:5004"}
    assert Post.objects.get(slug="old-style").comments.get().name == "anon42"  # via /notes/…html
    assert Post.objects.get(slug="open-source-business").comments.get().body == "中文地址的文章也能对上"
    first, answer, spam = hello["disqus:5001"], hello["disqus:5003"], hello["disqus:5004"]
    assert first.name == "读者甲" and first.email == "reader@example.com" and first.status == "approved"
    assert first.created.isoformat() == "2024-01-06T02:30:00+00:00"
    assert "<strong>很好</strong>" in first.body_html and 'href="https://example.com/a"' in first.body_html
    assert answer.parent == first  # its parent was deleted: it answers the one before
    assert answer.by_author and "<script" not in answer.body_html
    assert spam.status == "spam"
    assert Comment.objects.filter(client_hash="").count() == Comment.objects.count()  # no addresses kept
    site.refresh_from_db()
    assert site.comment_count == 2
    assert "Imported 5 comments (5 new, 0 updated, 1 spam) on 3 posts; 1 deleted comments left out." in result.stdout
    assert "Threads matched to posts: 3." in result.stdout
    assert "1 comments in 1 threads matched no post:" in result.stderr
    assert "http://huxpro.github.io/about/ (1 comments)" in result.stderr


def test_imported_comments_show_on_the_post(site):
    run("import_disqus", str(EXPORT))
    html = Client().get(site.get_absolute_url()).content.decode()
    assert "第一条评论" in html and "Answer to a deleted comment" in html
    assert "Cheap pills" not in html and "This was deleted</p>" not in html.split("comment-body")[0]


def test_importing_twice_updates_instead_of_duplicating(site):
    run("import_disqus", str(EXPORT))
    Comment.objects.filter(import_key="disqus:5001").update(body="changed here")
    result = run("import_disqus", str(EXPORT))
    assert "(0 new, 5 updated, 1 spam)" in result.stdout
    assert Comment.objects.count() == 5
    assert Comment.objects.get(import_key="disqus:5001").body.startswith("第一条评论")


def test_dry_run_changes_nothing(site):
    result = run("import_disqus", "--dry-run", str(EXPORT))
    assert "Would import 5 comments" in result.stdout
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("<disqus><post", "not well-formed XML"),
        ("<?xml version='1.0'?><rss><channel/></rss>", "holds no Disqus threads"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path, content, words):
    path = write(tmp_path, "export.xml", content)
    result = run("import_disqus", str(path))
    assert isinstance(result.error, CommandError) and words in str(result.error)
    missing = run("import_disqus", str(tmp_path / "missing.xml"))
    assert "cannot be read" in str(missing.error)


def test_disqus_html_becomes_comment_markdown():
    assert message_to_markdown("<p>a *b* <i>c</i></p><p>d<br>e</p>") == "a \\*b\\* *c*\n\nd\ne"
    assert message_to_markdown('<a href="javascript:alert(1)">x</a>') == "x"
    assert message_to_markdown("<blockquote><p>q</p></blockquote><p>r</p>") == "> q\n\nr"
    assert message_to_markdown("") == "…"
