"""The screenshots in docs/ that README.md shows: home, post, tag cloud, phone and dark mode of
the seed. Not part of `make test` (the file name is not collected); `make screenshots` runs it,
with UPDATE_SCREENSHOTS=1 so the `screenshots_dir` fixture writes into docs/."""

import pytest

pytestmark = pytest.mark.browser

SEED_URL = "/2025/06/19/105626/"


def test_screenshots(new_context, live_seed, screenshots_dir):
    """Home, post, tag cloud, mobile post and dark mode of the seed, for README.md."""
    target = screenshots_dir
    shots = [
        ("home.png", "/", {"width": 1280, "height": 900}, "light"),
        ("post.png", SEED_URL, {"width": 1280, "height": 900}, "light"),
        ("tags.png", "/tags/", {"width": 1280, "height": 720}, "light"),
        ("mobile-post.png", SEED_URL, {"width": 390, "height": 844}, "light"),
        ("dark-mode.png", SEED_URL, {"width": 1280, "height": 1100}, "dark"),
    ]
    for name, path, viewport, scheme in shots:
        context = new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        page.goto(live_seed.url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(target / name))
        context.close()
        assert (target / name).stat().st_size > 10_000
