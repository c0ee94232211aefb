"""What axe cannot see, measured in Chromium at 320, 360 and 1280 px on every public page type and form.

- the page never scrolls sideways, nor does any box in it (a wide table in a scrolling box);
- every link, button, field and disclosure is at least 24×24 px, or spaced or inline in a sentence
  as WCAG 2.2's success criterion 2.5.8 (Target Size, Minimum) allows;
- every checkbox and radio button sits beside its label, not under it;
- the header takes no more than a fifth of a 740 px tall screen, its parts never on top of each other.

A full-page screenshot of each page at each width is kept under `var/test-artifacts/screenshots/`
(or `$TEST_ARTIFACTS/screenshots/`), so that a change of look can be seen, not only measured.
"""

import os
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("TEST_ARTIFACTS", "var/test-artifacts")) / "screenshots"
WIDTHS = (320, 360, 1280)
HEIGHT = 740
HEADER_LIMIT = HEIGHT * 0.20

# Targets measured as 2.5.8 defines them. A target passes when its box is 24×24 px or larger; when
# it is inline in a sentence (its size is set by the line height of the text around it); or when a
# 24 px circle centred on it touches no other target nor the circle of another small target.
UNDERSIZED_TARGETS = """
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const visible = element => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && box.right > 0 && style.visibility !== 'hidden'
      && !element.closest('[hidden], .visually-hidden');
  };
  const targets = [...document.querySelectorAll(selector)].filter(visible).map(element => {
    const box = element.getBoundingClientRect();
    return {
      element, box,
      x: box.left + box.width / 2, y: box.top + box.height / 2,
      small: box.width < 23.5 || box.height < 23.5,
    };
  });
  const inSentence = element => {
    if (getComputedStyle(element).display !== 'inline') return false;
    const block = element.parentElement.closest('p, li, dd, dt, td, th, figcaption, blockquote, address, label');
    if (!block) return false;
    // Words of the block's own, outside any target: a sentence, not a row of links.
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let words = '';
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest(selector)) words += walker.currentNode.textContent;
    }
    return words.replace(/[\\s:,.;–—()|·]/g, '').length > 0;
  };
  const distanceToBox = (x, y, box) => {
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.top - y, 0, y - box.bottom);
    return Math.hypot(dx, dy);
  };
  const describe = t => `${t.element.tagName.toLowerCase()}${t.element.type ? '[' + t.element.type + ']' : ''}`
    + ` "${(t.element.textContent || t.element.value || t.element.name || '').trim().slice(0, 40)}"`
    + ` ${Math.round(t.box.width)}×${Math.round(t.box.height)}`;
  return targets.filter(t => t.small && !inSentence(t.element)).filter(t => targets.some(other => {
    if (other === t || other.element.contains(t.element) || t.element.contains(other.element)) return false;
    if (other.small) return Math.hypot(other.x - t.x, other.y - t.y) < 24;
    return distanceToBox(t.x, t.y, other.box) < 12;
  })).map(describe);
}
"""

SIDEWAYS_SCROLLING_BOXES = """
() => [...document.querySelectorAll('body *')]
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.scrollWidth}/${e.clientWidth} px`)
"""

CHOICES_UNDER_THEIR_LABELS = """
() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
  .filter(input => input.getBoundingClientRect().width > 0 && input.labels.length)
  .filter(input => {
    const box = input.getBoundingClientRect();
    const element = input.labels[0];
    // A label wrapping its input: where its words are, not the whole label.
    const words = document.createRange();
    if (element.contains(input)) {
      words.setStartAfter(input);
      words.setEndAfter(element.lastChild);
    } else {
      words.selectNodeContents(element);
    }
    const label = words.getBoundingClientRect();
    const beside = label.left >= box.right - 1 || label.right <= box.left + 1;
    const level = label.top < box.bottom && box.top < label.bottom;
    return !(beside && level);
  })
  .map(input => input.labels[0].textContent.trim().slice(0, 60))
"""


# The parts of the header that must never cover one another: the site's name, the Menu line,
# the search box (each line of the name measured, since a wrapped name is not a rectangle).
OVERLAPPING_HEADER_PARTS = """
() => {
  const parts = ['.site-name', '.main-nav__toggle', '.site-header__search']
    .flatMap(selector => [...document.querySelectorAll('header ' + selector)])
    .filter(e => e.offsetParent !== null)
    .map(e => ({name: e.className, rects: [...e.getClientRects()]}));
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const found = [];
  parts.forEach((a, i) => parts.slice(i + 1).forEach(b => {
    if (a.rects.some(r => b.rects.some(q => meet(r, q)))) found.push(a.name + ' / ' + b.name);
  }));
  return found;
}
"""


