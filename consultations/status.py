"""A consultation's status, worked out in one place from its dates and facts.

A consultation is the window during which a draft policy takes public comments. Its life:
upcoming → open → closed and awaiting the agency's response → response published. A closed
consultation left without a published response for longer than the configured limit is overdue.
A draft withdrawn by its agency is withdrawn from that day on, whatever stage it had reached.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open for comment")
    AWAITING_RESPONSE = "awaiting_response", _("closed, awaiting response")
    OVERDUE = "overdue", _("closed, response overdue")
    RESPONSE_PUBLISHED = "response_published", _("response published")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The register's short words for the response while none is published.
RESPONSE_LABELS = {
    Status.UPCOMING: _("upcoming"),
    Status.OPEN: _("open for comment"),
    Status.AWAITING_RESPONSE: _("awaiting"),
    Status.OVERDUE: _("overdue"),
    Status.WITHDRAWN: _("withdrawn"),
}


@dataclass(frozen=True)
class ResponseSummary:
    """The agency's response in a few words: `label`, the date once published, and whether overdue."""

    label: str
    published_at: datetime.datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Consultation:
    """The comment window of one policy and what followed it."""

    opens_at: datetime.datetime
    closes_at: datetime.datetime
    response_published_at: datetime.datetime | None = None
    response_limit_days: int = 30
    minimum_days: int = 30
    short_window_reason: str = ""
    withdrawn_on: datetime.date | None = None

    def status_at(self, moment):
        """Upcoming before `opens_at`; open from `opens_at` up to, not including, `closes_at`;
        withdrawn from the (site-local) day it was withdrawn."""
        if self.withdrawn_on is not None and self.withdrawn_on <= timezone.localdate(moment):
            return Status.WITHDRAWN
        if moment < self.opens_at:
            return Status.UPCOMING
        if moment < self.closes_at:
            return Status.OPEN
        if self.response_published_at is not None and self.response_published_at <= moment:
            return Status.RESPONSE_PUBLISHED
        if moment >= self.response_due_at:
            return Status.OVERDUE
        return Status.AWAITING_RESPONSE

    @property
    def status(self):
        return self.status_at(timezone.now())

    @property
    def is_upcoming(self):
        return self.status == Status.UPCOMING

    @property
    def is_open(self):
        return self.status == Status.OPEN

    @property
    def is_overdue(self):
        return self.status == Status.OVERDUE

    @property
    def is_response_published(self):
        return self.status == Status.RESPONSE_PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == Status.WITHDRAWN

    @property
    def has_closed(self):
        """Whether the window is over (withdrawn or not): from then on the report may be published."""
        return timezone.now() >= self.closes_at

    @property
    def response_due_at(self):
        return self.closes_at + datetime.timedelta(days=self.response_limit_days)

    @property
    def response_summary(self):
        """What the register says about the agency's response, from the status at this moment."""
        status = self.status
        if status == Status.RESPONSE_PUBLISHED:
            label = _("published late") if self.response_was_late else _("published on time")
            return ResponseSummary(label, published_at=self.response_published_at)
        return ResponseSummary(RESPONSE_LABELS[status], overdue=status == Status.OVERDUE)

    @property
    def response_was_late(self):
        """Whether the response came (or, not yet come, is) past the limit."""
        published = self.response_published_at
        if published is None:
            return timezone.now() >= self.response_due_at
        return published > self.response_due_at

    def days_left_at(self, moment):
        """Whole calendar days (in the site's time zone) until it closes; 0 on the last day."""
        if self.status_at(moment) != Status.OPEN:
            return 0
        return (timezone.localdate(self.closes_at) - timezone.localdate(moment)).days

    def closes_within_at(self, moment, days):
        """Open at `moment` and closing by the end of the (site-local) day `days` days later; the
        rule `closing_within_filter` applies in SQL."""
        last_day = timezone.localdate(moment) + datetime.timedelta(days=days)
        return self.status_at(moment) == Status.OPEN and timezone.localdate(self.closes_at) <= last_day

    @property
    def days_left(self):
        return self.days_left_at(timezone.now())

    @property
    def length_in_days(self):
        """How many days the window lasts, counting a part day as a day."""
        seconds = (self.closes_at - self.opens_at).total_seconds()
        return int(-(-seconds // 86400))

    @property
    def is_shorter_than_minimum(self):
        return self.length_in_days < self.minimum_days


def status_filter(status, moment, response_limit_days, prefix=""):
    """A Q object selecting policies whose consultation has `status` at `moment`.

    The register filters in the database with this; `Consultation.status_at` is the rule for a
    single policy, and the tests hold the two to the same answers.
    """
    p = prefix
    q = models.Q
    today = timezone.localdate(moment)
    withdrawn = q(**{f"{p}withdrawn_on__lte": today})
    if status == Status.WITHDRAWN:
        return withdrawn
    return ~withdrawn & _stage_filter(status, moment, response_limit_days, p)


def _stage_filter(status, moment, response_limit_days, p):
    q = models.Q
    closed = q(**{f"{p}consultation_closes_at__lte": moment})
    due = moment - datetime.timedelta(days=response_limit_days)
    published = q(**{f"{p}response_report__published_at__lte": moment})
    if status == Status.UPCOMING:
        return q(**{f"{p}consultation_opens_at__gt": moment})
    if status == Status.OPEN:
        return q(**{f"{p}consultation_opens_at__lte": moment, f"{p}consultation_closes_at__gt": moment})
    if status == Status.RESPONSE_PUBLISHED:
        return closed & published
    if status == Status.OVERDUE:
        return closed & ~published & q(**{f"{p}consultation_closes_at__lte": due})
    if status == Status.AWAITING_RESPONSE:
        return closed & ~published & q(**{f"{p}consultation_closes_at__gt": due})
    raise ValueError(status)


def report_timeliness_filter(late, moment, response_limit_days, prefix=""):
    """A Q object selecting consultations closed at `moment` (not withdrawn) whose response report
    was published by the moment it was due (`late=False`), or after it or is still missing past it
    (`late=True`): the rule of `Consultation.response_was_late`, as the scorecard counts reports on
    time and overdue."""
    p = prefix
    q = models.Q
    limit = datetime.timedelta(days=response_limit_days)
    published_at = f"{p}response_report__published_at"
    due = models.F(f"{p}consultation_closes_at") + limit
    closed = ~q(**{f"{p}withdrawn_on__lte": timezone.localdate(moment)}) & q(
        **{f"{p}consultation_closes_at__lte": moment}
    )
    published = q(**{f"{published_at}__lte": moment})
    if not late:
        return closed & published & q(**{f"{published_at}__lte": due})
    # Spelled out rather than built from status_filter's OVERDUE: a negated lookup across the
    # report's join, ORed with a positive one on it, loses Django's "or no report at all".
    missing = q(**{f"{published_at}__isnull": True}) | q(**{f"{published_at}__gt": moment})
    past_due = q(**{f"{p}consultation_closes_at__lte": moment - limit})
    return closed & ((published & q(**{f"{published_at}__gt": due})) | (missing & past_due))


def closing_within_filter(moment, days, prefix=""):
    """A Q object selecting consultations open at `moment` that close within `days` days: by the
    end of the (site-local) day `days` days from today, so "within 7 days" takes in a window that
    closes at any hour of the seventh day."""
    first_day_after = timezone.localdate(moment) + datetime.timedelta(days=days + 1)
    end = timezone.make_aware(datetime.datetime.combine(first_day_after, datetime.time.min))
    return status_filter(Status.OPEN, moment, 0, prefix) & models.Q(**{f"{prefix}consultation_closes_at__lt": end})
