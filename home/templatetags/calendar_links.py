"""`{% calendar_links %}`: links to follow the calendar of consultations and dialogues
(home.calendar) in a calendar app, or to download it. Given a list's filter form (the register's),
the links are to the calendar narrowed to the sector, area and agency it filters by.

Reads only what the form already holds: no query, whatever the page's budget.
"""

from django import template

from home.calendar import FILTERS, calendar_urls

register = template.Library()


@register.inclusion_tag("home/calendar_links.html")
def calendar_links(filter_form=None):
    cleaned = getattr(filter_form, "cleaned_data", None) or {}
    chosen = {name: cleaned[name] for name in FILTERS if cleaned.get(name) is not None}
    narrowed = ", ".join(f"{label} {chosen[name].name}" for name, (model, label) in FILTERS.items() if name in chosen)
    return {"urls": calendar_urls(chosen), "narrowed": narrowed}
