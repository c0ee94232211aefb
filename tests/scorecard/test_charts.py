"""The scorecard's charts: their geometry, and what a reader (or a screen reader) gets from them.

The browser half, at 320 and 360 px, is tests/scorecard/test_charts_in_the_browser.py.
"""

import re
from html.parser import HTMLParser

import pytest

from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from scorecard.charts import (
    PLOT_BOTTOM,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    Bar,
    Part,
    Series,
    axis_max,
    bar_rows,
    bar_summary,
    extent,
    format_value,
    lines_geometry,
    lines_summary,
    nice_max,
    rounded_percentages,
    share_segments,
    share_summary,
)

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


# --- Numbers ---------------------------------------------------------------------------------


def test_numbers_are_written_the_vietnamese_way():
    assert format_value(1234) == "1.234"
    assert format_value(12.5) == "12,5"
    assert format_value(3.0) == "3"
    assert format_value(0.125, "share") == f"12,5{NBSP}%"
    assert format_value(0.5, "share") == f"50{NBSP}%"
    assert format_value(2 / 3, "share") == f"66,7{NBSP}%"
    assert format_value(7.5, "days") == "7,5 ngày"
    assert format_value(1, "days") == "1 ngày"
    assert format_value(None, "share") == ""


@pytest.mark.parametrize(
    ("value", "top"),
    [
        (0, 1),
        (-3, 1),
        (None, 1),
        (0.4, 1),
        (1, 1),
        (2.2, 2.5),
        (3, 3),
        (7, 8),
        (10, 10),
        (11, 15),
        (23, 25),
        (57, 60),
        (180, 200),
        (1234, 1500),
    ],
)
def test_an_axis_ends_at_a_round_number_at_or_above_the_highest_value(value, top):
    assert nice_max(value) == top


def test_shares_are_drawn_against_the_whole():
    assert axis_max([0.1, 0.2, None], "share") == 1
    assert axis_max([None, None], "count") == 1
    assert axis_max([3, 17, None], "count") == 20


def test_a_length_is_a_percentage_never_negative_nor_past_the_end():
    assert extent(5, 20) == 25
    assert extent(0, 20) == 0
    assert extent(-4, 20) == 0
    assert extent(30, 20) == 100
    assert extent(None, 20) is None
    assert extent(3, 0) == 0


# --- Bars ------------------------------------------------------------------------------------


def test_bars_are_as_long_as_their_values_against_a_round_top():
    rows = bar_rows([Bar("Sở Tư pháp", 12), Bar("Sở Y tế", 20), Bar("Xã Thạch Hà", 0)])
    assert [r.extent for r in rows] == [60, 100, 0]
    assert [r.text for r in rows] == ["12", "20", "0"]


def test_a_bar_without_data_is_not_drawn_and_says_so():
    rows = bar_rows([Bar("Sở Tư pháp", 4), Bar("Xã đã sáp nhập", None)])
    assert rows[1].extent is None
    assert rows[1].text == "Chưa có số liệu"


def test_bars_of_nothing_but_zeros_have_no_length():
    rows = bar_rows([Bar("A", 0), Bar("B", 0)])
    assert [r.extent for r in rows] == [0, 0]
    assert bar_summary([Bar("A", 0), Bar("B", 0)]) == "Cả 2 mục đều ở mức 0."


def test_one_bar_fills_the_row_when_it_is_a_round_number():
    assert bar_rows([Bar("Toàn tỉnh", 50)])[0].extent == 100
    assert bar_summary([Bar("Toàn tỉnh", 50)]) == "Toàn tỉnh: 50."


def test_negative_values_never_draw_backwards():
    assert bar_rows([Bar("A", -5), Bar("B", 10)])[0].extent == 0


def test_share_bars_are_measured_against_a_hundred_percent():
    rows = bar_rows([Bar("A", 0.25), Bar("B", 0.5)], "share")
    assert [r.extent for r in rows] == [25, 50]
    assert rows[0].text == f"25{NBSP}%"


