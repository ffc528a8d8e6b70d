"""/archive/ and the date archives /<yyyy>/, /<yyyy>/<mm>/, /<yyyy>/<mm>/<dd>/."""

import pytest
import time_machine
from django.utils import timezone

from blog.models import Post

from ..helpers import get, local


# --- /archive/ -------------------------------------------------------------------------------------
def test_archive_groups_every_published_post_by_year(client, make_post):
    make_post(title="Twenty-four", publish=local(2024, 12, 31, 23, 30))
    make_post(title="Twenty-five A", publish=local(2025, 1, 1, 0, 30))
    make_post(title="Twenty-five B", publish=local(2025, 6, 19, 8, 0), subtitle="有副标题")
    make_post(title="Hidden one", publish=local(2025, 3, 1, 8, 0), hidden=True)
    make_post(title="Draft one", status=Post.Status.DRAFT, publish=local(2025, 3, 1, 8, 0))
    make_post(title="Future one", publish=timezone.now() + timezone.timedelta(days=1))
    html = get(client, "/archive/")
    y2025 = html.index('<h2><a href="/2025/">2025</a></h2>')
    y2024 = html.index('<h2><a href="/2024/">2024</a></h2>')
    assert y2025 < html.index("Twenty-five B") < html.index("Twenty-five A") < y2024 < html.index("Twenty-four")
    assert "有副标题" in html and "Hidden one" in html
    assert "Draft one" not in html and "Future one" not in html
    assert '<time datetime="2024-12-31T23:30:00+08:00">12-31</time>' in html
    # The years, with their counts, link to the year archives.
    assert '<a href="/2025/">2025 <span class="count">3</span></a>' in html
    assert '<a href="/2024/">2024 <span class="count">1</span></a>' in html


def test_archive_is_paginated_fifty_a_page(client, make_post):
    now = timezone.now()
    for i in range(51):
        make_post(title=f"Archived {i:02d}", publish=now - timezone.timedelta(hours=i + 1))
    first = get(client, "/archive/")
    assert first.count("<time datetime=") == 50 and "Archived 50" not in first
    assert 'href="?page=2"' in first and "51 篇文章" in first
    second = get(client, "/archive/?page=2")
    assert second.count("<time datetime=") == 1 and "Archived 50" in second
    get(client, "/archive/?page=3", status=404)
    get(client, "/archive/?page=abc", status=404)


def test_empty_archive(client, db):
    html = get(client, "/archive/")
    assert '<p class="empty">' in html and "<h2>" not in html


def test_archive_shows_a_new_post_at_once(client, make_post):
    make_post(title="First")
    assert "Second" not in get(client, "/archive/")
    make_post(title="Second")
    assert "Second" in get(client, "/archive/")
    Post.objects.get(title="Second").delete()
    assert "Second" not in get(client, "/archive/")


# --- Date archives ---------------------------------------------------------------------------------
@pytest.fixture
def dated(make_post):
    return {
        "old": make_post(title="Old June", publish=local(2024, 6, 1, 9, 0)),
        "first": make_post(title="First of May", publish=local(2025, 5, 1, 9, 0)),
        "a": make_post(title="June morning", publish=local(2025, 6, 19, 9, 0)),
        "b": make_post(title="June evening", publish=local(2025, 6, 19, 21, 0)),
        "c": make_post(title="Late June", publish=local(2025, 6, 28, 9, 0)),
        "draft": make_post(title="June draft", publish=local(2025, 6, 19, 10, 0), status=Post.Status.DRAFT),
    }


def test_year_archive_lists_its_posts_and_links_down_to_months(client, dated):
    html = get(client, "/2025/")
    for title in ("First of May", "June morning", "June evening", "Late June"):
        assert title in html
    assert "Old June" not in html and "June draft" not in html
    assert "2025 年归档" in html
    assert 'href="/2025/05/"' in html and 'href="/2025/06/"' in html
    assert 'rel="prev" href="/2024/"' in html  # the previous year with posts
    assert 'rel="next"' not in html  # no later year has posts


def test_month_archive_links_up_to_the_year_and_down_to_days(client, dated):
    html = get(client, "/2025/06/")
    assert "2025年6月归档" in html
    assert html.index("Late June") < html.index("June evening") < html.index("June morning")
    assert "First of May" not in html and "June draft" not in html
    assert 'href="/2025/"' in html and 'href="/archive/"' in html
    assert 'href="/2025/06/19/"' in html and 'href="/2025/06/28/"' in html
    assert 'rel="prev" href="/2025/05/"' in html


