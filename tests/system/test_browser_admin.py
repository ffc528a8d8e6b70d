"""Writing a post in the admin with a real Chromium: live preview, draft, publish,
header image variants, all under the site's Content-Security-Policy."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from blog.models import Post
from tests.admin_helpers import image_bytes

pytestmark = pytest.mark.browser

TITLE = "在浏览器里写的文章"
BODY = """写作的时候，右边就是预览。中文的字数按字来数。

## 代码与表格

下面是一段代码：

```python
def greet(name):
    # 高亮由 Pygments 完成
    return f"你好，{name}"
```

| 模型 | 参数量 | 开源 |
| --- | ---: | :---: |
| DeepSeek-V3 | 671B | 是 |
| Llama 3 | 70B | 是 |

> 引用也可以。
"""


@pytest.fixture
def superuser(transactional_db):
    return User.objects.create_superuser("editor", "editor@example.com", "a long passphrase 42")


def log_in(page, live_server, next_path):
    """Sign in as the superuser through the admin's login form, landing on ``next_path``."""
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long passphrase 42")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()


def watch_console(page):
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused" in msg.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    return problems


def save_and_continue(page):
    with page.expect_navigation():
        page.locator("input[name=_continue]").last.click()
    assert page.locator(".messagelist .success").count() == 1, page.content()[:3000]


def test_write_preview_draft_publish_and_header_image(page, browser, live_server, superuser, tmp_path, screenshots_dir):
    problems = watch_console(page)
    page.set_viewport_size({"width": 1440, "height": 900})

    log_in(page, live_server, "/admin/blog/post/add/")
    assert page.url.endswith("/admin/blog/post/add/")

    # Write: the slug follows the title (HHMMSS for a Chinese title).
    page.fill("#id_title", TITLE)
    slug = page.input_value("#id_slug")
    assert re.fullmatch(r"\d{6}", slug), slug
    # The publish time as the admin shows it (zh-hans shows HH:MM, so seconds are 00).
    assert slug == (re.sub(r"\D", "", page.input_value("#id_publish_1")) + "00")[:6]
    page.fill("#id_subtitle", "Markdown 编辑器与实时预览")
    page.fill("#id_tags", "写作, 浏览器")
    page.fill("#id_body", BODY)

    # The live preview renders the heading, highlighted code and the table.
    preview = page.locator(".md-preview")
    preview.locator("h2").wait_for()
    preview.locator(".highlight").wait_for()
    preview.locator("table").wait_for()
    assert preview.locator("h2").inner_text().startswith("代码与表格")
    assert preview.locator(".highlight .k").first.inner_text() == "def"  # Pygments classes
    assert preview.locator("table td").first.inner_text() == "DeepSeek-V3"
    stats = page.locator(".md-editor-stats")
    # (expect() polls without eval, which the CSP forbids, unlike wait_for_function)
    expect(stats).to_have_text(re.compile(r"\d+"))
    words = int(page.get_attribute(".md-editor", "data-word-count"))
    assert words > 50
    assert "字" in stats.inner_text()

    # The screenshot for the README: sidebar folded away, the editor in view.
    page.locator("#toggle-nav-sidebar").click()
    page.locator("fieldset.module").first.evaluate("element => element.scrollIntoView()")
    page.screenshot(path=str(screenshots_dir / "admin-editor.png"))

    # Word count follows typing.
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").type("\n再加五个字")
    expect(page.locator(".md-editor")).to_have_attribute("data-word-count", str(words + 5))

    # Side by side at this width.
    box_input = page.locator(".md-editor-input").bounding_box()
    box_preview = page.locator(".md-editor-preview").bounding_box()
    assert box_preview["x"] > box_input["x"] + box_input["width"] - 1
    assert abs(box_preview["y"] - box_input["y"]) < 5

    # Save as draft: the public permalink is 404.
    assert page.input_value("#id_status") == "draft"
    save_and_continue(page)
    post = Post.objects.get()
    assert post.title == TITLE and post.slug == slug and post.status == "draft"
    permalink = live_server.url + post.get_absolute_url()
    public = browser.new_context()
    try:
        visitor = public.new_page()
        assert visitor.goto(permalink).status == 404

        # Staff see it with the draft banner.
        response = page.request.get(permalink)
        assert response.status == 200 and "preview-banner" in response.text()

        # Publish: the permalink answers with the rendered body.
        page.select_option("#id_status", "published")
        save_and_continue(page)
        response = visitor.goto(permalink)
        assert response.status == 200
        assert visitor.locator("h1").first.inner_text() == TITLE
        assert visitor.locator("h2#代码与表格").is_visible()
        assert visitor.locator("article .highlight").count() == 1
        assert visitor.locator("article table").count() == 1
        assert visitor.locator(".preview-banner").count() == 0

        # Upload a header image: resized variants are served.
        banner = tmp_path / "banner.jpg"
        banner.write_bytes(image_bytes(size=(2400, 1200), color=(30, 90, 160)))
        page.set_input_files("#id_header_image", str(banner))
        save_and_continue(page)
        post.refresh_from_db()
        assert [w for w, _ in post.header_image_variants["webp"]] == [640, 1280, 1920]
        visitor.goto(permalink)
        html = visitor.content()
        urls = set()
        for srcset in re.findall(r'srcset="([^"]+)"', html):
            urls.update(part.strip().split(" ")[0] for part in srcset.split(","))
        urls.update(re.findall(r"url\('?([^')]+)'?\)", html))
        variant_urls = [u for u in urls if re.search(r"-\d+w\.(jpg|webp)$", u)]
        assert variant_urls, html[:3000]
        for url in variant_urls:
            answer = visitor.request.get(live_server.url + url if url.startswith("/") else url)
            assert answer.status == 200, url
            assert answer.headers["content-type"] in ("image/jpeg", "image/webp")
    finally:
        public.close()

    # Each later save kept the version it replaced, whole: the draft, then the post without a header.
    assert [(r.status, r.header_image) for r in post.revisions.order_by("version")] == [
        ("draft", ""),
        ("published", ""),
    ]
    assert problems == []