def test_the_summary_names_the_highest_the_lowest_and_the_missing():
    bars = [Bar("Sở Tư pháp", 0.125), Bar("Xã cũ", None), Bar("Sở Y tế", 0.5), Bar("Sở Xây dựng", 0.125)]
    assert bar_summary(bars, "share") == (
        f"Cao nhất: Sở Y tế (50{NBSP}%); thấp nhất: Sở Tư pháp (12,5{NBSP}%). Có 1 mục chưa có số liệu."
    )
    assert bar_summary([Bar("A", None)]) == "Chưa có số liệu."
    assert bar_summary([]) == "Chưa có số liệu."


# --- Lines -----------------------------------------------------------------------------------


def test_every_year_between_the_first_and_the_last_has_its_place_across():
    geometry = lines_geometry([Series("Toàn tỉnh", [(2022, 10), (2025, 20)])])
    assert geometry.years == [2022, 2023, 2024, 2025]
    assert [x for x, _year in geometry.year_ticks] == [PLOT_LEFT, 33.33, 56.67, PLOT_RIGHT]
    assert [text for _x, text in geometry.year_ticks] == ["2022", "2023", "2024", "2025"]


def test_a_line_breaks_where_a_year_has_no_value_and_a_lone_point_keeps_its_marker():
    geometry = lines_geometry([Series("Sở Tư pháp", [(2021, 4), (2022, 8), (2023, None), (2024, 6), (2025, None)])])
    line = geometry.series[0]
    assert len(line.segments) == 1  # 2021–2022; 2024 stands alone
    assert [m.year for m in line.markers] == [2021, 2022, 2024]


def test_values_go_up_the_chart_against_a_round_top_and_zero_sits_on_the_baseline():
    line = lines_geometry([Series("A", [(2024, 0), (2025, 5), (2026, 10)])]).series[0]
    assert [m.y for m in line.markers] == [PLOT_BOTTOM, (PLOT_BOTTOM + PLOT_TOP) / 2, PLOT_TOP]
    assert all(PLOT_TOP <= m.y <= PLOT_BOTTOM for m in line.markers)
    negative = lines_geometry([Series("A", [(2024, -3), (2025, 2)])]).series[0]
    assert negative.markers[0].y == PLOT_BOTTOM


def test_the_scale_is_labelled_at_zero_and_at_its_top():
    geometry = lines_geometry([Series("A", [(2024, 0.3), (2025, 0.4)])], "share")
    assert [text for _y, text in geometry.gridlines] == [f"0{NBSP}%", f"100{NBSP}%"]


def test_each_series_has_its_own_marker_dash_and_colour_up_to_four():
    geometry = lines_geometry([Series(f"S{i}", [(2025, i)]) for i in range(5)])
    assert [s.style for s in geometry.series] == [1, 2, 3, 4, 1]


def test_one_short_series_has_every_value_written_several_only_their_last():
    one = lines_geometry([Series("A", [(2024, 1), (2025, 2), (2026, 3)])]).series[0]
    assert [label.text for label in one.labels] == ["1", "2", "3"]
    two = lines_geometry([Series("A", [(2024, 1), (2025, 2)]), Series("B", [(2024, 2), (2025, None)])])
    assert [[label.text for label in s.labels] for s in two.series] == [["2"], ["2"]]


def test_last_values_are_written_beside_their_points_and_moved_apart_when_they_would_overlap():
    geometry = lines_geometry([Series(f"S{i}", [(2024, 1), (2025, 10)]) for i in range(3)])
    labels = [s.labels[0] for s in geometry.series]
    assert {(label.x, label.anchor, label.dx) for label in labels} == {(PLOT_RIGHT, "start", 9)}
    ys = sorted(label.y for label in labels)
    assert ys == [PLOT_TOP + 4.5, PLOT_TOP + 19.5, PLOT_TOP + 34.5]
    low = lines_geometry([Series(f"S{i}", [(2024, 10), (2025, 0)]) for i in range(4)])
    ys = sorted(s.labels[0].y for s in low.series)
    assert all(b - a >= 15 for a, b in zip(ys, ys[1:], strict=False))
    assert ys[-1] <= PLOT_BOTTOM + 8


def test_more_than_six_years_have_every_other_year_written_the_last_always():
    geometry = lines_geometry([Series("A", [(2019, 1), (2026, 2)])])
    assert len(geometry.years) == 8
    assert [text for _x, text in geometry.year_ticks] == ["2020", "2022", "2024", "2026"]


