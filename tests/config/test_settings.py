"""Settings come from the environment; production refuses to start unsafely."""

import secrets
import subprocess
import sys

from django.conf import settings

from ..helpers import production_env

ROOT = settings.BASE_DIR


def run(args, **env):
    """Python with ``args`` under a clean production environment (see ``helpers.production_env``)."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=production_env(**env), capture_output=True, text=True, timeout=120
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = run(["manage.py", "check"], DJANGO_DEBUG="0", DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_on_starts_without_a_key():
    result = run(["manage.py", "check"], DJANGO_DEBUG="1", DJANGO_SECRET_KEY=None)
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
        DJANGO_DEBUG=None,
    )
    assert result.stdout.split() == ["Asia/Shanghai", "zh-hans", "django.db.backends.sqlite3", "False"]


def test_page_cache_switch_and_stdout_logging():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.PAGE_CACHE, s.LOGGING['handlers']['console']['stream'], s.MIDDLEWARE.index('pagecache.middleware.PageCacheMiddleware')"
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


def test_manage_py_uses_the_key_make_run_generated(tmp_path):
    """`make run` writes .secret_key; manage.py commands in that checkout read it (the README's
    createsuperuser works as printed), while a process without either still refuses to start."""
    import shutil

    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path / "manage.py")
    env = production_env(DJANGO_SECRET_KEY=None)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    refused = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY is not set" in refused.stderr
    (tmp_path / ".secret_key").write_text("generated-by-make-run-" + "k" * 40 + "\n")
    ran = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().splitlines()[-1] == "generated-by-make-run-" + "k" * 40
