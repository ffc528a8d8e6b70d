"""The tags page lists every tag's posts under the cloud, newest first, each tag under an anchor
(Hux Blog's tags page), in a constant number of SQL queries."""

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Post

from ..conftest import _clear_caches
from ..helpers import local


def sections(html):
    """``{anchor: [post link text, ...]}`` of the listing, read as a browser reads the page."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    listing = {}
    for section in document.iter("section"):
        if "tag-posts" in section.get("class", "").split():
            items = section.find("ul").findall("li")
            listing[section.get("id")] = [li.find("a").text for li in items]
    return listing


def test_every_tag_lists_its_published_posts_newest_first_under_its_anchor(client, make_post):
    make_post(title="Old AI", tags=["AI", "开源"], publish=local(2024, 1, 1, 9, 0))
    make_post(title="New AI", tags=["AI"], publish=local(2025, 6, 19, 9, 0))
    make_post(title="Spaced", tags=["Machine Learning"], publish=local(2025, 1, 1, 9, 0))
    make_post(title="Draft AI", tags=["AI"], status=Post.Status.DRAFT)
    make_post(title="Future AI", tags=["AI"], publish=timezone.now() + timezone.timedelta(days=1))
    html = client.get("/tags/").content.decode()
    assert sections(html) == {
        "AI": ["New AI", "Old AI"],
        "machine-learning": ["Spaced"],  # an id cannot hold a space: the slug
        "开源": ["Old AI"],
    }
    # Each tag's heading links to its own page; each post to its permalink.
    assert 'href="/tags/ai/">AI</a>' in html
    assert 'href="/2025/06/19/new-ai/">New AI</a>' in html


def test_a_tag_with_many_posts_lists_its_newest_and_links_to_the_rest(client, make_post):
    from blog.reading.figures import TAG_LISTING_LIMIT

    for n in range(TAG_LISTING_LIMIT + 3):
        make_post(title=f"Post {n:02d}", tags=["Many"], publish=local(2025, 1, 1, 9, 0) + timezone.timedelta(hours=n))
    make_post(title="Alone", tags=["Few"], publish=local(2025, 1, 1, 9, 0))
    html = client.get("/tags/").content.decode()
    listed = sections(html)
    newest = [f"Post {n:02d}" for n in range(TAG_LISTING_LIMIT + 2, 2, -1)]
    assert listed["Many"] == newest and listed["Few"] == ["Alone"]
    many = html[
        html.index('id="Many"') : html.index('id="Few"') if html.index('id="Few"') > html.index('id="Many"') else None
    ]
    assert 'class="tag-posts-more"' in many and 'href="/tags/many/"' in many and "23" in many
    assert html.count('class="tag-posts-more"') == 1


def test_the_listing_changes_with_the_posts(client, make_post):
    post = make_post(title="First", tags=["x"])
    assert sections(client.get("/tags/").content.decode()) == {"x": ["First"]}
    post.title = "Renamed"
    from blog.writing.posts import save_post

    save_post(post)  # the listing is invalidated by the change, not by clearing the cache
    assert sections(client.get("/tags/").content.decode()) == {"x": ["Renamed"]}


def count_queries(client):
    _clear_caches()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/tags/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_tags_page_costs_the_same_queries_with_3_posts_as_with_60(client, make_post):
    for n in range(3):
        make_post(tags=[f"t{n}", "common"])
    few = count_queries(client)
    for n in range(57):
        make_post(tags=[f"t{n % 17}", "common", f"u{n}"])
    assert count_queries(client) == few
    html = client.get("/tags/").content.decode()
    assert len(sections(html)["common"]) == 20 and "60" in html[html.index('id="common"') :]
