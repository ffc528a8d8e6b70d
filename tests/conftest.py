"""Shared fixtures: clean media and cache per test, the seed, post factories,
and Playwright driving Debian's Chromium."""

import itertools
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = "sudo apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji"


def _clear_caches():
    from django.conf import settings as django_settings
    from django.core.cache import caches

    from pagecache import figures, purge

    for alias in django_settings.CACHES:
        caches[alias].clear()
    figures.forget_local()
    purge.outbox().clear()


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def seed(db):
    """The seed article, loaded from fixtures/seed.json as `make run` does."""
    call_command("load_seed", verbosity=0)
    from blog.models import Post

    return Post.objects.get(slug="105626")


_counter = itertools.count(1)


@pytest.fixture
def author(db):
    from blog.models import Author

    return Author.objects.get_or_create(slug="tester", defaults={"name": "Tester"})[0]


@pytest.fixture
def editor(db):
    """Staff who may change posts (and so preview drafts and scheduled posts)."""
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_post"))
    return user


@pytest.fixture
def make_post(db, author):
    """Create a post; published an hour ago unless told otherwise."""
    from blog.models import Post
    from blog.writing.posts import save_post

    def make(**fields):
        n = next(_counter)
        tags = fields.pop("tags", [])
        fields.setdefault("title", f"Post number {n}")
        fields.setdefault("body", f"Body of post {n}.\n\n## Section\n\nMore text.")
        fields.setdefault("author", author)
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("publish", timezone.now() - timezone.timedelta(hours=1))
        post = save_post(Post(**fields))
        if tags:
            post.tags.add(*tags)
        return post

    return make


# --- Browser ------------------------------------------------------------------------
def chromium_available():
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    system = config.rootpath / "tests" / "system"
    for item in items:
        if item.path.is_relative_to(system):
            item.add_marker(pytest.mark.system)
    browser_items = [item for item in items if "browser" in item.keywords]
    # Browser tests last: once Playwright's event loop runs in this thread, later
    # tests would see fresh database connections that nothing closes.
    items[:] = [item for item in items if "browser" not in item.keywords] + browser_items
    if not browser_items or chromium_available():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but Chromium is not at {CHROMIUM}. Install it with: {INSTALL_HINT}")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install it with: {INSTALL_HINT}")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def live_seed(transactional_db, live_server):
    """The seed article in the live server's database."""
    call_command("load_seed", verbosity=0)
    return live_server


@pytest.fixture
def screenshots_dir(tmp_path):
    """Where browser tests save screenshots: docs/ under `make screenshots`
    (UPDATE_SCREENSHOTS=1), else a temporary folder so a test run leaves the
    checkout clean."""
    from django.conf import settings

    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        path = settings.BASE_DIR / "docs"
        path.mkdir(exist_ok=True)
        return path
    return tmp_path
