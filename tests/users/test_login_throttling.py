"""Guessing an editor's password: five tries per username and address, then a pause."""

import datetime
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt

from django.conf import settings
from django.test import override_settings

from tests.users.factories import editor, sign_in

pytestmark = pytest.mark.django_db

BEHIND_NGINX = {"REMOTE_ADDR": "127.0.0.1"}


def from_address(address, forged=None):
    """A request as nginx passes it on: it appends the visitor's address to X-Forwarded-For."""
    chain = f"{forged}, {address}" if forged else address
    return {**BEHIND_NGINX, "HTTP_X_FORWARDED_FOR": chain}


def fail(client, times, **extra):
    return [sign_in(client, password="doan-bua", **extra).status_code for _ in range(times)]


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


def test_the_default_is_five_tries_then_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_the_fifth_wrong_password_pauses_signing_in(client, home_page):
    editor()
    # Four wrong passwords: the form comes back with its error, as before.
    assert fail(client, 4) == [200, 200, 200, 200]
    locked = sign_in(client, password="doan-bua")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert '<html lang="vi"' in page
    assert 'role="alert"' in page
    assert 'data-lockout-minutes="15"' in page
    assert 'href="/admin/login/"' in page
    # Even the right password is refused while the pause lasts.
    assert sign_in(client).status_code == 429
    assert not is_signed_in(client)


def test_the_lock_page_speaks_vietnamese(client, home_page):
    """Needs the compiled catalogue (the integrator adds the strings of translations/auth.json)."""
    editor()
    fail(client, 4)
    page = sign_in(client, password="doan-bua").content.decode()
    assert "Tạm dừng đăng nhập" in page
    assert "15 phút" in page
    assert "Too many" not in page


def test_a_successful_sign_in_forgets_earlier_failures(client, home_page):
    editor()
    fail(client, 4)
    assert sign_in(client).status_code == 302
    client.post("/admin/logout/")
    # Four more wrong passwords are again only four.
    assert fail(client, 4) == [200, 200, 200, 200]
    assert sign_in(client).status_code == 302


def test_the_pause_ends_after_the_cool_off(client, home_page):
    editor()
    fail(client, 5)
    assert sign_in(client).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert sign_in(client).status_code == 302
    assert is_signed_in(client)


@override_settings(NUM_PROXIES=1)
def test_behind_the_proxy_the_visitors_address_is_locked_not_the_proxys(client, home_page):
    editor()
    assert fail(client, 5, **from_address("203.0.113.7"))[-1] == 429
    # A forged X-Forwarded-For entry does not make a new visitor: nginx appends the real one.
    assert sign_in(client, **from_address("203.0.113.7", forged="10.9.8.7")).status_code == 429
    # The editor at her office, behind the same proxy, still signs in: the lock is per address.
    assert sign_in(client, **from_address("198.51.100.20")).status_code == 302


def test_a_stranger_cannot_lock_out_another_username(client, home_page):
    editor()
    editor("kiemduyet")
    fail(client, 5)
    assert sign_in(client, username="kiemduyet").status_code == 302


# Production differs from the test settings in HTTPS, the proxy, and the second factor: the same
# limit holds there.
PRODUCTION_OVERRIDES = {
    "NUM_PROXIES": 1,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ADMIN_REQUIRE_SECOND_FACTOR": True,
}


@override_settings(**PRODUCTION_OVERRIDES)
def test_throttling_under_production_settings(client, home_page):
    editor()
    https = {**from_address("203.0.113.7"), "HTTP_X_FORWARDED_PROTO": "https"}
    assert fail(client, 4, **https) == [200, 200, 200, 200]
    locked = sign_in(client, password="doan-bua", **https)
    assert locked.status_code == 429
    assert 'data-lockout-minutes="15"' in locked.content.decode()
    assert sign_in(client, **https).status_code == 429


def test_production_settings_throttle_and_require_the_second_factor():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_", "LOGIN_", "ADMIN_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="thamvan.hatinh.gov.vn",
        # Not even the variable that dev reads turns it off.
        ADMIN_REQUIRE_SECOND_FACTOR="false",
    )
    script = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.AXES_LOCKOUT_PARAMETERS, "
        "s.AUTHENTICATION_BACKENDS[0], s.ADMIN_REQUIRE_SECOND_FACTOR, s.SESSION_COOKIE_AGE, "
        "'django_otp.middleware.OTPMiddleware' in s.MIDDLEWARE, s.MIDDLEWARE[-1])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "5",
        "900",
        "[['username',",
        "'ip_address']]",
        "users.backends.ThrottledLoginBackend",
        "True",
        "32400",
        "True",
        "axes.middleware.AxesMiddleware",
    ]
