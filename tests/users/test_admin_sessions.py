"""An admin login lasts one working day."""

import datetime

import pytest

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.users.factories import editor, sign_in
from users.sessions import LOGIN_AT_KEY

pytestmark = pytest.mark.django_db


def age_login(client, hours):
    session = client.session
    session[LOGIN_AT_KEY] = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    session.save()


def test_a_working_day_is_nine_hours():
    assert settings.ADMIN_SESSION_AGE.total_seconds() == 9 * 3600
    assert settings.SESSION_COOKIE_AGE == 9 * 3600


def test_remember_me_keeps_the_login_for_a_working_day_not_two_weeks(client, home_page):
    editor()
    response = client.post(
        "/admin/login/", {"username": "bientap", "password": "mat-khau-bien-tap-2026", "remember": "on"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 9 * 3600


def test_without_remember_me_the_server_forgets_the_session_within_the_day(client, home_page):
    editor()
    sign_in(client)
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session.expire_date <= timezone.now() + datetime.timedelta(hours=9, minutes=1)


def test_eight_hours_after_login_the_editor_is_still_signed_in(client, home_page):
    editor()
    sign_in(client)
    age_login(client, 8)
    assert client.get("/admin/").status_code == 200


def test_after_a_working_day_the_editor_signs_in_again(client, home_page):
    editor()
    sign_in(client)
    age_login(client, 9.1)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    # Logged out for good, not just redirected once.
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session
