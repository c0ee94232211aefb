"""The calendar of consultations and dialogues, for citizens' calendar apps (issue 14, item 3).

`/lich.ics` is an iCalendar feed (RFC 5545) of the drafts opening for and closing to comment and
of the dialogues coming up or held lately: the whole site's, or narrowed to one sector, area or
agency (`?sector=dat-dai`, `?area=…`, `?agency=…`, combined with "and"). The parameters are the
register's (policies.filters): their values are slugs, and the numeric ids the register's filter
form sends are read too, so a filtered register's query string opens the same calendar. As in the
register, an area takes in what is tagged with that very unit. An unknown value is a 404 that
says, in Vietnamese, which one was not found.

Built on django-ical 1.9.2 (a Django syndication `Feed` that writes with the `icalendar` library),
which works with Django 6.1 as it is: its view replaces `Feed.__call__` and `_get_dynamic_attr`,
and reads the rest through Django's own `get_feed`. Only two of its defaults are set aside: the
DTSTAMP it gives is a naive local time (here the moment the feed is made, in UTC), and it writes no
VTIMEZONE for the times it is given (here added for Asia/Ho_Chi_Minh, the zone of every dialogue's
time).

What an event holds is public on the pages already: titles, dates, places, who chairs, the
organising or drafting agency, a page's summary, its address. No ORGANIZER or ATTENDEE, no e-mail
or telephone number of anybody. Only live pages outside password-protected sections; a draft
withdrawn has no events any more (a subscribed calendar drops them on its next refresh).

Cached by the page cache like any listing (`listings`: any page published, unpublished or moved
refreshes it) and never fresh past midnight, when the window of what is listed moves on.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from django_ical.feedgenerator import ICal20Feed
from django_ical.views import ICalFeed

from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import pagecache
from core.http import public_url
from core.pages import private_q
from core.text import without_controls
from dialogues.models import DialoguePage
from policies.models import PolicyPage
from taxonomy.models import Agency, Area, Sector

# What has passed stays in the calendar this long: a citizen who subscribed sees the dialogues of
# the past year and the windows that closed in it, not the whole archive.
PAST_DAYS = 365
# How often a calendar app is asked to fetch the feed again (RFC 7986 REFRESH-INTERVAL, and the
# older X-PUBLISHED-TTL that Outlook and Apple read).
REFRESH_INTERVAL = datetime.timedelta(hours=6)

# The filters, in the order a calendar's name lists them: parameter → (model, its name).
FILTERS = {
    "sector": (Sector, gettext_lazy("sector")),
    "area": (Area, gettext_lazy("area")),
    "agency": (Agency, gettext_lazy("agency")),
}


class UnknownFilter(Exception):
    def __init__(self, label, value):
        super().__init__(value)
        self.label, self.value = label, value


def chosen_filters(query):
    """{parameter: Sector/Area/Agency} from a query string (a QueryDict), each value a slug or an
    id; UnknownFilter for a value that names none."""
    chosen = {}
    for name, (model, label) in FILTERS.items():
        value = without_controls(query.get(name, "")).strip()
        if not value:
            continue
        found = model.objects.filter(slug=value).first()
        if found is None and value.isdigit() and len(value) < 10:
            found = model.objects.filter(pk=int(value)).first()
        if found is None:
            raise UnknownFilter(label, value[:100])
        chosen[name] = found
    return chosen


def filters_query(chosen):
    """The calendar's query string for these filters, with slugs: `sector=dat-dai&area=…`."""
    return urlencode([(name, chosen[name].slug) for name in FILTERS if chosen.get(name)])


# --- Events ---------------------------------------------------------------------------------


@dataclass
class Event:
    uid: str
    title: str
    start: datetime.date | datetime.datetime
    url: str
    description: str
    updated: datetime.datetime | None
    category: str
    location: str = ""
    # Busy time in the reader's calendar: a dialogue is a meeting; a day a window opens is not.
    transparency: str = "TRANSPARENT"
    end: datetime.date | None = None
    sort_key: datetime.datetime = field(init=False)

    def __post_init__(self):
        start = self.start
        if not isinstance(start, datetime.datetime):
            start = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        self.sort_key = start


def _text(*lines):
    """A description: the lines given, without control characters, empty ones left out."""
    return "\n".join(without_controls(line).strip() for line in lines if line and line.strip())


