"""The comment rules: moderation policies, links, blocklists, Akismet, counts, deleting,
replying as staff, and what is kept of a client's address (and for how long)."""

import json

import httpx
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from blog.models import Comment, CommentBlock, Post
from blog.writing import comments, privacy, spam
from blog.writing.comments import Submission
from blog.writing.spam import Refused

from ..comment_helpers import run_tasks


@pytest.fixture
def post(make_post):
    return make_post(title="规则")


@pytest.fixture
def rules(settings):
    def set_rules(**values):
        settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "RATE": "0", **values}

    set_rules()
    return set_rules


def submit(post, **fields):
    values = {"name": "读者", "body": "一条评论", "address": "198.51.100.7", **fields}
    return comments.submit(Submission(post=post, **values))


@pytest.mark.parametrize(
    ("policy", "first", "second"),
    [
        ("all", "pending", "pending"),
        ("first", "pending", "approved"),
        ("open", "approved", "approved"),
        ("nonsense", "pending", "approved"),  # an unknown setting means the default, "first"
    ],
)
def test_moderation_policies(post, rules, policy, first, second):
    rules(MODERATION=policy)
    one = submit(post, email="r@example.com", body="第一条")
    assert one.status == first
    comments.set_status([one], Comment.Status.APPROVED, "http://testserver")
    two = submit(post, email="R@example.com", body="第二条")
    assert two.status == second


def test_first_time_needs_the_same_name_and_email(post, rules):
    rules(MODERATION="first")
    known = submit(post, email="r@example.com")
    comments.set_status([known], Comment.Status.APPROVED, "")
    assert submit(post, email="r@example.com", name="冒名", body="另一条").status == "pending"
    assert submit(post, email="", body="无邮箱").status == "pending"


def test_links_over_the_threshold_are_always_held(post, rules):
    rules(MODERATION="open", MAX_LINKS=2)
    assert submit(post, body="https://a.example https://b.example").status == "approved"
    three = "看 [这个](https://a.example) 和 https://b.example 还有 www.c.example"
    assert submit(post, body=three).status == "pending"


@pytest.mark.parametrize(
    ("kind", "value", "fields"),
    [
        ("word", "viagra", {"body": "Buy VIAGRA now"}),
        ("word", "casino", {"website": "https://casino.example"}),
        ("word", "bot", {"name": "Spam Bot"}),
        ("email", "spammer@example.com", {"email": "Spammer@Example.com"}),
        ("email", "@spam.example", {"email": "anyone@spam.example"}),
        ("address", "198.51.100.7", {}),
        ("address", "198.51.100.0/24", {}),
        ("address", "2001:db8::/32", {"address": "2001:db8::1"}),
    ],
)
def test_blocklisted_comments_are_stored_as_spam(post, rules, kind, value, fields):
    rules(MODERATION="open")
    CommentBlock.objects.create(kind=kind, value=value)
    comment = submit(post, **fields)
    assert comment.status == Comment.Status.SPAM
    post.refresh_from_db()
    assert post.comment_count == 0


def test_an_address_hash_from_a_comment_blocks_that_address(post, rules):
    rules(MODERATION="open")
    first = submit(post, body="一")
    CommentBlock.objects.create(kind="address", value=first.client_hash)
    assert submit(post, body="二").status == Comment.Status.SPAM
    assert submit(post, body="三", address="203.0.113.1").status == Comment.Status.APPROVED


def test_blocklist_does_not_match_elsewhere(post, rules):
    rules(MODERATION="open")
    CommentBlock.objects.create(kind="email", value="@spam.example")
    CommentBlock.objects.create(kind="address", value="not an address")
    assert submit(post, email="me@notspam.example.org").status == Comment.Status.APPROVED


def test_staff_comments_are_approved(post, rules, django_user_model):
    rules(MODERATION="all")
    user = django_user_model.objects.create_user("staffer", is_staff=True)
    assert submit(post, user=user).status == Comment.Status.APPROVED


def test_only_a_keyed_hash_of_the_address_is_stored(post, rules, settings):
    comment = submit(post, address="198.51.100.7", user_agent="Mozilla/5.0")
    stored = json.dumps(list(Comment.objects.values()), default=str)
    assert "198.51.100.7" not in stored
    assert comment.client_hash == privacy.address_hash("198.51.100.7") and len(comment.client_hash) == 64
    settings.SECRET_KEY = "another key"
    assert privacy.address_hash("198.51.100.7") != comment.client_hash


def test_addresses_are_dropped_after_the_set_number_of_days(make_post, rules, settings):
    rules(KEEP_ADDRESSES_DAYS=30)
    post = make_post(publish=timezone.now() - timezone.timedelta(days=90))
    with time_machine.travel(timezone.now() - timezone.timedelta(days=31), tick=False):
        old = submit(post, body="旧的", user_agent="UA")
    new = submit(post, body="新的", user_agent="UA")
    assert run_tasks() and Comment.objects.get(pk=old.pk).client_hash == ""  # its deferred task was due
    assert Comment.objects.get(pk=new.pk).client_hash != ""
    with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
        run_tasks()
    new.refresh_from_db()
    assert new.client_hash == "" and new.user_agent == ""


def test_the_forget_command_catches_up(make_post, rules):
    post = make_post(publish=timezone.now() - timezone.timedelta(days=90))
    with time_machine.travel(timezone.now() - timezone.timedelta(days=60), tick=False):
        old = submit(post, body="旧的")
    submit(post, body="新的")
    call_command("forget_comment_addresses", verbosity=0)
    assert Comment.objects.get(pk=old.pk).client_hash == ""
    assert Comment.objects.exclude(client_hash="").count() == 1


