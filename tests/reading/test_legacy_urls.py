"""LegacyRedirectMiddleware: old URLs answer 301 to the permalink, only for published posts."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.models import LegacyURL, Post

from ..jekyll.utils import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(make_post):
    post = make_post(slug="open-source", publish=timezone.now() - timezone.timedelta(days=2))
    for path in ("/2024/02/10/开源与商业.html", "/blog/open-source/", "/notes/old", "/思考/2024/02/10/开源与商业/"):
        LegacyURL.objects.create(path=path, post=post)
    return post


def test_an_old_url_answers_301_to_the_permalink(client, post):
    response = client.get("/blog/open-source/")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/2024/02/10/开源与商业.html",
        "/2024/02/10/%E5%BC%80%E6%BA%90%E4%B8%8E%E5%95%86%E4%B8%9A.html",
        "/%E6%80%9D%E8%80%83/2024/02/10/%E5%BC%80%E6%BA%90%E4%B8%8E%E5%95%86%E4%B8%9A/",
        "/思考/2024/02/10/开源与商业/",
    ],
)
def test_chinese_old_urls_work_encoded_or_not(client, post, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


def test_a_chinese_permalink_target_is_percent_encoded(client, make_post):
    target = make_post(slug="开源", publish=timezone.now() - timezone.timedelta(days=1))
    LegacyURL.objects.create(path="/old/开源.html", post=target)
    response = client.get("/old/%E5%BC%80%E6%BA%90.html")
    assert response["Location"] == target.get_absolute_url()
    assert "%E5%BC%80%E6%BA%90" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_missing_trailing_slash_and_index_html(client, post):
    assert client.get("/blog/open-source")["Location"] == post.get_absolute_url()
    assert client.get("/blog/open-source/index.html")["Location"] == post.get_absolute_url()
    assert client.get("/notes/old/")["Location"] == post.get_absolute_url()
    assert client.get("/notes/old")["Location"] == post.get_absolute_url()


def test_jekylls_index_html_of_a_permalink_redirects_to_it(client, post):
    response = client.get(post.get_absolute_url() + "index.html")
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()


def test_query_string_is_kept(client, post):
    assert client.get("/blog/open-source/?utm_source=x")["Location"] == post.get_absolute_url() + "?utm_source=x"


def test_head_is_redirected_too_but_not_post(client, post):
    assert client.head("/blog/open-source/").status_code == 301
    assert client.post("/blog/open-source/").status_code == 404


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_old_urls_of_posts_the_public_cannot_see_stay_404(client, make_post, state):
    if state == "draft":
        hidden = make_post(slug="secret", status=Post.Status.DRAFT)
    else:
        hidden = make_post(slug="secret", publish=timezone.now() + timezone.timedelta(days=1))
    LegacyURL.objects.create(path="/old/secret.html", post=hidden)
    assert client.get("/old/secret.html").status_code == 404
    assert client.get(hidden.get_absolute_url() + "index.html").status_code == 404


def test_hidden_posts_old_urls_redirect(client, make_post):
    hidden = make_post(slug="hidden-one", hidden=True)
    LegacyURL.objects.create(path="/old/hidden.html", post=hidden)
    assert client.get("/old/hidden.html")["Location"] == hidden.get_absolute_url()


def test_a_live_page_wins_over_an_old_url(client, post, make_post):
    other = make_post(slug="other")
    LegacyURL.objects.create(path=other.get_absolute_url(), post=post)
    assert client.get(other.get_absolute_url()).status_code == 200


def test_unknown_paths_stay_404(client, post):
    for path in ("/nothing/here.html", "/2024/02/10/unknown.html", "/blog/", "/blog/index.html"):
        assert client.get(path).status_code == 404
    # A Jekyll site's own home page address is the home page (blog.reading.pages).
    assert client.get("/index.html")["Location"] == "/"


def test_an_imported_image_path_redirects_to_media(client):
    default_storage.save("jekyll/img/in-post/图.png", ContentFile(image_bytes("PNG")))
    response = client.get("/img/in-post/%E5%9B%BE.png")
    assert response.status_code == 301
    assert response["Location"].startswith("/media/jekyll/img/in-post/")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/img/in-post/other.png").status_code == 404


@pytest.mark.parametrize(
    "path", ["/../../etc/passwd.png", "/img/%2e%2e/%2e%2e/x.jpg", "/%00.png", "/a/..%2f..%2fb.gif"]
)
def test_odd_image_paths_are_404_never_500(client, path):
    assert client.get(path).status_code == 404


def test_non_image_paths_are_not_looked_up_in_media(client, monkeypatch):
    calls = []
    monkeypatch.setattr(default_storage, "exists", lambda name: calls.append(name) or False)
    client.get("/some/page.html")
    client.get("/some/script.svg")
    assert calls == []
    client.get("/some/picture.jpg")
    assert calls == ["jekyll/some/picture.jpg"]


def test_a_404_costs_one_query_at_most_for_old_urls(client, post, django_assert_max_num_queries):
    client.get("/")  # the page cache's content version is made once, not per request
    client.get("/a/first/404/")  # and so is the list of pages' paths
    with django_assert_max_num_queries(1):
        client.get("/no/such/old/url.html")
