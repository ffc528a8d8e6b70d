"""/tags/ (the cloud) and /tags/<slug>/ (a tag's posts)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from blog.reading import figures

from ..helpers import get
from ..pagehtml import elements


def tag_url(slug):
    # reverse() percent-encodes the Chinese slug, as browsers send it.
    return reverse("blog:tag", kwargs={"slug": slug})


def test_cloud_shows_every_used_tag_with_its_count_sized_by_use(client, make_post):
    for _ in range(8):
        make_post(tags=["常用"])
    for _ in range(3):
        make_post(tags=["中等"])
    make_post(tags=["少见"])
    make_post(tags=["只在草稿"], status=Post.Status.DRAFT)
    make_post(tags=["只在未来"], publish=timezone.now() + timezone.timedelta(days=2))
    html = get(client, "/tags/")
    tags = {a["href"]: a["class"] for a in elements(html, "a", class_="tag")}
    assert tags == {tag_url("常用"): "tag size-5", tag_url("中等"): "tag size-3", tag_url("少见"): "tag size-1"}
    assert '常用 <span class="count">8</span>' in html
    assert "只在草稿" not in html and "只在未来" not in html


def test_cloud_with_one_use_each_is_small_and_empty_cloud_says_so(client, make_post, db):
    assert "还没有标签" in get(client, "/tags/")
    make_post(tags=["a", "b"])
    html = get(client, "/tags/")
    assert html.count("size-1") == 2


def test_cloud_sorts_by_name_and_sizes_never_leave_one_to_five(make_post):
    for i in range(1, 40, 3):
        for _ in range(i):
            make_post(tags=[f"t{i:02d}"])
    cloud = figures.tag_cloud()
    assert [tag.name for tag in cloud] == sorted(tag.name for tag in cloud)
    assert {tag.size for tag in cloud} <= {1, 2, 3, 4, 5}
    assert cloud[0].size == 1 and cloud[-1].size == 5


def test_tag_page_lists_its_published_posts_newest_first(client, make_post):
    old = make_post(title="Older AI", tags=["AI"], publish=timezone.now() - timezone.timedelta(days=2))
    new = make_post(title="Newer AI", tags=["AI"])
    make_post(title="Hidden AI", tags=["AI"], hidden=True)
    make_post(title="Other", tags=["其他"])
    make_post(title="Draft AI", tags=["AI"], status=Post.Status.DRAFT)
    make_post(title="Future AI", tags=["AI"], publish=timezone.now() + timezone.timedelta(days=1))
    html = get(client, "/tags/ai/")
    assert "<h1>AI</h1>" in html
    assert html.index(new.title) < html.index(old.title)
    assert "Hidden AI" in html  # hidden only leaves the home page
    for absent in ("Other", "Draft AI", "Future AI"):
        assert absent not in html
    assert "3 篇文章" in html
    assert 'type="application/rss+xml"' in html and 'href="/tags/ai/feed/"' in html


def test_unicode_tag_slug(client, make_post):
    post = make_post(title="中文标签的文章", tags=["人工智能"])
    html = get(client, "/tags/人工智能/")
    assert post.title in html
    assert get(client, "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/") == html
    assert tag_url("人工智能") == "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/"
    assert f'href="{tag_url("人工智能")}"' in get(client, post.get_absolute_url())


@pytest.mark.parametrize("url", ["/tags/no-such-tag/", "/tags/nope/feed/", "/tags/a%20b/", "/tags/%F0%9F%98%80/"])
def test_unknown_tag_is_404(client, make_post, url):
    make_post(tags=["AI"])
    get(client, url, status=404)


def test_tag_of_drafts_and_future_posts_only_is_404(client, make_post):
    make_post(tags=["秘密"], status=Post.Status.DRAFT)
    make_post(tags=["将来"], publish=timezone.now() + timezone.timedelta(hours=1))
    get(client, "/tags/秘密/", status=404)
    get(client, "/tags/将来/", status=404)
    get(client, "/tags/秘密/feed/", status=404)


def test_tag_page_is_paginated(client, make_post):
    now = timezone.now()
    for i in range(23):
        make_post(title=f"Tagged {i:02d}", tags=["AI"], publish=now - timezone.timedelta(hours=i + 1))
    first = get(client, "/tags/ai/")
    assert first.count('class="post-preview"') == 10 and 'href="?page=2"' in first
    third = get(client, "/tags/ai/?page=3")
    assert third.count('class="post-preview"') == 3 and "Tagged 22" in third
    for page in ("4", "0", "x"):
        get(client, f"/tags/ai/?page={page}", status=404)


def test_tag_list_updates_when_tags_change(client, make_post):
    post = make_post(tags=["AI"])
    assert "新标签" not in get(client, "/tags/")
    post.tags.add("新标签")  # taggit's bulk add, not a save: the cached cloud must still forget
    assert tag_url("新标签") in get(client, "/tags/")
    post.tags.remove("新标签")
    assert tag_url("新标签") not in get(client, "/tags/")


def test_upper_case_tag_address_redirects_to_the_slug(client, make_post):
    make_post(tags=["DeepSeek"])
    response = client.get("/tags/DeepSeek/")
    assert response.status_code == 301 and response["Location"] == "/tags/deepseek/"
    assert client.get("/tags/NoSuchTag/", follow=True).status_code == 404
