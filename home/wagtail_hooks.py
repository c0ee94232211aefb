from wagtail import hooks

from taxonomy.roles import agencies_of

from . import dashboard
from .panels import PANELS


@hooks.register("construct_homepage_panels")
def add_what_to_do_today(request, panels):
    """Before Wagtail's own (pages awaiting approval, in a workflow, recently edited, locked):
    what awaits the user's agencies today."""
    shown = [panel for panel in PANELS if panel.is_shown_to(request.user)]
    if not shown:
        return
    agencies = agencies_of(request.user)
    today = dashboard.today_for(agencies)
    scope = None if agencies is None else [agency.name for agency in agencies]
    panels[:0] = [panel(today, scope) for panel in shown]


# Last, after Wagtail's own apps have added their counts.
@hooks.register("construct_homepage_summary_items", order=1000)
def without_site_summary(request, items):
    """The counts of every page, image and document in the site say nothing an agency has to do."""
    items.clear()
