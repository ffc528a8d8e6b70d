"""Date-based permalinks in the site's time zone, canonical URLs and 404s."""

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from blog.models import Post

from ..helpers import local

SEED_URL = "/2025/06/19/105626/"


def test_seed_permalink_renders_the_article(client, seed):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deepseek那么厉害,为什么要开源" in html
    assert "拆解AI明星的商业战略" in html
    assert "Agent Eric" in html
    assert "2025-06-19" in html
    assert '<h2 id="商业版销售">' in html
    assert "<strong>开源不等于不赚钱</strong>" in html
    assert "<blockquote>" in html
    for line in (
        "✅ 短期——以开源换市场、口碑与开发者生态；",
        "✅ 中期——通过API、企业服务变现，建立技术标准；",
        "✅ 长期——成为全球AI基础设施的“底座”，主导下一代智能范式。",
    ):
        assert line in html
    for tag in seed.tags.all():
        assert f'href="/tags/{tag.slug}/"' in html


def test_unpadded_date_redirects_permanently_to_the_canonical_url(client, seed):
    response = client.get("/2025/6/19/105626/")
    assert response.status_code == 301
    assert response["Location"] == SEED_URL
    assert client.get("/2025/06/9/105626/").status_code in (301, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/2025/13/45/105626/",
        "/2025/02/30/105626/",
        "/2025/00/19/105626/",
        "/2025/06/19/no-such-post/",
        "/2025/06/20/105626/",
        "/2024/06/19/105626/",
        "/9999/99/99/x/",
        "/2025/06/19/105626/extra/",
    ],
)
def test_unknown_addresses_are_404(client, seed, url):
    assert client.get(url).status_code == 404


def test_404_page_is_styled_html(client, db):
    response = client.get("/2025/13/45/nothing/")
    assert response.status_code == 404
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
@pytest.mark.parametrize(
    "slug, moment, day, other_day",
    [
        ("after-midnight", (2025, 6, 19, 0, 30), "19", "18"),
        ("before-midnight", (2025, 6, 18, 23, 59), "18", "19"),
    ],
)
def test_local_midnight_decides_the_day(client, settings, make_post, zone, slug, moment, day, other_day):
    settings.TIME_ZONE = zone
    post = make_post(slug=slug, publish=local(*moment))
    assert post.get_absolute_url() == f"/2025/06/{day}/{slug}/"
    assert client.get(f"/2025/06/{day}/{slug}/").status_code == 200
    assert client.get(f"/2025/06/{other_day}/{slug}/").status_code == 404


def test_same_instant_has_different_days_in_different_zones(settings, make_post):
    settings.TIME_ZONE = "UTC"
    post = make_post(slug="instant", publish=local(2025, 6, 18, 17, 0))  # 17:00 UTC
    assert post.get_absolute_url() == "/2025/06/18/instant/"
    settings.TIME_ZONE = "Asia/Shanghai"  # 01:00 on the 19th in Shanghai
    assert post.get_absolute_url() == "/2025/06/19/instant/"


def test_draft_is_404(client, make_post):
    post = make_post(slug="draft", status=Post.Status.DRAFT)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_future_post_is_404_until_its_time(client, make_post):
    with time_machine.travel(local(2030, 1, 1, 12, 0), tick=False):
        post = make_post(slug="soon", publish=local(2030, 1, 1, 12, 30))
        assert client.get(post.get_absolute_url()).status_code == 404
    with time_machine.travel(local(2030, 1, 1, 12, 31), tick=False):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_staff_can_preview_draft_with_banner_and_no_cache(client, editor, make_post):
    post = make_post(slug="wip", status=Post.Status.DRAFT)
    client.force_login(editor)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_staff_can_preview_scheduled_post(client, editor, make_post):
    post = make_post(slug="later", publish=timezone.now() + timezone.timedelta(days=3))
    client.force_login(editor)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" in response.content.decode()


def test_staff_without_change_permission_cannot_preview(client, make_post, db):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    post = make_post(slug="secret", status=Post.Status.DRAFT)
    client.force_login(viewer)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_unicode_slug_permalink(client, make_post):
    post = make_post(slug="深度求索", publish=local(2025, 6, 19, 9, 0))
    assert post.get_absolute_url() == "/2025/06/19/%E6%B7%B1%E5%BA%A6%E6%B1%82%E7%B4%A2/"
    assert client.get(post.get_absolute_url()).status_code == 200


def test_duplicate_slug_on_same_day_never_500(client, make_post):
    # Bypasses validation (as a raw import might) — the view still answers.
    make_post(slug="twin", publish=local(2025, 6, 19, 9, 0))
    make_post(slug="twin", publish=local(2025, 6, 19, 10, 0))
    assert client.get("/2025/06/19/twin/").status_code == 200


def test_query_string_kept_on_redirect(client, seed):
    response = client.get("/2025/6/19/105626/?utm_source=x")
    assert response["Location"] == SEED_URL + "?utm_source=x"
