"""The subscription pages in Chromium: axe finds no violation, and at 320 px and on a desktop
nothing scrolls sideways, every target is big or spaced enough (WCAG 2.2, 2.5.8) and every box
sits beside its label (the same measures as tests/e2e/test_layout.py)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.consultations.factories import open_window
from tests.e2e.test_accessibility import AXE_OPTIONS, violations
from tests.e2e.test_layout import layout_problems, report
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, SectorFactory

from .factories import SubscriberFactory, follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(site_tree):
    areas = [AreaFactory(name=f"Phường số {n} có tên khá dài để thử xuống dòng", level="ward") for n in range(12)]
    for n in range(4):
        SectorFactory(name=f"Lĩnh vực số {n}")
        AgencyFactory(name=f"Sở ngành số {n} của tỉnh Hà Tĩnh")
    policy = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo quy định về chợ", **open_window())
    subscriber = SubscriberFactory()
    follow(subscriber, areas[0])
    follow(subscriber, policy)
    return {
        "form": f"/nhan-tin/?page={policy.pk}&area={areas[0].pk}",
        "sent": "/nhan-tin/da-gui/",
        "manage": f"/nhan-tin/quan-ly/{subscriber.token}/",
        "unsubscribe": f"/nhan-tin/huy/{subscriber.token}/",
        "register": "/van-ban/",
        "policy": policy.url,
    }


@pytest.mark.parametrize("width", [320, 1280])
def test_the_subscription_pages_are_accessible_and_lay_out_at_every_width(live_server, browser, pages, width):
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="vi-VN")
    screen = context.new_page()
    axe = Axe()
    problems = {}
    for name, path in pages.items():
        screen.goto(live_server.url + path)
        for details in screen.locator("details.choice-group").all():
            details.evaluate("element => element.open = true")
        found = layout_problems(screen, width) + violations(axe.run(screen, options=AXE_OPTIONS))
        if found:
            problems[name] = found
    # The form sent empty: its errors.
    screen.goto(live_server.url + pages["form"])
    screen.get_by_role("button", name="Đăng ký nhận tin").click()
    screen.wait_for_selector(".error-summary")
    if found := layout_problems(screen, width) + violations(axe.run(screen, options=AXE_OPTIONS)):
        problems["form with errors"] = found
    context.close()
    assert not problems, report(problems)
