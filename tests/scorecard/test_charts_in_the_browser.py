"""The scorecard's charts in Chromium at 320 and 360 px (and 1280 px): they fit the screen, every word
is at least 12 px on screen, the drawing is where the numbers say, lines and bars stand out from the
page (3:1), no word of a chart lies on another, and axe finds nothing.

The charts are shown on a test-only page (tests/scorecard/chart_urls.py) in the site's layout.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_accessibility import AXE_OPTIONS, violations
from tests.e2e.test_layout import layout_problems, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.scorecard.chart_urls"),
]

PATH = "/bieu-do-thu/"


# Every piece of text in a chart (its tables opened), with the size it is drawn at on screen: an
# SVG's own scale counts (getScreenCTM), so a drawing shrunk to fit a phone cannot hide small type.
TEXT_SIZES = """
() => {
  document.querySelectorAll('.chart details').forEach(d => d.open = true);
  const sizes = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.closest('.chart')) continue;
    if (element.closest('title, desc')) continue;  // read out, never drawn
    let size = parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement) size *= element.getScreenCTM().a;
    sizes.push({text: node.textContent.trim().slice(0, 30), size: Math.round(size * 100) / 100});
  }
  return sizes;
}
"""

# Words drawn in an SVG that cover one another, and drawings that stick out of their chart.
COLLISIONS = """
() => {
  const found = [];
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  document.querySelectorAll('.chart > svg').forEach(svg => {
    const frame = svg.closest('figure').getBoundingClientRect();
    const words = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: t.getBoundingClientRect()}));
    words.forEach((a, i) => words.slice(i + 1).forEach(b => {
      if (meet(a.box, b.box)) found.push(`"${a.text}" on "${b.text}"`);
    }));
    [...svg.querySelectorAll('text, path, rect, circle')].forEach(e => {
      const box = e.getBoundingClientRect();
      if (box.width && (box.left < frame.left - 1 || box.right > frame.right + 1)) {
        found.push(`${e.tagName} "${e.textContent}" outside its chart: ${box.left}–${box.right}`);
      }
    });
  });
  return found;
}
"""

# Lines, markers, bars and the edges of parts against the white page: WCAG 1.4.11 asks 3:1.
GRAPHICS_CONTRAST = """
() => {
  const luminance = colour => {
    const [r, g, b] = colour.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = colour => 1.05 / (luminance(colour) + 0.05);
  const checks = [
    ['.bar-chart__fill', 'fill'],
    ['.bar-chart__track', 'border-left-color'],
    ['.year-lines__line', 'stroke'],
    ['.year-lines__marker', 'fill'],
    ['.share-bar__part', 'stroke'],
    ['.share-bar__empty', 'stroke'],
  ];
  const found = [];
  for (const [selector, property] of checks) {
    document.querySelectorAll(selector).forEach(e => {
      const colour = getComputedStyle(e).getPropertyValue(property);
      if (ratio(colour) < 3) found.push(`${selector} ${property} ${colour}: ${ratio(colour).toFixed(2)}:1`);
    });
  }
  return found;
}
"""

# Where things are drawn, to compare with the figures: bar lengths as a share of their track, and
# for the first line chart each marker's height above the zero line as a share of the scale.
DRAWN = """
() => ({
  bars: [...document.querySelectorAll('.chart')[0].querySelectorAll('.bar-chart__row')].map(row => {
    const fill = row.querySelector('.bar-chart__fill');
    return fill ? fill.getBoundingClientRect().width / row.querySelector('.bar-chart__track').clientWidth : null;
  }),
  parts: [...document.querySelectorAll('.chart--share-bar')[0].querySelectorAll('svg[role=img] .share-bar__part')]
    .map(e => e.getBoundingClientRect().width / e.ownerSVGElement.getBoundingClientRect().width),
  lineWidth: document.querySelector('.chart--lines svg[role=img]').getBoundingClientRect().width,
  // What tells the four series of the first line chart apart besides colour, as its legend shows it.
  keys: [...document.querySelector('.chart--lines .chart-legend').querySelectorAll('li')].map(item => [
    getComputedStyle(item.querySelector('line')).strokeDasharray,
    item.querySelector('path').getAttribute('d'),
  ]),
})
"""


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_the_charts_fit_are_legible_and_pass_axe(live_server, at_width, home_page, width):
    page = at_width(width)
    page.goto(live_server.url + PATH)
    assert page.get_by_role("heading", name="Biểu đồ của bảng đánh giá").is_visible()

    assert layout_problems(page, width) == []
    assert page.evaluate(COLLISIONS) == []
    assert page.evaluate(GRAPHICS_CONTRAST) == []
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > 100
    assert [s for s in sizes if s["size"] < 12] == []
    # The tables are open now: still no sideways scrolling, still no crowded targets.
    assert layout_problems(page, width) == []
    screenshot(page, "scorecard charts", width)

    found = violations(Axe().run(page, options=AXE_OPTIONS))
    assert found == [], found


def test_what_is_drawn_matches_the_figures(live_server, at_width, home_page):
    page = at_width(320)
    page.goto(live_server.url + PATH)
    drawn = page.evaluate(DRAWN)
    # 12, 3, 0, 1.234, no data, 57 against a scale to 1.500.
    assert drawn["bars"][4] is None
    assert drawn["bars"][:4] == pytest.approx([0.008, 0.002, 0, 0.823], abs=0.002)
    # 412, 9, 131 of 552 comments: 74,6 %, 1,6 %, 23,7 % (rounded so that they make 100 %).
    assert drawn["parts"] == pytest.approx([0.746, 0.016, 0.237], abs=0.002)
    assert drawn["lineWidth"] == pytest.approx(320 - 2 * 16, abs=1)
    dashes, shapes = zip(*drawn["keys"], strict=True)
    assert len(set(dashes)) == len(set(shapes)) == 4, drawn["keys"]


def test_a_screen_reader_gets_names_descriptions_and_links(live_server, at_width, site_tree):
    page = at_width(360)
    page.goto(live_server.url + PATH)
    lines = page.get_by_role("img", name="Tỷ lệ văn bản được lấy ý kiến trước khi ban hành")
    description = page.evaluate(
        """e => e.getAttribute('aria-labelledby').split(' ')
                 .map(id => document.getElementById(id).textContent).join(' | ')""",
        lines.element_handle(),
    )
    assert description.startswith("Tỷ lệ văn bản được lấy ý kiến trước khi ban hành | Toàn tỉnh tăng từ 52")
    assert page.get_by_role("img", name="Kết quả tiếp thu ý kiến năm 2026").count() == 1
    # Each agency's name in a bar chart leads to its records; the bars themselves say nothing.
    first = page.get_by_role("figure", name="Văn bản ban hành năm 2026")
    first.get_by_role("link", name="Sở Tư pháp").click()
    page.wait_for_url("**/van-ban/?co-quan=so-tu-phap")
