"""The scorecard's charts worked out on the server: scales, bar lengths, line paths, label places.

Three kinds, drawn by the template tags in `scorecard.templatetags.scorecard_charts` as inline SVG
with no script:

- a bar chart (`Bar`): one row a bar, its label and value HTML text that wraps at 320 px, the bar
  an SVG rectangle whose length is a percentage of the row, so nothing is scaled or clipped;
- year-on-year lines (`Series`): one SVG 100 % wide and a fixed height in CSS pixels. Across, every
  place is a percentage of the width (an SVG length may be one); down, it is in pixels. Lines are
  drawn in a nested SVG stretched to the plot (`preserveAspectRatio="none"`, strokes that do not
  scale), markers and words in the outer one, so that text keeps its size at any width;
- one stacked 100 % bar (`Part`), its parts told apart by fill pattern and a legend with numbers.

Nothing here reads the database: the figures come in, geometry and words go out. A value's unit is
"count", "share" (a fraction, 0.25 for 25 %) or "days". Numbers are written the Vietnamese way
(Django's number formatting for the active language: 1.234, 12,5 %).
"""

import hashlib
import math
from dataclasses import dataclass, field, replace

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

UNITS = ("count", "share", "days")
# Series and parts are told apart by marker, dash and fill pattern, colour only besides; four
# are distinguishable (the bar), more take the styles again from the first.
STYLES = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    points: list = field(default_factory=list)  # [(year, value or None)]


@dataclass(frozen=True)
class Part:
    label: str
    value: int


# --- Numbers --------------------------------------------------------------------------------


def format_value(value, unit="count", compact=False):
    """A value as a reader sees it: "1.234", "12,5 %", "7,5 ngày"; "" for None. Shares are
    fractions (0.125 is 12,5 %). `compact` leaves out the word "ngày" (in a drawing, where the
    caption says what is counted and room is short)."""
    if value is None:
        return ""
    if unit == "share":
        return f"{_decimal(value * 100)}\u00a0%"  # a space that never breaks the number from its sign
    if unit == "days" and not compact:
        return ngettext("%(number)s day", "%(number)s days", math.ceil(value)) % {"number": _decimal(value)}
    return _decimal(value)


def number(value):
    """A figure as a float (an aggregate may give a Decimal); None stays None."""
    return None if value is None else float(value)


def _decimal(value):
    """At most one decimal, none when it is whole: 12 / 12,5 / 1.234."""
    rounded = round(float(value), 1)
    places = 0 if rounded == int(rounded) else 1
    return number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def nice_max(value):
    """The smallest round number at least `value` (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ, n ≥ 0): the
    top of a scale, close enough that the highest value uses most of it. 1 for 0 or less."""
    if value is None or value <= 0:
        return 1
    magnitude = 10 ** max(0, math.floor(math.log10(value)))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        top = step * magnitude
        if top >= value - 1e-9:
            return int(top) if top == int(top) else top
    return 10 * magnitude  # pragma: no cover - the loop always returns


def axis_max(values, unit):
    """Where a scale ends: 100 % for shares (unless a value goes past it), else a nice number."""
    highest = max((v for v in values if v is not None), default=0)
    if unit == "share":
        return 1 if highest <= 1 else nice_max(highest * 100) / 100
    return nice_max(highest)


def extent(value, maximum):
    """How far a value reaches along a scale, in percent (0–100); never negative; None stays None."""
    if value is None:
        return None
    if maximum <= 0:
        return 0.0
    return round(min(max(value, 0) / maximum, 1) * 100, 2)


def rounded_percentages(values, decimals=1):
    """Each value's share of the total in percent, rounded so that they add up to exactly 100
    (largest remainders get the last units); all zeros when the total is 0. Negative counts as 0."""
    counts = [max(v or 0, 0) for v in values]
    total = sum(counts)
    if not total:
        return [0.0] * len(counts)
    unit = 10**decimals
    exact = [c * 100 * unit / total for c in counts]
    floors = [math.floor(e) for e in exact]
    short = 100 * unit - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:short]:
        floors[i] += 1
    return [f / unit for f in floors]


def chart_id(kind, caption, data):
    """A stable id for one chart's elements (the same figures give the same page)."""
    digest = hashlib.sha1(f"{kind}|{caption}|{data!r}".encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:8]}"


# --- Bars -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarRow:
    bar: Bar
    extent: float | None  # percent of the row's width; None: no data, no bar
    text: str  # the value written out, or "no data"


def bar_rows(bars, unit="count"):
    maximum = axis_max([b.value for b in bars], unit)
    return [BarRow(bar=b, extent=extent(b.value, maximum), text=format_value(b.value, unit) or no_data()) for b in bars]


