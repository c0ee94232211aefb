"""The accessibility gate: axe-core in Chromium on the home page and one page of each type.

Fails on any moderate, serious or critical violation of WCAG 2.x A/AA rules, and on any error in
the browser console (a Content Security Policy violation shows up there).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# The bar is serious and critical; the pages meet the moderate rules too, so those are
# held as well rather than allowed to slip.
FAILING_IMPACTS = {"moderate", "serious", "critical"}


def violations(results):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def test_no_accessibility_violations_on_any_page_type(live_server, phone, desktop, one_page_of_each_type):
    axe = Axe()
    problems = {}
    for browser_page in (phone, desktop):
        console_errors = []
        browser_page.on(
            "console", lambda message, errors=console_errors: message.type == "error" and errors.append(message.text)
        )
        for name, path in one_page_of_each_type.items():
            browser_page.goto(live_server.url + path)
            found = violations(axe.run(browser_page, options=AXE_OPTIONS))
            if found:
                problems[f"{name} at {browser_page.viewport_size['width']}px"] = found
        # The 404 page logs the failed request itself; anything else is a real error.
        real_errors = [e for e in console_errors if "404" not in e]
        assert real_errors == [], real_errors
    assert problems == {}


def test_comment_form_with_errors_is_accessible(live_server, phone, one_page_of_each_type):
    phone.goto(live_server.url + one_page_of_each_type["comment form"])
    phone.get_by_role("button", name="Gửi ý kiến").click()
    phone.wait_for_selector(".error-summary")
    assert violations(Axe().run(phone, options=AXE_OPTIONS)) == []