def test_days_are_written_without_their_word_inside_a_drawing():
    geometry = lines_geometry([Series("A", [(2025, 7.5), (2026, 30)])], "days")
    assert [m.text for m in geometry.series[0].markers] == ["7,5", "30"]
    assert [text for _y, text in geometry.gridlines] == ["0", "30"]


def test_the_lines_summary_says_which_way_each_series_went():
    series = [
        Series("Toàn tỉnh", [(2023, 0.4), (2024, None), (2026, 0.55)]),
        Series("Sở Tư pháp", [(2024, 9), (2025, 3)]),
        Series("Sở Y tế", [(2025, 4)]),
        Series("Xã cũ", [(2025, None)]),
    ]
    assert lines_summary(series[:1], "share") == f"Toàn tỉnh tăng từ 40{NBSP}% (năm 2023) lên 55{NBSP}% (năm 2026)."
    assert lines_summary(series[1:]) == (
        "Sở Tư pháp giảm từ 9 (năm 2024) xuống 3 (năm 2025); Sở Y tế: 4 (năm 2025); Xã cũ: chưa có số liệu."
    )
    assert lines_summary([Series("A", [(2024, 2), (2025, 5), (2026, 2)])]) == ("A: năm 2024 và năm 2026 đều ở mức 2.")


def test_no_series_draws_an_empty_chart():
    geometry = lines_geometry([])
    assert geometry.years == [] and geometry.series == []
    assert lines_summary([]) == "Chưa có số liệu."


# --- Shares of a whole -----------------------------------------------------------------------