def test_day_archive_links_up_to_month_and_year(client, dated):
    html = get(client, "/2025/06/19/")
    assert "2025年6月19日归档" in html
    assert "June morning" in html and "June evening" in html
    assert "Late June" not in html and "June draft" not in html
    assert 'href="/2025/06/"' in html and 'href="/2025/"' in html
    assert 'rel="next" href="/2025/06/28/"' in html and 'rel="prev" href="/2025/05/01/"' in html


def test_post_date_links_to_its_archives(client, dated):
    html = get(client, dated["a"].get_absolute_url())
    for url in ("/2025/06/19/", "/2025/06/", "/2025/"):
        assert f'href="{url}"' in html


@pytest.mark.parametrize(
    "url,canonical",
    [
        ("/2025/6/", "/2025/06/"),
        ("/2025/6/19/", "/2025/06/19/"),
        ("/2025/06/9/", None),
        ("/2025/6/28/?page=1", "/2025/06/28/?page=1"),
    ],
)
def test_unpadded_dates_redirect_to_the_canonical_address(client, dated, url, canonical):
    response = client.get(url)
    assert response.status_code == 301
    if canonical:
        assert response["Location"] == canonical


@pytest.mark.parametrize(
    "url",
    [
        "/2025/13/",
        "/2025/00/",
        "/2025/02/30/",
        "/2025/06/31/",
        "/0000/",
        "/2025/06/00/",
        "/2023/",
        "/2025/07/",
        "/2025/06/20/",
        "/2025/06/19/?page=2",
        "/9999/",
        "/9999/12/",
        "/9999/12/31/",
        "/0001/",
        "/0001/01/",
        "/0001/01/01/",
        "/0001/01/02/",
    ],
)
def test_invalid_or_empty_dates_are_404(client, dated, url):
    get(client, url, status=404)


def test_date_archive_is_paginated(client, make_post):
    for i in range(51):
        make_post(title=f"Busy {i:02d}", publish=local(2025, 3, 3, 0, 0) + timezone.timedelta(minutes=i))
    first = get(client, "/2025/03/03/")
    assert first.count('class="post-preview"') == 50 and 'href="?page=2"' in first
    assert get(client, "/2025/03/03/?page=2").count('class="post-preview"') == 1


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_date_archives_use_the_site_time_zone_on_both_sides_of_midnight(client, settings, make_post, zone):
    settings.TIME_ZONE = zone
    make_post(title="Just before midnight", publish=local(2025, 12, 31, 23, 59))
    make_post(title="Just after midnight", publish=local(2026, 1, 1, 0, 1))
    before, after = "Just before midnight", "Just after midnight"
    day31, day1 = get(client, "/2025/12/31/"), get(client, "/2026/01/01/")
    assert before in day31 and after not in day31
    assert after in day1 and before not in day1
    assert before in get(client, "/2025/12/") and after not in get(client, "/2025/12/")
    assert after in get(client, "/2026/") and before not in get(client, "/2026/")
    archive = get(client, "/archive/")
    assert (
        archive.index('<h2><a href="/2026/">')
        < archive.index(after)
        < archive.index('<h2><a href="/2025/">')
        < archive.index(before)
    )


def test_future_posts_stay_out_of_date_archives_until_their_time(client, make_post):
    with time_machine.travel(local(2030, 5, 5, 12, 0), tick=False):
        make_post(title="Morning", publish=local(2030, 5, 5, 8, 0))
        make_post(title="Evening", publish=local(2030, 5, 5, 20, 0))
        html = get(client, "/2030/05/05/")
        assert "Morning" in html and "Evening" not in html
        get(client, "/2030/05/06/", status=404)
    with time_machine.travel(local(2030, 5, 5, 20, 1), tick=False):
        assert "Evening" in get(client, "/2030/05/05/")


@pytest.mark.parametrize("url", ["/0001/01/01/x/", "/0001/01/02/x/", "/9999/12/31/x/", "/9999/12/30/x/"])
def test_post_addresses_at_the_ends_of_the_calendar_are_404(client, db, url):
    get(client, url, status=404)
