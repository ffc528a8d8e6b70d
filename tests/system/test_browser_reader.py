"""Reading the blog in Debian's Chromium: links, the catalog, tags, narrow screens, dark mode and
JavaScript off. (The README's screenshots: tests/system/screenshots.py, `make screenshots`.)"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEED_URL = "/2025/06/19/105626/"
SEED_TITLE = "Deepseek那么厉害,为什么要开源"
WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

NARROW_BODY = """长链接：https://example.com/a/very/long/path/that/keeps/going/and/going/without/any/break/1234567890abcdefghijklmnopqrstuvwxyz

## 代码

```python
def fibonacci(n: int) -> int:
    a, b = 0, 1  # a deliberately long comment that would push the page sideways if code did not scroll in its box
    for _ in range(n):
        a, b = b, a + b
    return a
```

## 表格

| 模型 | 参数量 | 开源 | 许可证 | 发布时间 | 备注 |
|---|---|---|---|---|---|
| DeepSeek-R1 | 671B | 是 | MIT | 2025-01 | 推理模型，性能接近顶级闭源模型 |
| SupercalifragilisticexpialidociousModelName | 405B | 是 | 社区许可 | 2024-07 | Meta |
"""


@pytest.fixture
def blog(live_seed, make_post):
    """The seed, plus a post with a long URL, code and a wide table."""
    make_post(title="窄屏测试：代码、表格与长链接", body=NARROW_BODY, tags=["AI", "开源"])
    return live_seed


def in_viewport(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] < height and box["y"] + box["height"] > 0


def background_luminance(page):
    colour = page.evaluate("getComputedStyle(document.body).backgroundColor")  # "rgb(r, g, b)"
    r, g, b = (int(part) for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_home_to_post_to_tag(page, blog):
    page.set_viewport_size(WIDE)
    page.goto(blog.url + "/")
    page.get_by_role("link", name=SEED_TITLE, exact=True).click()
    page.wait_for_url(blog.url + SEED_URL)
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    # A tag pill in the banner leads to that tag's page, which lists the post.
    page.locator(".banner .tag", has_text="DEEPSEEK").click()
    page.wait_for_url(blog.url + "/tags/deepseek/")
    expect(page.locator("h1")).to_have_text("DEEPSEEK")
    expect(page.get_by_role("link", name=SEED_TITLE, exact=True)).to_be_visible()


def test_catalog_scrolls_to_the_heading_and_marks_it(page, blog):
    page.set_viewport_size(WIDE)
    page.goto(blog.url + SEED_URL)
    catalog = page.locator("details.catalog")
    expect(catalog).to_have_attribute("open", "")  # wide screens keep it open beside the text
    heading = page.locator('[id="付费培训和咨询"]')
    assert not in_viewport(page, heading)
    catalog.get_by_role("link", name="付费培训和咨询").click()
    expect(heading).to_be_in_viewport()
    page.wait_for_function(
        "() => { const h = document.getElementById('付费培训和咨询').getBoundingClientRect(); "
        "return h.top >= 0 && h.top < innerHeight / 2; }"
    )
    assert in_viewport(page, heading)
    assert page.url.endswith("#%E4%BB%98%E8%B4%B9%E5%9F%B9%E8%AE%AD%E5%92%8C%E5%92%A8%E8%AF%A2")
    # The script marks the section being read; the catalog stays in view (sticky).
    expect(catalog.locator("a.active")).to_have_text("付费培训和咨询")
    assert in_viewport(page, catalog)


def test_catalog_folds_on_phones_and_opens_on_tap(page, blog):
    page.set_viewport_size(PHONE)
    page.goto(blog.url + SEED_URL)
    catalog = page.locator("details.catalog")
    expect(catalog).not_to_have_attribute("open", "")
    catalog.locator("summary").click()
    catalog.get_by_role("link", name="捐赠模式").click()
    expect(page.locator('[id="捐赠模式"]')).to_be_in_viewport()


def test_no_horizontal_scroll_at_390_pixels(page, blog):
    page.set_viewport_size(PHONE)
    for path in ("/", SEED_URL, "/tags/", "/tags/ai/", "/archive/", "/search/?q=开源", "/about/"):
        page.goto(blog.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    # The long URL, the code and the table stay inside the text column.
    page.goto(blog.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="窄屏测试：代码、表格与长链接").first.click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(
        "document.querySelector('.table-wrap').scrollWidth > document.querySelector('.table-wrap').clientWidth"
    )
    assert page.evaluate("document.querySelector('pre').scrollWidth > document.querySelector('pre').clientWidth")


@pytest.mark.parametrize("width", [360, 1920])
def test_no_horizontal_scroll_at_the_extremes(page, blog, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(blog.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="窄屏测试：代码、表格与长链接").first.click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_dark_mode_renders_dark(page, blog):
    page.set_viewport_size(WIDE)
    page.goto(blog.url + SEED_URL)
    assert background_luminance(page) > 0.9
    page.emulate_media(color_scheme="dark")
    assert background_luminance(page) < 0.15
    text = page.evaluate("getComputedStyle(document.querySelector('.post-body p')).color")
    assert text != "rgb(45, 47, 51)"  # the light theme's text colour would be unreadable


def test_without_javascript_the_catalog_is_open_and_works(new_context, blog):
    context = new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(blog.url + SEED_URL)
    catalog = page.locator("details.catalog")
    expect(catalog).to_have_attribute("open", "")
    expect(catalog.get_by_role("link", name="商业版销售")).to_be_visible()
    catalog.get_by_role("link", name="付费订阅").click()
    expect(page.locator('[id="付费订阅"]')).to_be_in_viewport()
