"""The search page's results as HTML, written in Python rather than the template language.

Each result took a dozen template lookups, two date filters and `capfirst`: a page of twenty
results spent more time there than in reading them. The markup is what search/search.html's
loop wrote, byte for byte (white space included).
"""

from django.template.defaultfilters import capfirst
from django.utils.safestring import mark_safe

from consultations.rendering import esc, local_day, short_date


def result_meta(result):
    """Its type, date and agency, as `{{ result.type_name|capfirst }} · <time>…</time> · agency`."""
    meta = esc(capfirst(result.type_name))
    if result.date:
        day = local_day(result.date)
        meta += f' · <time datetime="{day.isoformat()}">{esc(short_date(day))}</time>'
    if result.agency:
        meta += f" · {esc(result.agency)}"
    return meta


def results_html(results):
    """The `<li>` of each result: its title linked to its page, what it is, and its snippet."""
    items = [
        "\n        <li>\n          <h3>\n            "
        f'<a href="{esc(result.url)}">{esc(result.title)}</a>'
        '\n          </h3>\n          <p class="card__meta">\n            '
        f"{result_meta(result)}\n          </p>\n          <p>{esc(result.snippet)}</p>\n        </li>\n      "
        for result in results
    ]
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped, the snippet marked safely
