"""Settings for the test suite: the real settings, with test-only defaults.

DATABASE_URL still selects the database, so the same suite runs on SQLite
and on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-site-0123456789abcdef")
# Django's live server runs in a thread beside Playwright's sync API.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path  # noqa: E402

from .settings import *  # noqa: E402,F401,F403
from .settings import BASE_DIR, DATABASES, REDIS_URL, STORAGES  # noqa: E402

# Tests do not run collectstatic: find static files where they live.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Persistent connections would outlive the live server's request threads and
# keep PostgreSQL from dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # each test gets its own (tests/conftest.py)

# A private cache directory per test run (still a real cross-process cache).
import tempfile  # noqa: E402

from .settings import PAGE_CACHE_OUTBOX, _cache  # noqa: E402,F401

# Deliveries that failed are retried by hand (pagecache.purge.drain): no thread of the test
# process reads the test database behind its back.
PAGE_CACHE_OUTBOX_THREAD = False

if not REDIS_URL:
    _test_cache_dir = Path(tempfile.mkdtemp(prefix="blog-test-cache-"))
    CACHES = {
        "default": _cache(False, _test_cache_dir),
        "pagecache": _cache(True, _test_cache_dir),
        "pagecache-query": _cache(True, _test_cache_dir / "query"),
        "pagecache-state": _cache(True, _test_cache_dir / "state", eviction_policy="none", size_limit=2**40),
    }
    PAGE_CACHE_OUTBOX = _test_cache_dir / "outbox"
else:
    PAGE_CACHE_OUTBOX = Path(tempfile.mkdtemp(prefix="blog-test-outbox-"))

# Mail goes to Django's in-memory outbox (pytest-django sets the backend) unless a test
# points it at the SMTP server it starts; a host means "mail is configured".
EMAIL_HOST = "localhost"