def test_client_address_behind_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.2")
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "PROXY_HOPS": 0}
    assert privacy.client_address(request) == "10.0.0.1"
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "PROXY_HOPS": 1}
    assert privacy.client_address(request) == "198.51.100.2"
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "PROXY_HOPS": 2}
    assert privacy.client_address(request) == "203.0.113.5"
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "PROXY_HOPS": 1}
    bad = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert privacy.client_address(bad) == ""


def test_counts_follow_every_change(post, rules):
    rules(MODERATION="open")
    a, b = submit(post, body="a"), submit(post, body="b")
    post.refresh_from_db()
    assert post.comment_count == 2
    comments.set_status([a], Comment.Status.SPAM, "")
    post.refresh_from_db()
    assert post.comment_count == 1
    comments.delete(b)
    post.refresh_from_db()
    assert post.comment_count == 0
    comments.set_status([a], Comment.Status.APPROVED, "")
    post.refresh_from_db()
    assert post.comment_count == 1


def test_deleting_a_comment_keeps_its_replies_in_the_thread(post, rules):
    rules(MODERATION="open")
    top = submit(post, body="顶层")
    middle = submit(post, body="中间", parent_id=top.pk)
    leaf = submit(post, body="回复", parent_id=middle.pk)
    comments.delete(middle)
    leaf.refresh_from_db()
    assert leaf.parent_id == top.pk


def test_staff_reply_approves_the_comment_and_marks_the_author(post, rules, author, django_user_model):
    rules(MODERATION="all")
    held = submit(post, body="请问")
    user = django_user_model.objects.create_user("tester", email="t@example.com")
    author.user = user
    author.save()
    reply = comments.staff_reply(held, user, "答复", "http://testserver")
    held.refresh_from_db()
    assert held.status == reply.status == Comment.Status.APPROVED
    assert reply.by_author and reply.parent == held and reply.name == author.name
    post.refresh_from_db()
    assert post.comment_count == 2


def test_the_form_token_dates_the_form(post, settings):
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "MIN_SECONDS": 3, "FORM_MAX_AGE": 3600}
    token = spam.form_token(post.pk, now=1_000_000)
    spam.check_token(token, post.pk, now=1_000_003)
    spam.check_token(token, post.pk, now=1_003_600)
    for now in (1_000_002, 1_003_601):
        with pytest.raises(Refused):
            spam.check_token(token, post.pk, now=now)
    with pytest.raises(Refused):
        spam.check_token(token, post.pk + 1, now=1_000_010)
    with pytest.raises(Refused):
        spam.check_token(token[:-1] + ("A" if token[-1] != "A" else "B"), post.pk, now=1_000_010)


def test_rate_limits_live_in_the_shared_cache(post, rules):
    from django.core.cache import cache

    rules(RATE="2/60", MODERATION="open")
    submit(post, body="1")
    submit(post, body="2")
    with pytest.raises(Refused) as refused:
        submit(post, body="3")
    assert refused.value.status == 429
    cache.clear()  # what another host would read: the count is there, not in this process
    submit(post, body="4")


def test_a_cache_outage_lifts_the_rate_limit_instead_of_failing(post, rules, monkeypatch):
    from django.core.cache import cache

    rules(RATE="1/60", MODERATION="open")

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    for n in range(3):
        submit(post, body=f"{n}")


def test_closed_posts_refuse_comments(post, rules):
    Post.objects.filter(pk=post.pk).update(comments_open=False)
    post.refresh_from_db()
    with pytest.raises(Refused) as refused:
        submit(post)
    assert refused.value.status == 403


# --- Akismet ------------------------------------------------------------------------------
@pytest.fixture
def akismet(settings, monkeypatch):
    """Akismet configured; its HTTP API answered on this machine, as the real one would."""
    settings.BLOG = {**settings.BLOG, "SITE_URL": "https://blog.example.com"}
    settings.BLOG_COMMENTS = {**settings.BLOG_COMMENTS, "AKISMET_KEY": "k3y", "RATE": "0", "MODERATION": "open"}
    calls = []

    def answer(request):
        form = dict(httpx.QueryParams(request.content.decode()))
        calls.append((request.url.path, form))
        if request.url.path.endswith("/comment-check"):
            return httpx.Response(200, text="true" if "spam" in form.get("comment_content", "") else "false")
        return httpx.Response(404)

    monkeypatch.setattr(spam, "akismet_http_client", lambda: httpx.Client(transport=httpx.MockTransport(answer)))
    return calls


def test_akismet_verdicts_are_followed(post, akismet):
    assert submit(post, body="a real comment", email="a@example.com").status == Comment.Status.APPROVED
    assert submit(post, body="buy spam now").status == Comment.Status.SPAM
    path, form = akismet[0]
    assert path == "/1.1/comment-check"
    assert form["api_key"] == "k3y" and form["blog"] == "https://blog.example.com"
    assert form["user_ip"] == "198.51.100.7" and form["comment_author_email"] == "a@example.com"
    assert form["permalink"] == post.get_absolute_url() and form["comment_type"] == "comment"


def test_akismet_unreachable_leaves_the_sites_rules(post, akismet, monkeypatch):
    def down(request):
        raise httpx.ConnectError("no route")

    monkeypatch.setattr(spam, "akismet_http_client", lambda: httpx.Client(transport=httpx.MockTransport(down)))
    assert submit(post, body="buy spam now").status == Comment.Status.APPROVED