def layout_problems(browser_page, width):
    """Everything wrong with the layout of the page open in `browser_page`, as readable lines."""
    problems = []
    scroll_width = browser_page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = browser_page.evaluate(
            """width => [...document.querySelectorAll('main *, header *, footer *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""",
            width,
        )
        problems.append(f"scrolls sideways: {scroll_width} px wide ({wide})")
    # A table in a box of its own that scrolls sideways hides its last columns just the same.
    if boxes := browser_page.evaluate(SIDEWAYS_SCROLLING_BOXES):
        problems.append(f"boxes scrolling sideways: {boxes}")
    header = browser_page.locator("body > header").bounding_box()
    if header["height"] > HEADER_LIMIT:
        problems.append(f"header {header['height']:.0f} px tall")
    if covered := browser_page.evaluate(OVERLAPPING_HEADER_PARTS):
        problems.append(f"header parts on top of each other: {covered}")
    if small := browser_page.evaluate(UNDERSIZED_TARGETS):
        problems.append(f"targets under 24 px and crowded: {small}")
    if misplaced := browser_page.evaluate(CHOICES_UNDER_THEIR_LABELS):
        problems.append(f"checkbox or radio not beside its label: {misplaced}")
    return problems


def report(problems):
    return "\n".join(f"{name}: {line}" for name, lines in problems.items() for line in lines)


def screenshot(browser_page, name, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    browser_page.screenshot(path=SCREENSHOTS / f"{slug}-{width}.png", full_page=True)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def screen(request, browser):
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    yield browser_page
    context.close()


def test_every_public_page_lays_out_on_phones_and_desktops(live_server, screen, one_page_of_each_type):
    width = screen.viewport_size["width"]
    problems = {}
    for name, path in one_page_of_each_type.items():
        screen.goto(live_server.url + path)
        screenshot(screen, name, width)
        if found := layout_problems(screen, width):
            problems[name] = found
    assert not problems, report(problems)


def test_forms_with_errors_lay_out_on_phones_and_desktops(live_server, screen, one_page_of_each_type):
    width = screen.viewport_size["width"]
    problems = {}
    for name in ("comment form", "question form"):
        screen.goto(live_server.url + one_page_of_each_type[name])
        screen.locator("main form button[type=submit]").last.click()
        screen.wait_for_selector(".error-summary")
        screenshot(screen, f"{name} with errors", width)
        if found := layout_problems(screen, width):
            problems[name] = found
    assert not problems, report(problems)


def test_the_target_check_tells_crowded_small_targets_from_spaced_and_inline_ones(phone):
    phone.set_content(
        """<main>
          <p><a href="#a" id="crowded-1">1</a><a href="#b">2</a></p>
          <p>Đọc <a href="#c">điều 3</a> của dự thảo.</p>
          <ul style="line-height: 1.6"><li><a href="#d">Điều 4</a></li><li><a href="#e">Điều 5</a></li></ul>
          <label><input type="checkbox"> Đồng ý</label>
          <input type="checkbox" id="under"><label for="under" style="display:block">Ở dưới</label>
        </main>"""
    )
    assert phone.evaluate(UNDERSIZED_TARGETS) == ['a "1" 8×17', 'a "2" 8×17']
    assert phone.evaluate(CHOICES_UNDER_THEIR_LABELS) == ["Ở dưới"]


def test_the_checkbox_sits_beside_its_label_with_the_help_text_below(live_server, at_width, one_page_of_each_type):
    for width in WIDTHS:
        page = at_width(width)
        page.goto(live_server.url + one_page_of_each_type["comment form"])
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


def test_the_search_filters_stand_apart_and_share_rows_on_a_desktop(live_server, at_width, site_tree):
    """Each label sat on the bottom edge of the field above it, as near to it as to its own; at
    320 px a long type name squeezed its checkbox."""
    for width in (320, 1280):
        page = at_width(width)
        page.goto(live_server.url + "/tim-kiem/?q=%C4%91%E1%BA%A5t&order=date")
        fields = [box for box in (field.bounding_box() for field in page.locator(".filters .field").all()) if box]
        assert len(fields) >= 6, width
        for above, below in zip(fields, fields[1:], strict=False):
            if below["y"] < above["y"] + above["height"]:  # side by side, on one row
                gap = below["x"] - (above["x"] + above["width"])
            else:
                gap = below["y"] - (above["y"] + above["height"])
            assert gap >= 8, (width, above, below)
        rows = {round(box["y"]) for box in fields}
        assert (len(rows) < len(fields)) is (width == 1280), (width, rows)
        # Every type's checkbox keeps its size, however long the type's name.
        boxes = [box.bounding_box() for box in page.locator(".facets input").all()]
        assert {(round(box["width"]), round(box["height"])) for box in boxes} == {(24, 24)}, width


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


def test_the_page_title_stands_clear_of_the_header(live_server, at_width, site_tree):
    """The main area keeps its own top spacing (the container's side padding must not zero it):
    the h1 was flush under the header bar on phones."""
    for width in (320, 360, 1280):
        page = at_width(width)
        page.goto(live_server.url + "/van-ban/")
        header = page.locator("header").first.bounding_box()
        title = page.locator("main h1").bounding_box()
        assert title["y"] - (header["y"] + header["height"]) >= 12, width
