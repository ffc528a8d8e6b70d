"""Admin sign-in is throttled per account and per client address (django-axes, attempts in
the database so every host sees them): the lockout page says when to try again, in both
languages; X-Forwarded-For counts only behind a proxy; staff can unlock."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("writer", password="the right passphrase", is_staff=True)


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def fail(client, times, username="writer", **kwargs):
    """``times`` failed sign-ins: the form again with its error, then the lockout at the limit."""
    for n in range(1, times + 1):
        expected = 429 if n >= 5 else 200
        assert sign_in(client, username, "wrong", **kwargs).status_code == expected, n


def test_an_account_is_locked_after_five_failures_and_says_when_to_retry(client, staff, settings):
    settings.LANGUAGE_CODE = "en"
    fail(client, 5, address="203.0.113.1")  # the limit reached
    response = sign_in(client, "writer", "the right passphrase", address="203.0.113.1")
    assert response.status_code == 429
    html = response.content.decode()
    retry = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert "Too many failed sign-ins" in html
    assert re.search(r"Try again after \d{4}-\d\d-\d\d \d\d:\d\d \(in about 1[45] minutes\)", html), html
    assert retry.strftime("%Y-%m-%d") in html
    assert 14 * 60 <= int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_another_address(client, staff):
    for n in range(5):
        sign_in(client, "writer", "wrong", address=f"198.51.100.{n}")
    assert sign_in(client, "writer", "the right passphrase", address="192.0.2.99").status_code == 429


def test_an_address_is_locked_whatever_account_it_tries(client, staff, django_user_model):
    django_user_model.objects.create_user("other", password="another passphrase", is_staff=True)
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address="203.0.113.50")
    assert sign_in(client, "other", "another passphrase", address="203.0.113.50").status_code == 429
    assert sign_in(client, "other", "another passphrase", address="203.0.113.51").status_code == 302


def test_the_lock_ends_after_the_cool_off_and_is_not_extended_by_more_tries(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, 5)
        clock.shift(timedelta(minutes=10))
        assert sign_in(client, "writer", "wrong").status_code == 429  # still locked, not extended
        clock.shift(timedelta(minutes=5, seconds=5))
        assert sign_in(client, "writer", "the right passphrase").status_code == 302


def test_forwarded_for_is_ignored_unless_behind_a_proxy(client, staff, settings):
    for n in range(5):  # an attacker rotating a forged header
        sign_in(client, f"user{n}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert sign_in(client, "writer", "the right passphrase").status_code == 429  # same REMOTE_ADDR

    AccessAttempt.objects.all().delete()
    settings.BEHIND_PROXY = True
    for n in range(5):  # behind the proxy: the address it appended is the client
        sign_in(client, f"user{n}", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, 198.51.100.{n}")
    ok = sign_in(
        client, "writer", "the right passphrase", address="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.200"
    )
    assert ok.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {f"198.51.100.{n}" for n in range(5)}


def test_staff_unlock_with_axes_reset(client, staff):
    fail(client, 5)
    assert sign_in(client, "writer", "the right passphrase").status_code == 429
    call_command("axes_reset_username", "writer", verbosity=0)
    call_command("axes_reset_ip", "203.0.113.7", verbosity=0)
    assert sign_in(client, "writer", "the right passphrase").status_code == 302


def test_attempts_are_listed_for_staff_in_the_admin(admin_client, client, staff):
    fail(client, 2)
    html = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert "writer" in html and "203.0.113.7" in html


def test_the_lockout_page_in_chinese(client, staff, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    fail(client, 5)
    html = sign_in(client, "writer", "wrong").content.decode()
    assert "登录失败次数过多" in html and "分钟" in html