def _at(moment):
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _day(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def last_day_of(closes_at):
    """The last (site-local) day comments are taken, and the hour they stop that day, or "" when
    they are taken to the end of it (a window closing at midnight closes with the day before)."""
    local = timezone.localtime(closes_at)
    if local.time() == datetime.time.min:
        return local.date() - datetime.timedelta(days=1), ""
    return local.date(), date_format(local, "TIME_FORMAT")


def consultation_events(policy, url):
    """The day a draft opens for comment and the last day it takes them.

    Two all-day events rather than one spanning the window: a window lasts weeks, and one event
    across it lays a bar over a month of the reader's calendar while hiding the day that matters,
    the last one; a day's event at the top of that day is what a phone shows and reminds of. The
    hours are in the title and the description, as on the draft's page.
    """
    opens, closes = policy.consultation_opens_at, policy.consultation_closes_at
    last_day, until = last_day_of(closes)
    window = _("Comments are taken from %(opens)s to %(closes)s.") % {"opens": _at(opens), "closes": _at(closes)}
    if not until:
        window = _("Comments are taken from %(opens)s to the end of %(last_day)s.") % {
            "opens": _at(opens),
            "last_day": _day(last_day),
        }
    agency = policy.drafting_agency or policy.issuing_agency
    details = [
        policy.title,
        policy.document_number,
        window,
        _("Drafting agency: %(agency)s") % {"agency": agency.name} if agency else "",
        policy.summary,
    ]
    updated = policy.last_published_at
    category = _("Public consultation")
    opening_day = timezone.localdate(opens)
    if until:
        closing_title = _("Last day for comments, until %(time)s: %(title)s") % {"time": until, "title": policy.title}
    else:
        closing_title = _("Last day for comments: %(title)s") % {"title": policy.title}
    return [
        Event(
            uid=f"{policy.translation_key}-opens",
            title=_("Opens for comment: %(title)s") % {"title": policy.title},
            start=opening_day,
            end=opening_day + datetime.timedelta(days=1),
            url=url,
            description=_text(*details, _("Read the draft and comment: %(url)s") % {"url": url}),
            updated=updated,
            category=category,
        ),
        Event(
            uid=f"{policy.translation_key}-closes",
            title=closing_title,
            start=last_day,
            end=last_day + datetime.timedelta(days=1),
            url=url,
            description=_text(*details, _("Read the draft and comment: %(url)s") % {"url": url}),
            updated=updated,
            category=category,
        ),
    ]


def dialogue_event(dialogue, url, now):
    """A dialogue at its time and place. It has no end time on record: the event is the instant
    it starts (RFC 5545: no DTEND, it ends as it starts), rather than a length made up. A time of
    00:00 is a date the archive gave without its hour: a day's event."""
    local = timezone.localtime(dialogue.held_at)
    date_only = local.time() == datetime.time.min
    when = _day(local.date()) if date_only else _at(local)
    questions = ""
    if dialogue.accepts_questions and dialogue.held_at > now:
        questions = _("Send a question before the dialogue: %(url)s") % {
            "url": url + dialogue.reverse_subpage("comment")
        }
    return Event(
        uid=f"{dialogue.translation_key}",
        title=dialogue.title,
        start=local.date() if date_only else local,
        end=local.date() + datetime.timedelta(days=1) if date_only else None,
        url=url,
        location=dialogue.place,
        description=_text(
            dialogue.title,
            _("Time: %(when)s") % {"when": when},
            _("Place: %(place)s") % {"place": dialogue.place} if dialogue.place else "",
            _("Chaired by: %(chair)s") % {"chair": dialogue.chaired_by} if dialogue.chaired_by else "",
            _("Organised by: %(agency)s") % {"agency": dialogue.agency.name} if dialogue.agency else "",
            dialogue.summary,
            questions,
            _("Read more: %(url)s") % {"url": url},
        ),
        updated=dialogue.last_published_at,
        category=_("Dialogue"),
        transparency="OPAQUE",
    )


def calendar_events(chosen, now, request=None):
    """The events of the live, public drafts whose window has not closed more than PAST_DAYS ago
    and of the dialogues held since then or coming, narrowed by `chosen` filters; by date."""
    since = now - datetime.timedelta(days=PAST_DAYS)
    private = private_q()
    policies = (
        PolicyPage.objects.live()
        .exclude(private)
        .filter(consultation_opens_at__isnull=False, consultation_closes_at__gte=since)
        .exclude(withdrawn_on__lte=timezone.localdate(now))
        .select_related("drafting_agency", "issuing_agency")
    )
    dialogues = DialoguePage.objects.live().exclude(private).filter(held_at__gte=since).select_related("agency")
    if sector := chosen.get("sector"):
        policies, dialogues = policies.filter(sectors=sector), dialogues.filter(sectors=sector)
    if area := chosen.get("area"):
        policies, dialogues = policies.filter(areas=area), dialogues.filter(areas=area)
    if agency := chosen.get("agency"):
        # Who drafted or issued a document (the register's rule); who organised or attended a
        # dialogue (the search's).
        policies = policies.filter(Q(drafting_agency=agency) | Q(issuing_agency=agency))
        attended = DialoguePage.agencies_present.through.objects.filter(agency=agency).values("dialoguepage_id")
        dialogues = dialogues.filter(Q(agency=agency) | Q(pk__in=attended))
    events = []
    for policy in policies.order_by("consultation_opens_at", "pk"):
        events += consultation_events(policy, public_url(policy.get_url(request)))
    for dialogue in dialogues.order_by("held_at", "pk"):
        events.append(dialogue_event(dialogue, public_url(dialogue.get_url(request)), now))
    return sorted(events, key=lambda event: event.sort_key)


# --- The feed -------------------------------------------------------------------------------


class CalendarFeedGenerator(ICal20Feed):
    """django-ical's writer, with a VTIMEZONE for each zone the events use (icalendar builds it
    from the tz database) and how often to refresh (RFC 7986)."""

    def write_items(self, calendar):
        super().write_items(calendar)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("name", self.feed["title"])
        calendar.add_missing_timezones()


class CalendarFeed(ICalFeed):
    feed_type = CalendarFeedGenerator
    product_id = "-//Cong lay y kien//Lich lay y kien va doi thoai//VI"
    timezone = settings.TIME_ZONE
    ttl = "PT6H"

    def __init__(self, now):
        # The moment the feed is made, each event's DTSTAMP (METHOD:PUBLISH): UTC, whole seconds.
        self.now = now.replace(microsecond=0)

    def get_object(self, request, chosen, now):
        return {"chosen": chosen, "now": now, "events": calendar_events(chosen, now, request)}

    def title(self, obj):
        return calendar_name(obj["chosen"])

    def description(self, obj):
        return _("Drafts opening for and closing to public comment, and dialogues between leaders and citizens.")

    def items(self, obj):
        return obj["events"]

    def item_guid(self, event):
        return event.uid

    def item_title(self, event):
        return without_controls(event.title)

    def item_description(self, event):
        return event.description

    def item_link(self, event):
        return event.url

    def item_start_datetime(self, event):
        return event.start

    def item_end_datetime(self, event):
        return event.end

    def item_location(self, event):
        return without_controls(event.location)

    def item_updateddate(self, event):
        return event.updated

    def item_timestamp(self, event):
        return self.now

    def item_categories(self, event):
        return [event.category]

    def item_transparency(self, event):
        return event.transparency

    def item_status(self, event):
        return "CONFIRMED"


def calendar_name(chosen):
    name = _("Consultations and dialogues")
    narrowed = [f"{label} {chosen[key].name}" for key, (model, label) in FILTERS.items() if chosen.get(key)]
    return f"{name}: {', '.join(narrowed)}" if narrowed else name


def calendar_feed(request):
    """`/lich.ics`: the calendar, whole or filtered; a 404 page naming an unknown filter value."""
    pagecache.declare(request, pagecache.LISTINGS)
    try:
        chosen = chosen_filters(request.GET)
    except UnknownFilter as unknown:
        return render(
            request,
            "home/calendar_not_found.html",
            {"label": unknown.label, "value": unknown.value, "calendar_url": calendar_urls({})["https"]},
            status=404,
        )
    now = timezone.now()
    return CalendarFeed(now)(request, chosen=chosen, now=now)


def calendar_urls(chosen):
    """{"https": …, "webcal": …}: the calendar's address for these filters, and the same with
    the webcal: scheme, which a phone or a desktop hands to its calendar app to subscribe."""
    query = filters_query(chosen)
    https = public_url(reverse("calendar") + (f"?{query}" if query else ""))
    parts = urlsplit(https)
    return {"https": https, "webcal": urlunsplit(("webcal", *parts[1:]))}