def no_data():
    return pgettext("chart", "No data")


def bar_summary(bars, unit="count"):
    """One sentence: the highest and the lowest (first of equals), and how many have no data."""
    known = [b for b in bars if b.value is not None]
    missing = len(bars) - len(known)
    if not known:
        return _("No data yet.")
    if len(known) == 1:
        sentence = _("%(label)s: %(value)s.") % {"label": known[0].label, "value": format_value(known[0].value, unit)}
    else:
        highest = max(known, key=lambda b: b.value)
        lowest = min(known, key=lambda b: b.value)
        if highest.value == lowest.value:
            sentence = _("All %(count)s are at %(value)s.") % {
                "count": len(known),
                "value": format_value(highest.value, unit),
            }
        else:
            sentence = _("Highest: %(high)s (%(high_value)s); lowest: %(low)s (%(low_value)s).") % {
                "high": highest.label,
                "high_value": format_value(highest.value, unit),
                "low": lowest.label,
                "low_value": format_value(lowest.value, unit),
            }
    if missing:
        sentence += " " + ngettext("%(count)s has no data.", "%(count)s have no data.", missing) % {"count": missing}
    return sentence


# --- Year-on-year lines ---------------------------------------------------------------------

LINES_HEIGHT = 210  # CSS px; the stylesheet gives .year-lines__svg the same height
PLOT_TOP = 40  # the top of the scale; its number is written above it
PLOT_BOTTOM = LINES_HEIGHT - 30  # the zero line; the years are written below it
YEAR_Y = LINES_HEIGHT - 8
PLOT_LEFT = 10.0  # percent of the width: the first year
PLOT_RIGHT = 80.0  # the last year; each series' last value is written to the right of it (≥ 57 px at 288 px)
LABEL_GAP = 15  # px between the baselines of two values written one above the other
MOST_YEAR_TICKS = 6  # more years than this and every other year is written (8 at 288 px would touch)


@dataclass(frozen=True)
class Marker:
    x: float  # percent of the width
    y: float  # px from the top
    year: int
    value: float
    text: str


@dataclass(frozen=True)
class Label:
    x: float  # percent of the width: the point's
    y: float  # px: the baseline
    text: str
    anchor: str  # "start" (right of the point) or "middle" (above or below it)

    @property
    def dx(self):
        """px from the point: a value written to the right of its marker clears it."""
        return 9 if self.anchor == "start" else 0


@dataclass(frozen=True)
class SeriesGeometry:
    series: Series
    style: int  # 1–4: colour, dash and marker shape (CSS classes and marker paths)
    segments: list  # polyline "points" strings in the plot's units (x 0–1000, y px); None breaks a line
    markers: list
    labels: list


@dataclass(frozen=True)
class LinesGeometry:
    years: list
    year_ticks: list  # [(x percent, "2025")]
    gridlines: list  # [(y px, text)]: the zero line first
    series: list
    height: int = LINES_HEIGHT
    year_y: int = YEAR_Y


def year_x(index, count):
    if count <= 1:
        return (PLOT_LEFT + PLOT_RIGHT) / 2
    return round(PLOT_LEFT + index * (PLOT_RIGHT - PLOT_LEFT) / (count - 1), 2)


def value_y(value, maximum):
    return round(PLOT_BOTTOM - extent(value, maximum) / 100 * (PLOT_BOTTOM - PLOT_TOP), 1)


def lines_geometry(series, unit="count"):
    """Every year from the first to the last any series knows, in order, each at its place across;
    lines broken where a value is missing; a marker on every known point. Each series' last value
    is written to the right of its last point, the values moved apart so that none sits on another;
    one short series (≤ 5 years) has every value written, above its point."""
    years_known = sorted({year for s in series for year, _value in s.points})
    years = list(range(years_known[0], years_known[-1] + 1)) if years_known else []
    place = {year: year_x(i, len(years)) for i, year in enumerate(years)}
    maximum = axis_max([v for s in series for _year, v in s.points], unit)
    every_point = len(series) == 1 and len(years) <= 5
    drawn = []
    for index, one in enumerate(series):
        values = dict(one.points)
        segments, current, markers = [], [], []
        for year in years:
            value = values.get(year)
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            x, y = place[year], value_y(value, maximum)
            current.append(f"{round(x * 10, 1)},{y}")
            markers.append(Marker(x=x, y=y, year=year, value=value, text=format_value(value, unit, compact=True)))
        if current:
            segments.append(current)
        if every_point:
            labels = [_label_above(m) for m in markers]
        else:
            labels = [Label(x=m.x, y=m.y + 4.5, text=m.text, anchor="start") for m in markers[-1:]]
        drawn.append([one, index % STYLES + 1, [" ".join(s) for s in segments if len(s) > 1], markers, labels])
    if not every_point:
        _spread([d[4] for d in drawn])
    step = 2 if len(years) > MOST_YEAR_TICKS else 1
    return LinesGeometry(
        years=years,
        year_ticks=[(place[y], str(y)) for i, y in enumerate(years) if (len(years) - 1 - i) % step == 0],
        gridlines=[
            (value_y(0, maximum), format_value(0, unit, compact=True)),
            (PLOT_TOP, format_value(maximum, unit, compact=True)),
        ],
        series=[
            SeriesGeometry(series=one, style=style, segments=segments, markers=markers, labels=labels)
            for one, style, segments, markers, labels in drawn
        ],
    )


