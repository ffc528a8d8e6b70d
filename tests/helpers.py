"""Helpers the tests share: dates in the site's zone, pages fetched with the test client, and
Python run under clean production settings."""

import os
import secrets
import subprocess
import sys
from datetime import datetime

from django.conf import settings
from django.utils import timezone


def local(*args):
    """An aware datetime in the site's time zone: local(2025, 6, 19, 0, 30)."""
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


def get(client, url, status=200, data=None):
    """The page at ``url`` as text, asserting its status."""
    response = client.get(url, data)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def production_env(**extra):
    """The environment of a production process: none of the test run's DJANGO_* variables,
    database or cache URLs; debug off and a fresh secret key unless ``extra`` says otherwise."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="test-" + secrets.token_urlsafe(40),
        PYTHONPATH=str(settings.BASE_DIR),
    )
    env.update({key: value for key, value in extra.items() if value is not None})
    for key in [key for key, value in extra.items() if value is None]:
        env.pop(key, None)
    return env


def run_python(code, **env):
    """Run ``code`` in a fresh interpreter under ``production_env(**env)``; the finished process."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
