"""The scorecard's charts as template tags: `{% load scorecard_charts %}`, then

    {% bar_chart bars caption="…" unit="count" %}        bars: [scorecard.charts.Bar]
    {% year_lines series caption="…" unit="share" %}     series: [scorecard.charts.Series]
    {% share_bar parts caption="…" %}                    parts: [scorecard.charts.Part]

Each renders a <figure>: the picture as inline SVG (no script), a sentence saying what it shows,
and its figures as a table in a "Xem số liệu" disclosure. `unit` is "count", "share" (a fraction)
or "days". The bar chart and the table may be given `label_heading` / `value_heading`, the
headings of the table's two columns ("Cơ quan", "Số văn bản"); they default to "Tên" / "Số liệu".
"""

from dataclasses import replace

from django import template
from django.utils.translation import pgettext

from scorecard import charts

register = template.Library()

# Drawn in the outer SVG at each known point, centred on it (one per style, README above).
MARKER_PATHS = {
    1: "M4.5 0A4.5 4.5 0 1 1-4.5 0A4.5 4.5 0 1 1 4.5 0Z",  # circle
    2: "M-4-4H4V4H-4Z",  # square
    3: "M0-5.5L5.2 3.8H-5.2Z",  # triangle
    4: "M0-5.8L5.8 0 0 5.8-5.8 0Z",  # diamond
}


def _unique_id(context, kind, caption, data):
    """The chart's id: stable for the same figures, and unique on a page that shows the same
    chart twice (the request remembers which ids it gave)."""
    base = charts.chart_id(kind, caption, data)
    request = context.get("request")
    if request is None:
        return base
    given = request.__dict__.setdefault("_scorecard_chart_ids", set())
    chosen, n = base, 1
    while chosen in given:
        n += 1
        chosen = f"{base}-{n}"
    given.add(chosen)
    return chosen


def _check_unit(unit):
    if unit not in charts.UNITS:
        raise template.TemplateSyntaxError(f"unit must be one of {charts.UNITS}, not {unit!r}")
    return unit


@register.inclusion_tag("scorecard/components/bar_chart.html", takes_context=True)
def bar_chart(context, bars, caption="", unit="count", label_heading="", value_heading=""):
    bars = [replace(bar, value=charts.number(bar.value)) for bar in bars]
    unit = _check_unit(unit)
    return {
        "id": _unique_id(context, "bars", caption, (unit, bars)),
        "caption": caption,
        "unit": unit,
        "rows": charts.bar_rows(bars, unit),
        "summary": charts.bar_summary(bars, unit),
        "label_heading": label_heading or pgettext("chart table", "Name"),
        "value_heading": value_heading or pgettext("chart table", "Value"),
    }


@register.inclusion_tag("scorecard/components/year_lines_chart.html", takes_context=True)
def year_lines(context, series, caption="", unit="count"):
    series = [replace(one, points=[(int(y), charts.number(v)) for y, v in dict(one.points).items()]) for one in series]
    unit = _check_unit(unit)
    geometry = charts.lines_geometry(series, unit)
    return {
        "id": _unique_id(context, "lines", caption, (unit, series)),
        "caption": caption,
        "geometry": geometry,
        "marker_paths": MARKER_PATHS,
        "summary": charts.lines_summary(series, unit),
        "series": series,
        "table": charts.lines_table(series, geometry.years, unit),
    }


@register.inclusion_tag("scorecard/components/share_bar_chart.html", takes_context=True)
def share_bar(context, parts, caption=""):
    parts = [replace(part, value=max(int(part.value or 0), 0)) for part in parts]
    segments = charts.share_segments(parts)
    return {
        "id": _unique_id(context, "share", caption, parts),
        "caption": caption,
        "segments": segments,
        "total": charts.format_value(sum(p.value for p in parts)),
        "empty": not any(s.width for s in segments),
        "summary": charts.share_summary(parts),
    }


@register.filter
def marker_path(paths, style):
    return paths.get(style, paths[1])