def test_editor_stacks_on_narrow_screens(page, live_server, superuser):
    problems = watch_console(page)
    page.set_viewport_size({"width": 600, "height": 900})
    log_in(page, live_server, "/admin/blog/post/add/")
    page.fill("#id_body", "# 标题\n\n窄屏上预览在下面。")
    page.locator(".md-preview h1").wait_for()
    box_input = page.locator(".md-editor-input").bounding_box()
    box_preview = page.locator(".md-editor-preview").bounding_box()
    assert box_preview["y"] >= box_input["y"] + box_input["height"] - 1
    assert problems == []


def test_image_library_upload_and_copy_snippet(page, context, live_server, superuser, tmp_path):
    problems = watch_console(page)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server, "/admin/blog/image/add/")
    photo = tmp_path / "photo.png"
    photo.write_bytes(image_bytes("PNG", size=(640, 360)))
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_alt", "一张示意图")
    save_and_continue(page)
    snippet = page.locator(".md-snippet code").inner_text()
    # Stored under an unguessable name: the file's own name ("photo") is not in the URL.
    assert re.fullmatch(r"!\[一张示意图\]\(/media/images/\d{4}/\d\d/[0-9a-f]{32}\.png\)", snippet), snippet
    src = page.get_attribute("img.admin-image-preview", "src")
    answer = page.request.get(live_server.url + src)
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    button = page.locator("button.copy-snippet")
    button.click()
    expect(button).to_have_class(re.compile("is-copied"))
    assert page.evaluate("navigator.clipboard.readText()") == snippet
    assert problems == []


def test_slug_follows_a_latin_title_until_typed_by_hand(page, live_server, superuser):
    log_in(page, live_server, "/admin/blog/post/add/")
    page.fill("#id_title", "Héllo, World: DeepSeek 开源")
    assert page.input_value("#id_slug") == "hello-world-deepseek"
    page.fill("#id_slug", "我的文章")
    page.fill("#id_title", "Something else")
    assert page.input_value("#id_slug") == "我的文章"
    page.fill("#id_slug", "")
    page.locator("#id_slug").dispatch_event("input")
    page.fill("#id_title", "Back to auto")
    assert page.input_value("#id_slug") == "back-to-auto"
