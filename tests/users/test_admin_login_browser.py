"""An editor on a 320 px phone sets up her second factor and signs in, in Chromium."""

import base64

import pytest
from django_otp.oath import totp

from tests.users.factories import PASSWORD, editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_editor_sets_up_her_phone_then_signs_in_with_a_code(live_server, small_phone, home_page, settings):
    settings.ADMIN_REQUIRE_SECOND_FACTOR = True
    editor()
    page = small_phone
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("bientap")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    # Led to set up an app, not to the dashboard.
    page.wait_for_url("**/admin/xac-thuc/thiet-lap/?next=/admin/")
    qr = page.locator("main svg[role=img]")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 120  # big enough to scan from another screen
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # She types the key into her app by hand; the app shows a code; she types it.
    secret = page.locator("code.second-factor-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    field = page.locator("#id_code")
    assert field.get_attribute("inputmode") == "numeric"
    field.fill(f"{totp(key):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")

    # Next time, password then code.
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("bientap")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/xac-thuc/ma/?next=/admin/")
    page.locator("#id_code").fill(f"{totp(key, drift=1):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")
