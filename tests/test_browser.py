"""The seed article in a real Chromium, through Django's live server."""

import pytest

pytestmark = pytest.mark.browser


def test_open_home_and_click_into_the_seed_post(page, live_seed):
    page.goto(live_seed.url + "/")
    page.get_by_role("link", name="Deepseek那么厉害,为什么要开源").first.click()
    page.wait_for_url("**/2025/06/19/105626/")
    assert page.locator("h1").first.inner_text() == "Deepseek那么厉害,为什么要开源"
    assert page.locator("h2#商业版销售").is_visible()
