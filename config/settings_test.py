"""Settings for the test suite: the real settings, with test-only defaults.

DATABASE_URL still selects the database, so the same suite runs on SQLite
and on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-site-0123456789abcdef")
# Django's live server runs in a thread beside Playwright's sync API.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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

if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tempfile.mkdtemp(prefix="blog-test-cache-"),
        }
    }

# Mail goes to Django's in-memory outbox (pytest-django sets the backend) unless a test
# points it at the SMTP server it starts; a host means "mail is configured".
EMAIL_HOST = "localhost"
