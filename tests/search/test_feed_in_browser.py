"""Opening a search's feed link in Chromium shows a page, not raw XML."""

import datetime

import pytest

from tests.policies.factories import PolicyPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_who_opens_the_feed_link_on_a_phone_sees_how_to_follow_it(live_server, phone, site_tree):
    for title, year in [("Kế hoạch vận động hiến đất", 2023), ("Nghị quyết hỗ trợ hiến đất", 2026)]:
        PolicyPageFactory(parent=site_tree["policies"], title=title, issued_on=datetime.date(year, 5, 1))
    phone.goto(live_server.url + "/tim-kiem/?q=hien+dat")
    feed_link = phone.locator(".inline-links a[href$='format=atom']")
    feed_address = live_server.url + "/tim-kiem/?q=hien+dat&format=atom"
    feed_link.click()
    phone.wait_for_url(feed_address)

    heading = phone.get_by_role("heading", level=1)
    assert heading.is_visible() and "hien dat" in heading.inner_text()
    entries = phone.locator("main .card__title a")
    assert entries.all_inner_texts() == ["Nghị quyết hỗ trợ hiến đất", "Kế hoạch vận động hiến đất"]
    # The address to give a feed reader, shown whole and selectable.
    assert phone.locator("main input[readonly]").input_value().endswith("/tim-kiem/?q=hien+dat&format=atom")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    entries.first.click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Nghị quyết hỗ trợ hiến đất"
