"""The second factor: a code from an authenticator app, required of every admin account in
production, optional under the dev and test settings."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.users.factories import editor, sign_in

pytestmark = pytest.mark.django_db

ENROL = "/admin/xac-thuc/thiet-lap/"
VERIFY = "/admin/xac-thuc/ma/"
required = override_settings(ADMIN_REQUIRE_SECOND_FACTOR=True)


def code(device, steps_ahead=0):
    """What the editor's phone shows now (or that many 30-second steps later)."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=steps_ahead):06d}"


def enrol(client, next_url="/admin/"):
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username="bientap", confirmed=False)
    response = client.post(ENROL, {"code": code(device), "next": next_url})
    return device, response


def test_optional_under_the_test_and_dev_settings(client, home_page):
    assert settings.ADMIN_REQUIRE_SECOND_FACTOR is False
    editor()
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/").status_code == 200


@required
def test_without_an_app_a_login_is_led_to_enrol_and_reaches_no_admin_page(client, home_page):
    editor()
    response = sign_in(client)
    assert response.status_code == 302
    for path in ["/admin/", "/admin/account/", "/admin/pages/", f"/admin/pages/{home_page.pk}/edit/", "/admin/users/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(ENROL + "?next="), path


@required
def test_the_enrolment_page_draws_its_qr_code_itself(client, home_page):
    editor()
    sign_in(client)
    response = client.get(ENROL + "?next=/admin/pages/")
    assert response.status_code == 200
    page = response.content.decode()
    device = TOTPDevice.objects.get(user__username="bientap")
    assert not device.confirmed
    assert '<svg role="img"' in page
    assert "<title>" in page
    # The secret, for typing by hand, in groups of four.
    secret = re.search(r'<code class="second-factor-secret">([^<]+)</code>', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret)
    # Nothing is fetched from another site to draw it.
    assert "chart.googleapis" not in page and "<img" not in page.split('id="main"')[1]
    # On the phone itself, a link hands the key to the authenticator app.
    assert 'href="otpauth://totp/' in page and "issuer=" in page
    assert 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    # Reloading keeps the same secret, so a code already scanned still works.
    assert secret in client.get(ENROL).content.decode()
    assert TOTPDevice.objects.filter(user__username="bientap").count() == 1


@required
def test_enrol_then_verify_a_code_on_each_login(client, home_page):
    editor()
    sign_in(client)

    # A wrong code does not enrol.
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000", "next": "/admin/pages/"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert client.get("/admin/").status_code == 302

    device = TOTPDevice.objects.get(user__username="bientap")
    device.throttle_reset()
    response = client.post(ENROL, {"code": code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # Next login: the password alone is not enough.
    client.post("/admin/logout/")
    sign_in(client)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")
    # The enrolment screen does not let a password alone add a second phone.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user__username="bientap").count() == 1

    response = client.post(VERIFY, {"code": "123 456", "next": "/admin/pages/"})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302

    # After a wrong code django-otp makes the next try wait a moment, doubling each time.
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(VERIFY, {"code": code(device, steps_ahead=1), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/account/").status_code == 200


@required
def test_wrong_codes_slow_down_the_next_tries(client, home_page):
    editor()
    sign_in(client)
    device, _ = enrol(client)
    client.post("/admin/logout/")
    sign_in(client)
    assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    # Even the right code is refused straight after a wrong one.
    response = client.post(VERIFY, {"code": code(device, steps_ahead=1)})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_an_account_with_an_app_is_asked_for_its_code_even_where_optional(client, home_page):
    editor()
    sign_in(client)
    device, response = enrol(client)
    assert response.status_code == 302
    client.post("/admin/logout/")
    sign_in(client)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code(device, steps_ahead=1)}).status_code == 302
    assert client.get("/admin/").status_code == 200


@required
def test_the_code_form_sends_nobody_to_another_site(client, home_page):
    editor()
    sign_in(client)
    _, response = enrol(client, next_url="https://ke-gian.example/admin/")
    assert response["Location"] == "/admin/"


@required
def test_an_unverified_login_counts_as_nobody_outside_the_admin(client, home_page):
    editor()
    sign_in(client)
    # The API and public pages see no logged-in user (no page previews, no private pages).
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


@required
def test_an_administrator_resets_a_lost_phone(client, home_page):
    editor()
    sign_in(client)
    enrol(client)
    client.post("/admin/logout/")
    call_command("reset_second_factor", "bientap")
    assert not TOTPDevice.objects.filter(user__username="bientap").exists()
    sign_in(client)
    assert client.get("/admin/")["Location"].startswith(ENROL)
