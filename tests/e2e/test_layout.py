"""The page shell on phones and desktops, measured in Chromium at 320, 360 and 1280 px wide, on
one page of each type and each form: nothing wider than the screen, a header no taller than 20%
of a 740 px screen, every link and control a 24×24 px target (WCAG 2.2, 2.5.8) unless it is a
link inside a sentence, and a checkbox beside its label. Each page's screenshot is kept in
var/test-artifacts/screenshots/ for a person to look at."""

import pytest

from django.conf import settings

from wagtail.models import Collection

from tests.consultations.factories import open_window
from tests.e2e.test_accessibility import TEXT, one_page_of_each_type  # noqa: F401 (a fixture)
from tests.policies.factories import PolicyPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 360, 1280)
HEIGHT = 740
MAX_HEADER = 0.2 * HEIGHT
SCREENSHOTS = settings.BASE_DIR / "var" / "test-artifacts" / "screenshots"

# Targets under 24×24 px, except a link that runs inside a line of text (2.5.8's "inline"
# exception) and what is out of sight (the honeypot field, the skip link until focused).
SMALL_TARGETS = """() => {
  const small = [];
  const inline = el => el.tagName === 'A' && getComputedStyle(el).display === 'inline'
    && el.parentElement.textContent.replace(el.textContent, '').trim() !== '';
  for (const el of document.querySelectorAll('a[href], button, summary, input, select, textarea')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest('.visually-hidden, .skip-link')) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if ((box.width < 24 || box.height < 24) && !inline(el)) {
      const text = (el.textContent || el.name).trim().slice(0, 40);
      small.push(`${el.tagName} "${text}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


@pytest.fixture
def collections(db):
    """Wagtail's root collection, which images need: migrations make it, but an earlier browser
    test's flush removes it."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


@pytest.fixture
def at_width(browser):
    contexts = []

    def open_page(width):
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_every_page_type_fits_the_screen_with_a_short_header_and_big_enough_targets(
    live_server,
    at_width,
    collections,
    one_page_of_each_type,  # noqa: F811 (the accessibility gate's pages, imported above)
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for width in WIDTHS:
        page = at_width(width)
        for name, path in one_page_of_each_type.items():
            page.goto(live_server.url + path)
            page.screenshot(path=SCREENSHOTS / f"{name.replace(',', '').replace(' ', '-')}-{width}.png", full_page=True)
            found = []
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                found.append(f"page is {scroll_width} px wide")
            header = page.locator(".site-header").bounding_box()["height"]
            if header > MAX_HEADER:
                found.append(f"header is {header:.0f} px tall")
            found += page.evaluate(SMALL_TARGETS)
            if found:
                problems[f"{name} at {width}px"] = found
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())


def test_the_checkbox_sits_beside_its_label_with_the_help_text_below(live_server, at_width, site_tree):
    policy = PolicyPageFactory(parent=site_tree["policies"], text=TEXT, **open_window())
    for width in WIDTHS:
        page = at_width(width)
        page.goto(live_server.url + policy.url + "gop-y/?muc=dieu-3")
        for field in page.locator(".field--checkbox").all():
            box = field.locator("input[type=checkbox]").bounding_box()
            label = field.locator("label").first.bounding_box()
            assert box["x"] + box["width"] <= label["x"], f"{width}px: the box is left of its label"
            assert box["y"] < label["y"] + label["height"] and label["y"] < box["y"] + box["height"], width
            help_text = field.locator(".helptext")
            if help_text.count():
                help_box = help_text.bounding_box()
                assert help_box["y"] >= label["y"] + label["height"] - 1, f"{width}px: help text under the label"
                assert help_box["width"] >= 0.6 * field.bounding_box()["width"], f"{width}px: help text is full width"


def test_filters_fold_behind_one_line_on_a_phone_and_stay_open_on_a_desktop(live_server, at_width, site_tree):
    for width, folded in ((360, True), (1280, False)):
        page = at_width(width)
        page.goto(live_server.url + "/van-ban/")
        form = page.locator(".filter-panel form")
        assert form.is_visible() is not folded, width
        if folded:
            # Results start right under the one "Lọc" line.
            assert page.locator(".filter-panel").bounding_box()["height"] < 60
            page.locator(".filter-panel > summary").click()
            assert form.is_visible()
    page = at_width(360)
    page.goto(live_server.url + "/van-ban/?q=ngh%E1%BB%8B")
    assert page.locator(".filter-panel form").is_visible(), "an active filter keeps the panel open"


def test_the_main_navigation_folds_behind_a_menu_line_on_a_phone(live_server, at_width, site_tree):
    phone = at_width(360)
    phone.goto(live_server.url + "/")
    nav = phone.get_by_role("navigation", name="Điều hướng chính")
    assert not nav.is_visible()
    phone.locator(".main-nav__toggle").click()
    nav.get_by_role("link", name="Văn bản").click()
    phone.wait_for_url("**/van-ban/")
    desktop = at_width(1280)
    desktop.goto(live_server.url + "/")
    assert desktop.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Văn bản").is_visible()
    assert not desktop.locator(".main-nav__toggle").is_visible()