def _label_above(marker):
    """A value written above its point; below it where above would cover the scale's top number
    (written at the left, above the top line)."""
    y = marker.y - 10
    if marker.x <= PLOT_LEFT + 5 and y < PLOT_TOP + 8:
        y = marker.y + 22
    return Label(x=marker.x, y=y, text=marker.text, anchor="middle")


def _spread(label_lists):
    """Move apart the values written beside the series' last points (each list holds one, or none),
    which may fall on one another: from the top down each at least LABEL_GAP below the one above;
    then all up together if the lowest went past the zero line's room."""
    labels = sorted((labels for labels in label_lists if labels), key=lambda labels: labels[0].y)
    previous = None
    for one in labels:
        if previous is not None and one[0].y < previous + LABEL_GAP:
            one[0] = replace(one[0], y=previous + LABEL_GAP)
        previous = one[0].y
    lowest_allowed = PLOT_BOTTOM + 8
    if labels and labels[-1][0].y > lowest_allowed:
        shift = labels[-1][0].y - lowest_allowed
        for one in labels:
            one[0] = replace(one[0], y=max(one[0].y - shift, 14))


def lines_summary(series, unit="count"):
    """One sentence a series: where it started and where it ended, and which way it went."""
    sentences = []
    for one in series:
        known = [(year, value) for year, value in sorted(one.points) if value is not None]
        if not known:
            sentences.append(_("%(label)s: no data") % {"label": one.label})
            continue
        (first_year, first), (last_year, last) = known[0], known[-1]
        words = {
            "label": one.label,
            "first": format_value(first, unit),
            "first_year": str(first_year),
            "last": format_value(last, unit),
            "last_year": str(last_year),
        }
        if len(known) == 1:
            text = _("%(label)s: %(last)s in %(last_year)s") % words
        elif last > first:
            text = _("%(label)s rose from %(first)s in %(first_year)s to %(last)s in %(last_year)s") % words
        elif last < first:
            text = _("%(label)s fell from %(first)s in %(first_year)s to %(last)s in %(last_year)s") % words
        else:
            text = _("%(label)s was at %(last)s both in %(first_year)s and in %(last_year)s") % words
        sentences.append(text)
    if not sentences:
        return _("No data yet.")
    return "; ".join(sentences) + "."


def lines_table(series, years, unit="count"):
    """The rows of the data table: a year, then each series' value (or "no data") with its series."""
    values = [dict(s.points) for s in series]
    return [
        (year, [(format_value(v.get(year), unit) or no_data(), one) for v, one in zip(values, series, strict=True)])
        for year in years
    ]


# --- One stacked 100 % bar ------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    part: Part
    style: int
    x: float  # percent
    width: float  # percent; 0 draws nothing
    percent: float  # its share, rounded so that the parts add up to 100
    text: str  # "12,5 %"
    count: str  # "9"


def share_segments(parts):
    percents = rounded_percentages([p.value for p in parts])
    segments, x = [], 0.0
    for index, (part, percent) in enumerate(zip(parts, percents, strict=True)):
        segments.append(
            Segment(
                part=part,
                style=index % STYLES + 1,
                x=round(x, 2),
                width=percent,
                percent=percent,
                text=format_value(percent / 100, "share"),
                count=format_value(max(part.value, 0)),
            )
        )
        x += percent
    return segments


def share_summary(parts):
    segments = share_segments(parts)
    total = sum(max(p.value, 0) for p in parts)
    if not total:
        return _("No data yet.")
    listed = "; ".join(
        _("%(label)s: %(count)s (%(share)s)") % {"label": s.part.label, "count": s.count, "share": s.text}
        for s in segments
    )
    return _("%(parts)s. Total: %(total)s.") % {"parts": listed, "total": format_value(total)}