def test_rounded_shares_always_add_up_to_a_hundred():
    assert rounded_percentages([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert sum(rounded_percentages([1, 1, 1])) == pytest.approx(100)
    assert rounded_percentages([2, 1, 0], decimals=0) == [67, 33, 0]
    for values in ([7, 11, 13], [1, 2, 3, 4], [999, 1], [1, 1, 1, 1, 1, 1, 1]):
        assert sum(rounded_percentages(values)) == pytest.approx(100)
    assert rounded_percentages([0, 0, 0]) == [0, 0, 0]
    assert rounded_percentages([-2, 2]) == [0, 100]


def test_the_parts_of_a_share_bar_lie_end_to_end_across_the_whole():
    segments = share_segments([Part("Tiếp thu", 9), Part("Tiếp thu một phần", 6), Part("Không tiếp thu", 5)])
    assert [(s.x, s.width) for s in segments] == [(0, 45), (45, 30), (75, 25)]
    assert [s.text for s in segments] == [f"45{NBSP}%", f"30{NBSP}%", f"25{NBSP}%"]
    assert [s.style for s in segments] == [1, 2, 3]


def test_a_part_of_nothing_takes_no_room_and_a_whole_of_nothing_says_so():
    segments = share_segments([Part("Tiếp thu", 3), Part("Tiếp thu một phần", 0), Part("Không tiếp thu", 1)])
    assert [s.width for s in segments] == [75, 0, 25]
    assert [s.width for s in share_segments([Part("A", 0), Part("B", 0)])] == [0, 0]
    assert share_summary([Part("A", 0), Part("B", 0)]) == "Chưa có số liệu."


def test_the_share_summary_gives_every_part_and_the_total():
    parts = [Part("Tiếp thu", 1), Part("Tiếp thu một phần", 1), Part("Không tiếp thu", 1)]
    assert share_summary(parts) == (
        f"Tiếp thu: 1 (33,4{NBSP}%); Tiếp thu một phần: 1 (33,3{NBSP}%); Không tiếp thu: 1 (33,3{NBSP}%). Tổng số: 3."
    )


# --- Through a template ----------------------------------------------------------------------


class Page(HTMLParser):
    """What a template gave: its visible text, its links, and the text of each table and SVG."""

    def __init__(self, html):
        super().__init__()
        self.text, self.links, self.tables, self.svgs, self.ids = [], [], [], [], []
        self._table = self._svg = None
        self._svg_depth = 0
        self.attributes = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "table":
            self._table = []
        if tag == "svg":
            if self._svg_depth == 0:
                self._svg = {"attrs": attrs, "text": []}
            self._svg_depth += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.tables.append(" ".join(self._table))
            self._table = None
        if tag == "svg":
            self._svg_depth -= 1
            if self._svg_depth == 0:
                self.svgs.append(self._svg)
                self._svg = None

    def handle_data(self, data):
        words = re.sub(r"[ \t\r\n]+", " ", data).strip()  # a no-break space stays one
        if not words:
            return
        self.text.append(words)
        if self._table is not None:
            self._table.append(words)
        if self._svg is not None:
            self._svg["text"].append(words)


def render(source, request=None, **context):
    template = Template("{% load scorecard_charts %}" + source)
    return template.render(Context({"request": request, **context}))


BARS = [
    Bar("Sở Tư pháp", 12, url="/van-ban/?co-quan=so-tu-phap"),
    Bar("UBND xã Thạch Hà", None, note="Đã sáp nhập vào xã Đông Kinh"),
    Bar("Sở Y tế", 1234, url="/van-ban/?co-quan=so-y-te"),
]
SERIES = [
    Series("Toàn tỉnh", [(2023, 0.4), (2024, None), (2025, 0.625)]),
    Series("Sở Tư pháp", [(2023, 0.5), (2024, 0.25), (2025, 0.125)]),
]
PARTS = [Part("Tiếp thu", 9), Part("Tiếp thu một phần", 6), Part("Không tiếp thu", 5)]


def test_the_bar_chart_gives_every_label_and_value_as_text_and_links_each_label():
    html = render('{% bar_chart bars caption="Văn bản đã ban hành" unit="count" %}', bars=BARS)
    page = Page(html)
    assert page.links == ["/van-ban/?co-quan=so-tu-phap", "/van-ban/?co-quan=so-y-te"]
    for words in ("Văn bản đã ban hành", "Sở Tư pháp", "12", "Sở Y tế", "1.234", "Chưa có số liệu"):
        assert words in page.text
    assert "Đã sáp nhập vào xã Đông Kinh" in page.text
    assert "Cao nhất: Sở Y tế (1.234); thấp nhất: Sở Tư pháp (12). Có 1 mục chưa có số liệu." in page.text
    # The table of the "Xem số liệu" disclosure holds every value, with headings for its rows.
    assert "Xem số liệu" in page.text
    (table,) = page.tables
    for words in ("Tên", "Số liệu", "Sở Tư pháp 12", "UBND xã Thạch Hà Đã sáp nhập vào xã Đông Kinh Chưa có số liệu"):
        assert words in table
    assert ("th", {"scope": "row"}) in page.attributes
    # Two bars are drawn (the one without data is not), as long as their values against 1.500;
    # the drawing is hidden from screen readers, which read the same numbers as text.
    assert [s["attrs"]["aria-hidden"] for s in page.svgs] == ["true", "true"]
    assert re.findall(r'<rect class="bar-chart__fill"[^>]* width="([\d.]+)%"', html) == ["0.8", "82.27"]


def test_the_bar_chart_takes_the_table_headings_it_is_given():
    html = render(
        '{% bar_chart bars caption="Ý kiến" unit="share" label_heading="Cơ quan" value_heading="Tỷ lệ trả lời" %}',
        bars=[Bar("Sở Tư pháp", 0.125)],
    )
    (table,) = Page(html).tables
    assert table.startswith("Ý kiến Cơ quan Tỷ lệ trả lời Sở Tư pháp 12,5")
    assert 'width="12.5%"' in html


def test_the_year_lines_are_an_image_named_and_described_with_a_table_of_every_value():
    html = render('{% year_lines series caption="Tỷ lệ ý kiến được trả lời" unit="share" %}', series=SERIES)
    page = Page(html)
    (chart, *legend_keys) = page.svgs
    assert chart["attrs"]["role"] == "img"
    title_id, desc_id = chart["attrs"]["aria-labelledby"].split()
    assert {title_id, desc_id} <= set(page.ids)
    assert chart["text"][:2] == [
        "Tỷ lệ ý kiến được trả lời",
        f"Toàn tỉnh tăng từ 40{NBSP}% (năm 2023) lên 62,5{NBSP}% (năm 2025); "
        f"Sở Tư pháp giảm từ 50{NBSP}% (năm 2023) xuống 12,5{NBSP}% (năm 2025).",
    ]
    assert [t for t in chart["text"] if t.startswith("20")] == ["2023", "2024", "2025"]
    # The legend names each series beside its marker and dash; the drawings are decoration.
    assert [k["attrs"]["aria-hidden"] for k in legend_keys] == ["true", "true"]
    assert "Toàn tỉnh" in page.text and "Sở Tư pháp" in page.text
    (table,) = page.tables
    assert table == (
        f"Tỷ lệ ý kiến được trả lời Năm Toàn tỉnh Sở Tư pháp 2023 40{NBSP}% 50{NBSP}% "
        f"2024 Chưa có số liệu 25{NBSP}% 2025 62,5{NBSP}% 12,5{NBSP}%"
    )
    # Numbers inside the drawing are SVG's, with a full stop for decimals whatever the language.
    assert 'x="45.0%"' in html and "45,0" not in html
    assert 'class="year-lines__line year-lines__line--2"' in html
    assert 'points="100.0,110.0 450.0,145.0 800.0,162.5"' in html


def test_the_share_bar_is_an_image_with_a_legend_and_a_table_that_give_every_number():
    html = render('{% share_bar parts caption="Kết quả tiếp thu ý kiến" %}', parts=PARTS)
    page = Page(html)
    chart = page.svgs[0]
    assert chart["attrs"]["role"] == "img"
    assert chart["text"] == [
        "Kết quả tiếp thu ý kiến",
        f"Tiếp thu: 9 (45{NBSP}%); Tiếp thu một phần: 6 (30{NBSP}%); Không tiếp thu: 5 (25{NBSP}%). Tổng số: 20.",
    ]
    for words in ("Tiếp thu:", f"45{NBSP}%", "(9)", "Tiếp thu một phần:", f"30{NBSP}%", "(6)"):
        assert words in page.text
    (table,) = page.tables
    assert table == (
        f"Kết quả tiếp thu ý kiến Phân loại Số lượng Tỷ lệ Tiếp thu 9 45{NBSP}% Tiếp thu một phần 6 30{NBSP}% "
        f"Không tiếp thu 5 25{NBSP}% Tổng số 20 100{NBSP}%"
    )
    assert re.findall(r'class="share-bar__part[^"]*" x="([\d.]+)%" y="0" width="([\d.]+)%"', html) == [
        ("0.0", "45.0"),
        ("45.0", "30.0"),
        ("75.0", "25.0"),
    ]


def test_an_empty_share_bar_says_there_is_no_data():
    html = render('{% share_bar parts caption="Kết quả" %}', parts=[Part("Tiếp thu", 0), Part("Không tiếp thu", 0)])
    assert "share-bar__empty" in html
    assert not re.search(r'class="share-bar__part[^"]*" x="[\d.]+%"', html)
    assert "Chưa có số liệu." in Page(html).text


def test_two_charts_of_the_same_figures_on_one_page_keep_their_ids_apart():
    request = RequestFactory().get("/")
    html = render(
        '{% share_bar parts caption="Kết quả" %}{% share_bar parts caption="Kết quả" %}', request=request, parts=PARTS
    )
    ids = Page(html).ids
    assert len(ids) == len(set(ids))
    # Without a request the same figures give the same ids, so a page renders the same each time.
    assert render('{% share_bar parts caption="Kết quả" %}', parts=PARTS) == render(
        '{% share_bar parts caption="Kết quả" %}', parts=PARTS
    )


def test_an_unknown_unit_is_a_mistake_in_the_template():
    with pytest.raises(TemplateSyntaxError):
        render('{% bar_chart bars caption="A" unit="percent" %}', bars=BARS)


def test_figures_as_decimals_or_with_nothing_to_show_still_draw():
    from decimal import Decimal

    html = render(
        '{% bar_chart bars caption="Trung vị" unit="days" %}{% year_lines series caption="Qua các năm" unit="days" %}',
        bars=[Bar("Sở Tư pháp", Decimal("7.5")), Bar("Sở Y tế", Decimal("15"))],
        series=[Series("Toàn tỉnh", [(2025, Decimal("7.5")), (2026, None)])],
    )
    page = Page(html)
    assert "7,5 ngày" in page.text and "15 ngày" in page.text
    assert 'width="50.0%"' in html
    empty = Page(
        render('{% bar_chart bars caption="Không có gì" %}{% year_lines series caption="Trống" %}', bars=[], series=[])
    )
    assert empty.text == ["Không có gì", "Chưa có số liệu.", "Trống", "Chưa có số liệu."]
    assert empty.svgs == [] and empty.tables == []
