"""The accessibility gate on the scorecard (issue 15): axe-core in Chromium on the table of
agencies, an agency's page and the method page, at 320 and 1280 px, with no sideways scrolling,
as tests/e2e/test_accessibility.py holds every other page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_accessibility import AXE_OPTIONS, violations
from tests.e2e.test_layout import SCREENSHOTS, SIDEWAYS_SCROLLING_BOXES
from tests.scorecard.test_pages import YEAR, scorecard_site  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = [
    f"/bang-diem/?nam={YEAR}",
    f"/bang-diem/?nam={YEAR}&sap-xep=-share_answered",
    "/bang-diem/co-quan/so-xay-dung/",
    "/bang-diem/phuong-phap/",
    "/",
]


@pytest.mark.parametrize("width", [320, 1280])
def test_the_scorecard_pages_pass_axe_and_never_scroll_sideways(
    live_server,
    browser,
    scorecard_site,  # noqa: F811
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    problems = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for path in PATHS:
            page.goto(live_server.url + path)
            found = violations(Axe().run(page, options=AXE_OPTIONS))
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                found.append(f"the page scrolls sideways by {overflow} px")
            found += page.evaluate(SIDEWAYS_SCROLLING_BOXES)
            if found:
                problems[path] = found
            name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-").replace("=", "-") or "home"
            page.screenshot(path=str(SCREENSHOTS / f"scorecard-{name}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert problems == {}
    assert errors == []
