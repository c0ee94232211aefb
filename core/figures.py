"""Figures that a page's text quotes from the site's own rules, always as they are set now.

An editor writes `{contact_retention_days}` in a content page's paragraph; the reader sees the
number of days the consultation rules keep commenters' contact details today, not the number
someone typed when the page was written (DESIGN.md: every figure on the site is computed from the
records). Apps register the figures they own from `AppConfig.ready()`, so that core names no app
above it. A page showing a figure changes when its rule does: saving those rules makes the whole
site stale in the page cache (e.g. consultations.signals).
"""

import re

from django.utils.html import escape

_figures = {}
TOKEN = re.compile(r"\{([a-z_]+)\}")


def register_figure(name, function):
    """Make `{name}` in a page's text read `function()` when the page is shown."""
    _figures[name] = function


def figure_names():
    return sorted(_figures)


def fill_figures(text, html=False):
    """`text` with each `{name}` of a registered figure replaced by its value now (escaped
    when `text` is HTML); anything else in braces is left as written."""
    if "{" not in text:
        return text

    def value(match):
        function = _figures.get(match.group(1))
        if function is None:
            return match.group(0)
        return escape(function()) if html else str(function())

    return TOKEN.sub(value, text)
