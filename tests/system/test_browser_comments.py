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
    page.get_by_role("link", name="发表评论").click()  # the form's own page, shown in place
    form = page.locator("#comments #comment-form")
    expect(form.get_by_label("名字")).to_be_focused()
    form.get_by_label("名字").fill("读者王五")
    form.locator("#c-email").fill("wangwu@example.com")
    form.get_by_label("评论").fill("谢谢分享！*开源*的商业模式讲得很透彻。")
    time.sleep(1.2)  # a person takes longer than the form's minimum
    with page.expect_navigation():
        form.get_by_role("button", name="发表评论").click()
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
    stranger.get_by_role("link", name="发表评论").click()
    expect(stranger.locator("#comments #comment-form")).to_be_visible()
    stranger.locator("#comments").screenshot(path=str(screenshots_dir / "comments.png"))
    for context in (reader, moderator, stranger.context):
        context.close()
    assert not problems, problems


def test_reply_opens_the_form_under_the_comment(browser, site):
    base = site.url
    context = browser.new_context(locale="zh-CN", viewport=WIDE)
    page = context.new_page()
    problems = watch_csp(page)
    page.goto(base + SEED_URL)
    page.goto(base + SEED_URL)  # from the cache
    first = Comment.objects.get(name="林小雨")
    with page.expect_response(lambda r: r.url.endswith(f"/comments/reply/{first.pk}/")) as opened:
        page.locator(f"#comment-{first.pk} > small").get_by_role("link", name="回复").click()
    assert "no-store" in opened.value.headers["cache-control"]
    form = page.locator(f"#comment-{first.pk} #comment-form")
    expect(form).to_be_visible()
    expect(form.locator("h2")).to_contain_text("林小雨")
    assert form.locator('input[name="parent"]').input_value() == str(first.pk)
    form.get_by_label("名字").fill("赵六")
    form.get_by_label("评论").fill("同问，GPL 呢？")
    time.sleep(1.2)
    with page.expect_navigation():
        form.get_by_role("button").click()
    reply = Comment.objects.get(name="赵六")
    assert reply.parent == first and reply.status == Comment.Status.PENDING
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("同问")
    # One form at a time; Cancel closes it.
    page.locator(f"#comment-{first.pk} > small").get_by_role("link", name="回复").click()
    expect(page.locator("#comment-form")).to_have_count(1)
    page.get_by_role("link", name="发表评论").click()
    expect(page.locator(f"#comment-{first.pk} #comment-form")).to_have_count(0)
    expect(page.locator("#comment-form")).to_have_count(1)
    page.locator("#comment-form").get_by_role("link", name="取消").click()
    expect(page.locator("#comment-form")).to_have_count(0)
    assert not problems, problems
    context.close()


def test_a_refused_comment_comes_back_with_the_reason_and_the_text(browser, site, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MIN_SECONDS": 4}
    context = browser.new_context(locale="zh-CN", viewport=WIDE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + SEED_URL)
    with page.expect_navigation():
        page.get_by_role("link", name="发表评论").click()  # without JavaScript: the form's page
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


def test_comments_and_their_forms_pass_axe(new_context, site, settings):
    """The thread, the form shown in place, a refused comment's page and a signed link's page."""
    from blog.writing import comment_tokens

    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MIN_SECONDS": 60}  # the comment sent is refused
    from .test_accessibility import axe_source, violations

    source = axe_source()
    page = new_context(viewport=WIDE).new_page()
    problems = []
    page.goto(site.url + SEED_URL)
    page.get_by_role("link", name="发表评论").click()
    expect(page.locator("#comments #comment-form")).to_be_visible()
    problems += [f"post with the form: {line}" for line in violations(page, source)]
    page.locator("#comment-form button").click()  # nothing filled in: the browser's own checks
    page.goto(f"{site.url}/comments/new/{Post.objects.get(slug='105626').pk}/")
    page.locator("#c-name").fill("甲")
    page.locator("#c-body").fill("太快了")
    with page.expect_navigation():
        page.locator("#comment-form button").click()
    expect(page.get_by_role("alert")).to_be_visible()
    problems += [f"refused comment: {line}" for line in violations(page, source)]
    first = Comment.objects.get(name="林小雨")
    page.goto(f"{site.url}/comments/delete/{comment_tokens.make('delete', first.pk)}/")
    problems += [f"delete link: {line}" for line in violations(page, source)]
    assert not problems, "\n".join(problems)
