"""Comments in Chromium: a reader comments on a cached post page, sees it awaiting moderation
(nobody else does), a moderator approves it in the admin, and it appears for everyone; replies
move the form under the comment; all under the site's CSP. Saves docs/comments.png under
`make screenshots`."""

import time

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import Author, Comment, Post
from blog.writing import comments

pytestmark = pytest.mark.browser

SEED_URL = "/2025/06/19/105626/"
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def site(live_seed, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MODERATION": "first", "MIN_SECONDS": 1, "RATE": "0"}
    post = Post.objects.get(slug="105626")
    moderator = User.objects.create_superuser("editor", "editor@example.com", "a long passphrase 42")
    Author.objects.filter(user=moderator).delete()  # the one made for a new staff user: the seed's is theirs
    post.author.user = moderator
    post.author.save()
    earlier = timezone.now() - timezone.timedelta(hours=3)
    first = Comment.objects.create(
        post=post,
        name="林小雨",
        body="开源不等于不赚钱，这个观点**很清楚**。想问：`MIT` 许可证对商业化有什么影响？",
        status=Comment.Status.APPROVED,
        created=earlier,
        website="https://example.com/lin",
    )
    Comment.objects.create(
        post=post,
        parent=first,
        name=post.author.name,
        body="好问题。MIT 几乎不设限制：可以闭源商用，只需保留版权声明。",
        status=Comment.Status.APPROVED,
        by_author=True,
        user=moderator,
        created=earlier + timezone.timedelta(minutes=20),
    )
    comments.recount(post.pk)
    return live_seed


def watch_csp(page):
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused" in msg.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def log_in(page, base):
    page.goto(f"{base}/admin/login/?next=/admin/blog/comment/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long passphrase 42")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()


def test_a_reader_comments_on_a_cached_page_and_a_moderator_approves_it(browser, site, screenshots_dir):
    base = site.url
    reader = browser.new_context(locale="zh-CN", viewport=WIDE)
    page = reader.new_page()
    problems = watch_csp(page)
    assert page.goto(base + SEED_URL).headers.get("x-cache") == "miss"
    assert page.goto(base + SEED_URL).headers.get("x-cache") == "hit"  # the cached page
    form = page.locator("#comment-form")
    expect(form.get_by_label("Name").or_(form.get_by_label("名字"))).to_be_visible()
    form.locator("#c-name").fill("读者王五")
    form.locator("#c-email").fill("wangwu@example.com")
    form.locator("#c-body").fill("谢谢分享！*开源*的商业模式讲得很透彻。")
    time.sleep(1.2)  # a person takes longer than the form's minimum
    with page.expect_navigation():
        form.get_by_role("button").click()
    mine = page.locator(".comment.held")
    expect(mine).to_contain_text("谢谢分享！")
    expect(mine.locator("em").first).to_be_visible()

    stranger = browser.new_context(locale="zh-CN", viewport=WIDE).new_page()
    stranger.goto(base + SEED_URL)
    expect(stranger.locator("#comments")).not_to_contain_text("谢谢分享！")

    moderator = browser.new_context(locale="zh-CN", viewport=WIDE)
    admin = moderator.new_page()
    log_in(admin, base)
    held = Comment.objects.get(name="读者王五")
    admin.goto(f"{base}/admin/")
    expect(admin.locator(".comment-queue")).to_contain_text("1")
    admin.goto(f"{base}/admin/blog/comment/?status__exact=pending")
    admin.locator(f'input[name="_selected_action"][value="{held.pk}"]').check()
    admin.select_option('select[name="action"]', "approve")
    with admin.expect_navigation():
        admin.locator('button[name="index"]').click()
    expect(admin.locator(".messagelist")).to_be_visible()

    stranger.goto(base + SEED_URL)
    approved = stranger.locator(f"#comment-{held.pk}")
    expect(approved).to_contain_text("谢谢分享！")
    expect(approved).not_to_have_class("held")
    expect(stranger.locator(".comment.by-author .badge")).to_be_visible()
    stranger.set_viewport_size(WIDE)
    stranger.locator("#comments").screenshot(path=str(screenshots_dir / "comments.png"))
    for context in (reader, moderator, stranger.context):
        context.close()
    assert not problems, problems


def test_reply_moves_the_form_and_a_fresh_token_is_fetched(browser, site):
    base = site.url
    context = browser.new_context(locale="zh-CN", viewport=WIDE)
    page = context.new_page()
    problems = watch_csp(page)
    page.goto(base + SEED_URL)
    first = Comment.objects.get(name="林小雨")
    token_before = page.locator('input[name="token"]').input_value()
    time.sleep(1.1)  # tokens are dated to the second
    with page.expect_response(lambda r: "/comments/token/" in r.url):
        page.locator(f'#comment-{first.pk} [data-reply="{first.pk}"]').click()
    expect(page.locator(f"#comment-{first.pk} #comment-form")).to_be_visible()
    expect(page.locator(".replying")).to_contain_text("林小雨")
    assert page.locator('input[name="parent"]').input_value() == str(first.pk)
    expect(page.locator('input[name="token"]')).not_to_have_value(token_before)
    page.locator("#c-name").fill("赵六")
    page.locator("#c-body").fill("同问，GPL 呢？")
    time.sleep(1.2)
    with page.expect_navigation():
        page.locator("#comment-form button").click()
    reply = Comment.objects.get(name="赵六")
    assert reply.parent == first and reply.status == Comment.Status.PENDING
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("同问")
    # Cancelling a reply puts the form back at the end.
    page.locator(f'#comment-{first.pk} [data-reply="{first.pk}"]').click()
    page.locator(".cancel-reply").click()
    expect(page.locator(f"#comment-{first.pk} #comment-form")).to_have_count(0)
    assert page.locator('input[name="parent"]').input_value() == ""
    assert not problems, problems
    context.close()


def test_a_refused_comment_comes_back_with_the_reason_and_the_text(browser, site, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MIN_SECONDS": 4}
    context = browser.new_context(locale="zh-CN", viewport=WIDE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + SEED_URL)
    page.locator("#c-name").fill("太快的人")
    page.locator("#c-body").fill("一秒钟就发出去了")
    with page.expect_navigation():
        page.locator("#comment-form button").click()  # sooner than the minimum: refused
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    expect(page.locator("#c-body")).to_have_value("一秒钟就发出去了")
    expect(page.locator("#c-name")).to_have_value("太快的人")
    time.sleep(4.2)
    with page.expect_navigation():
        page.locator("#comment-form button").click()  # the page's fresh token, later: accepted
    expect(page.locator(".comment.held")).to_contain_text("一秒钟就发出去了")
    context.close()
