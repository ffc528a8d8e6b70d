"""Settings come from the environment; production refuses to start unsafely."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR


def run(args, **env):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    base.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


def test_debug_off_without_secret_key_refuses_to_start():
    result = run(["manage.py", "check"], DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_on_starts_without_a_key():
    result = run(["manage.py", "check"], DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_in_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="blog.example.com",
        DJANGO_SECURE="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_read_from_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.TIME_ZONE, s.LANGUAGE_CODE, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.DEBUG)"
    )
    result = run(
        ["-c", f"import django; django.setup(); {code}"],
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DJANGO_TIME_ZONE="Europe/Paris",
        DJANGO_LANGUAGE_CODE="en",
        DJANGO_ALLOWED_HOSTS="a.example,b.example",
        DATABASE_URL="postgres://u:p@db.example:5432/blog",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "Europe/Paris",
        "en",
        "['a.example',",
        "'b.example']",
        "django.db.backends.postgresql",
        "True",
    ]


def test_defaults():
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(s.TIME_ZONE, s.LANGUAGE_CODE, s.DATABASES['default']['ENGINE'], s.DEBUG)",
        ],
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert result.stdout.split() == ["Asia/Shanghai", "zh-hans", "django.db.backends.sqlite3", "False"]


def test_page_cache_switch_and_stdout_logging():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.PAGE_CACHE, s.LOGGING['handlers']['console']['stream'], s.MIDDLEWARE.index('blog.cache.PageCacheMiddleware')"
        " == s.MIDDLEWARE.index('whitenoise.middleware.WhiteNoiseMiddleware') + 1)"
    )
    on = run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="x" * 50)
    off = run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="x" * 50, DJANGO_PAGE_CACHE="0")
    assert on.stdout.split() == ["True", "ext://sys.stdout", "True"], on.stderr
    assert off.stdout.split()[0] == "False"


def test_templates_are_compiled_once_per_process_in_production():
    # The second lookup returns the template compiled by the first.
    code = (
        "import django; django.setup(); from django.template import engines;"
        "e = engines['django'].engine; print(e.get_template('base.html') is e.get_template('base.html'))"
    )
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "True", result.stderr
