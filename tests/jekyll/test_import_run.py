"""What a long import run remembers between files: authors and tags it committed (never those of
a file that rolled back), and work per file that does not grow with the files before it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

import jekyll.importer as importer_module
from blog.models import Author, Post
from jekyll.site import find_posts

from .utils import post_text, run, write

# Real commits: what the run learns is learnt after each file's commit.
pytestmark = pytest.mark.django_db(transaction=True)


def _post(site, day, title, tags, author="新作者"):
    front = f"title: {title}\nauthor: {author}\ndate: 2024-03-{day:02d} 10:00:00 +0800\ntags: [{', '.join(tags)}]"
    write(site, f"_posts/2024-03-{day:02d}-{title.lower()}.md", post_text(front, f"{title} 的正文。\n"))


def test_a_file_that_rolls_back_teaches_the_run_nothing(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _post(site, 1, "First", ["全新标签", "Fresh"])
    _post(site, 2, "Second", ["全新标签", "fresh"])
    real = importer_module.record_old_urls

    def full_disk_on_the_first(post, paths):
        if post.title == "First":
            raise OSError("No space left on device")
        return real(post, paths)

    monkeypatch.setattr(importer_module, "record_old_urls", full_disk_on_the_first)
    result = run("import_jekyll", site)
    assert result.error is not None and "No space left on device" in result.stderr
    post = Post.objects.get()  # the first rolled back with its new author and tags
    assert post.title == "Second" and post.author.name == "新作者"
    assert sorted(post.tags.names()) == ["fresh", "全新标签"]
    assert Author.objects.filter(name="新作者").count() == 1
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["fresh", "全新标签"]


def test_tags_met_again_are_the_same_tags_whatever_their_case(tmp_path):
    site = tmp_path / "site"
    _post(site, 1, "One", ["Python", "数据库"])
    _post(site, 2, "Two", ["python", "数据库"])
    _post(site, 3, "Three", ["PYTHON"], author="Someone Else")
    assert run("import_jekyll", site).error is None
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Python", "数据库"]
    assert {post.title: sorted(post.tags.names()) for post in Post.objects.all()} == {
        "One": ["Python", "数据库"],
        "Two": ["Python", "数据库"],
        "Three": ["Python"],
    }
    assert sorted(Post.objects.values_list("author__name", flat=True)) == ["Someone Else", "新作者", "新作者"]


def _queries_per_file(site, files):
    importer = importer_module.Importer(dry_run=False, default_author=None, zone=None, note=lambda *a: None)
    measured = []
    for post_file in files:
        with CaptureQueriesContext(connection) as queries:
            importer.import_file(post_file)
        measured.append((len(queries), max(len(query["sql"]) for query in queries)))
    return measured


def test_the_work_per_file_does_not_grow_with_the_files_before_it(tmp_path):
    site = tmp_path / "site"
    for day in range(1, 29):
        _post(site, day, f"Post{day}", ["同一个标签", "Same"])
    files = sorted(find_posts([site]), key=lambda post_file: post_file.path.name)
    measured = _queries_per_file(site, files)
    # The second file has met the tags and the author: from there on every file asks the same.
    counts = {count for count, _ in measured[1:]}
    assert len(counts) == 1, measured
    # Nor do the queries get longer (a list of every post claimed so far once did), but for the
    # digits of growing ids.
    assert max(size for _, size in measured[1:]) <= measured[1][1] + 10, measured
