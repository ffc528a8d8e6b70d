"""blog.links: reverse() remembered per process, still right for every URLconf and script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix, set_urlconf
from django.urls import path as url_path

from blog import links


def test_same_urls_as_django():
    for name, args, kwargs in [
        ("blog:home", (), {}),
        ("blog:tag", ("人工智能",), {}),
        ("blog:tag", (), {"slug": "ai"}),
        ("blog:post", (), {"year": "2025", "month": "06", "day": "19", "slug": "105626"}),
        ("blog:archive_year", (), {"year": 2025}),
        ("blog:set_language", (), {"code": "en"}),
    ]:
        assert links.reverse(name, *args, **kwargs) == reverse(name, args=args, kwargs=kwargs)
    assert links.reverse("blog:tag", "人工智能") == "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/"


def test_the_script_prefix_is_part_of_the_key():
    assert links.reverse("blog:archive") == "/archive/"
    set_script_prefix("/blog/")
    try:
        assert links.reverse("blog:archive") == "/blog/archive/"
    finally:
        clear_script_prefix()
    assert links.reverse("blog:archive") == "/archive/"


def _view(request):
    raise AssertionError


urlpatterns = [url_path("elsewhere/", _view, name="home")]


def test_a_request_urlconf_is_part_of_the_key():
    assert links.reverse("blog:home") == "/"
    set_urlconf(__name__)  # what a middleware setting request.urlconf does
    try:
        assert links.reverse("home") == "/elsewhere/"
        with pytest.raises(NoReverseMatch):
            links.reverse("blog:home")
    finally:
        set_urlconf(None)


def test_unknown_names_still_fail():
    with pytest.raises(NoReverseMatch):
        links.reverse("blog:no-such-view")


def test_the_root_urlconf_is_part_of_the_key(settings):
    assert links.reverse("blog:home") == "/"
    settings.ROOT_URLCONF = __name__
    assert links.reverse("home") == "/elsewhere/"
