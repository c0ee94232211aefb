"""The scorecard's figures, per agency and year and for the whole province, computed from the
records (drafts, comments, response reports, dialogues, commitments), never typed in.

What each figure counts is written once, in `scorecard.definitions` (the method page shows it);
this module follows it. The rules of a consultation's status and a commitment's are not restated
here: each record is judged by `consultations.status.Consultation` and `Commitment`'s own
properties, as the register and the tracker judge it.

A whole year costs a fixed number of queries, whatever the number of agencies and documents: the
records of the year are read as plain values (drafts, dialogues, commitments) or counted by
group in the database (comments, questions), and shared out among agencies in Python. Medians are
taken in Python too, so the same code runs on PostgreSQL and SQLite.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils import timezone

from consultations.models import Comment, ConsultationSettings
from consultations.status import Consultation, Status
from core.pages import private_q
from dialogues.models import Commitment, DialoguePage, DialogueQuestion
from policies.models import PolicyPage
from taxonomy.models import Agency


@dataclass(frozen=True)
class Figures:
    """Every figure of one agency (or the province, `agency_id` None) for one year."""

    year: int
    agency_id: int | None
    documents_issued: int = 0
    adopted_after_consultation: int = 0
    adopted_without_consultation: int = 0
    consultations: int = 0
    short_windows: int = 0
    short_windows_with_reason: int = 0
    median_window_days: float | None = None
    comments_received: int = 0
    comments_published: int = 0
    comments_not_published: dict = field(default_factory=dict)
    comments_answered: int = 0
    outcomes: dict = field(default_factory=dict)
    comments_by_channel: dict = field(default_factory=dict)
    reports_published: int = 0
    reports_on_time: int = 0
    reports_overdue: int = 0
    median_days_to_report: float | None = None
    dialogues_held: int = 0
    questions_before: int = 0
    questions_during: int = 0
    commitments_made: int = 0
    commitments_done_on_time: int = 0
    commitments_done_late: int = 0
    commitments_overdue: int = 0
    commitments_cannot_be_done: int = 0

    @staticmethod
    def _share(part, whole):
        return part / whole if whole else None

    @property
    def share_adopted_after(self):
        return self._share(self.adopted_after_consultation, self.documents_issued)

    @property
    def share_adopted_without(self):
        return self._share(self.adopted_without_consultation, self.documents_issued)

    @property
    def share_accepted(self):
        return self._share(self.outcomes.get(Comment.Outcome.ACCEPTED, 0), self.comments_answered)

    @property
    def share_partly_accepted(self):
        return self._share(self.outcomes.get(Comment.Outcome.PARTLY, 0), self.comments_answered)

    @property
    def share_not_accepted(self):
        return self._share(self.outcomes.get(Comment.Outcome.NOT_ACCEPTED, 0), self.comments_answered)

    @property
    def share_answered(self):
        return self._share(self.comments_answered, self.comments_published)

    @property
    def commitments_due(self):
        """Commitments whose outcome is due: done (on time or late) or overdue."""
        return self.commitments_done_on_time + self.commitments_done_late + self.commitments_overdue

    @property
    def share_commitments_on_time(self):
        return self._share(self.commitments_done_on_time, self.commitments_due)

    @property
    def is_empty(self):
        """No record at all counts here (every figure is 0 or None)."""
        return not any(
            (
                self.documents_issued,
                self.consultations,
                self.comments_received,
                self.dialogues_held,
                self.commitments_made,
            )
        )


@dataclass(frozen=True)
class Scorecard:
    year: int
    province: Figures
    # Every agency that existed on a day of the year or is named on one of its records, by name.
    rows: list = field(default_factory=list)


# The figures that are plain counts of records (`_Ledger.count` names them), read off `Figures`.
COUNTED = [one.name for one in fields(Figures) if one.type is int and one.name != "year"]


def current_year():
    """The year it is now in Vietnam (the site's time zone, Asia/Ho_Chi_Minh)."""
    return timezone.localdate().year


# --- Tallying the records ---------------------------------------------------------------------


def _zeros(choices):
    return dict.fromkeys(choices.values, 0)


class _Tally:
    """The running counts of one agency (or the province) in one year."""

    def __init__(self):
        self.counts = Counter()
        self.window_days = []
        self.days_to_report = []
        self.not_published = Counter()
        self.outcomes = Counter()
        self.channels = Counter()

    def figures(self, year, agency_id):
        return Figures(
            year=year,
            agency_id=agency_id,
            **{name: self.counts[name] for name in COUNTED},
            median_window_days=_median(self.window_days),
            median_days_to_report=_median(self.days_to_report),
            comments_not_published={**_zeros(Comment.RejectionReason), **self.not_published},
            outcomes={**_zeros(Comment.Outcome), **self.outcomes},
            comments_by_channel={**_zeros(Comment.Channel), **self.channels},
        )


def _median(values):
    """The middle value; the mean of the two middle ones for an even count; None for none."""
    return float(statistics.median(values)) if values else None


class _Ledger:
    """Tallies by (year, agency id), the province's under agency id None. Each record is added
    once to the province and once to the agency it counts for (if it names one)."""

    def __init__(self):
        self.tallies = defaultdict(_Tally)

    def targets(self, year, agency_id):
        yield self.tallies[(year, None)]
        if agency_id is not None:
            yield self.tallies[(year, agency_id)]

    def count(self, year, agency_id, name, n=1):
        for tally in self.targets(year, agency_id):
            tally.counts[name] += n

    def figures(self, year, agency_id):
        tally = self.tallies.get((year, agency_id)) or _Tally()
        return tally.figures(year, agency_id)

    def agency_ids(self, year):
        return {agency_id for (y, agency_id) in self.tallies if y == year and agency_id is not None}

    def years(self):
        return {year for (year, _agency) in self.tallies}


def _year_bounds(first, last):
    """The first moment of `first` and of the year after `last`, in Vietnam."""
    start = timezone.make_aware(datetime.datetime(first, 1, 1))
    end = timezone.make_aware(datetime.datetime(last + 1, 1, 1))
    return start, end


def _days_in(zone):
    """`timezone.localdate` for `zone` (the site's: Vietnam), without looking the zone up again
    for each of thousands of records."""
    return lambda moment: moment.astimezone(zone).date()


def _public(queryset, hidden=None):
    """Live pages anyone may read; `hidden` is `private_q()` when already read."""
    return queryset.live().exclude(private_q() if hidden is None else hidden)


def _tally_records(ledger, now, first=None, last=None, agency=None):
    """Add to `ledger` every public record of the years `first` to `last` (all years when None),
    only those naming `agency` when given."""
    today = timezone.localdate(now)
    local_day = _days_in(timezone.get_current_timezone())
    rules = ConsultationSettings.load()
    if first is not None:
        start, end = _year_bounds(first, last)
        adopted_in = Q(adopted_on__gte=start.date(), adopted_on__lt=end.date())
        closed_in = Q(consultation_closes_at__gte=start, consultation_closes_at__lt=end)
        held_in = Q(held_at__gte=start, held_at__lt=end)
    else:
        adopted_in = Q(adopted_on__isnull=False)
        closed_in = Q(consultation_closes_at__isnull=False)
        held_in = Q()
    closed_in &= Q(consultation_closes_at__lte=now)
    held_in &= Q(held_at__lte=now)

    hidden = private_q()
    policies = _public(PolicyPage.objects.all(), hidden)
    dialogues = _public(DialoguePage.objects.filter(held_in), hidden)
    commitments = Commitment.objects.filter(dialogue__in=dialogues.values("pk"))
    if agency is not None:
        policies = policies.filter(Q(issuing_agency=agency) | Q(drafting_agency=agency))
        commitments = commitments.answerable_by(agency)
        dialogues = dialogues.filter(Q(agency=agency) | Q(pk__in=commitments.values("dialogue_id")))
    consulted = policies.filter(closed_in)

    _tally_documents(ledger, policies.filter(adopted_in))
    owners = _tally_consultations(ledger, consulted, rules, now, local_day)
    _tally_comments(ledger, consulted, owners)
    organisers = _tally_dialogues(ledger, dialogues, agency, local_day)
    _tally_commitments(ledger, commitments, organisers, today)


def _tally_documents(ledger, adopted):
    rows = adopted.values_list(
        "issuing_agency_id", "drafting_agency_id", "adopted_on", "consultation_opens_at", "consultation_closes_at"
    )
    for issuing, drafting, adopted_on, opens_at, closes_at in rows:
        agency_id = issuing or drafting
        ledger.count(adopted_on.year, agency_id, "documents_issued")
        consulted = bool(opens_at and closes_at)
        name = "adopted_after_consultation" if consulted else "adopted_without_consultation"
        ledger.count(adopted_on.year, agency_id, name)


def _tally_consultations(ledger, consulted, rules, now, local_day):
    """Each consultation closed, judged by `Consultation`; {page id: (year, agency id)}."""
    owners = {}
    rows = consulted.values_list(
        "pk",
        "issuing_agency_id",
        "drafting_agency_id",
        "consultation_opens_at",
        "consultation_closes_at",
        "short_window_reason",
        "withdrawn_on",
        "document_type__minimum_days",
        "response_report__published_at",
    )
    for pk, issuing, drafting, opens_at, closes_at, reason, withdrawn_on, type_minimum, published_at in rows:
        consultation = Consultation(
            opens_at=opens_at,
            closes_at=closes_at,
            response_published_at=published_at,
            response_limit_days=rules.response_limit_days,
            minimum_days=rules.minimum_days_for(SimpleNamespace(minimum_days=type_minimum)),
            short_window_reason=reason,
            withdrawn_on=withdrawn_on,
        )
        year = local_day(closes_at).year
        agency_id = drafting or issuing
        owners[pk] = (year, agency_id)
        ledger.count(year, agency_id, "consultations")
        for tally in ledger.targets(year, agency_id):
            tally.window_days.append(consultation.length_in_days)
        if consultation.is_shorter_than_minimum:
            ledger.count(year, agency_id, "short_windows")
            if reason.strip():
                ledger.count(year, agency_id, "short_windows_with_reason")
        _tally_report(ledger, year, agency_id, consultation, now, local_day)
    return owners


def _tally_report(ledger, year, agency_id, consultation, now, local_day):
    status = consultation.status_at(now)
    if status == Status.WITHDRAWN:
        return
    if status == Status.RESPONSE_PUBLISHED:
        ledger.count(year, agency_id, "reports_published")
        late = consultation.response_was_late
        ledger.count(year, agency_id, "reports_overdue" if late else "reports_on_time")
        days = (local_day(consultation.response_published_at) - local_day(consultation.closes_at)).days
        for tally in ledger.targets(year, agency_id):
            tally.days_to_report.append(days)
    elif status == Status.OVERDUE:
        ledger.count(year, agency_id, "reports_overdue")


def _tally_comments(ledger, consulted, owners):
    """Every comment on the drafts counted, grouped in the database by what the figures tell apart."""
    rows = (
        Comment.objects.filter(page__in=consulted.values("pk"))
        .values_list("page_id", "state", "rejection_reason", "response_outcome", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for page_id, state, reason, outcome, channel, n in rows:
        if page_id not in owners:
            continue
        year, agency_id = owners[page_id]
        ledger.count(year, agency_id, "comments_received", n)
        if state == Comment.State.REJECTED:
            for tally in ledger.targets(year, agency_id):
                tally.not_published[reason] += n
        if state != Comment.State.PUBLISHED:
            continue
        ledger.count(year, agency_id, "comments_published", n)
        for tally in ledger.targets(year, agency_id):
            tally.channels[channel] += n
        if outcome:
            ledger.count(year, agency_id, "comments_answered", n)
            for tally in ledger.targets(year, agency_id):
                tally.outcomes[outcome] += n


def _tally_dialogues(ledger, dialogues, agency, local_day):
    """Each dialogue held, with its questions before and during; {dialogue id: (year, organiser id)}."""
    organisers = {
        pk: (local_day(held_at).year, agency_id)
        for pk, agency_id, held_at in dialogues.values_list("pk", "agency_id", "held_at")
    }
    pks = dialogues.values("pk")
    during = DialogueQuestion.objects.filter(dialogue__in=pks).values_list("dialogue_id").annotate(n=Count("pk"))
    before = Comment.objects.published().filter(page__in=pks).values_list("page_id").annotate(n=Count("pk")).order_by()
    # A dialogue named only for a commitment of `agency` is not that agency's dialogue.
    counted = {pk: owner for pk, owner in organisers.items() if agency is None or owner[1] == agency.pk}
    for year, agency_id in counted.values():
        ledger.count(year, agency_id, "dialogues_held")
    for name, rows in (("questions_during", during), ("questions_before", before)):
        for dialogue_id, n in rows:
            if dialogue_id in counted:
                ledger.count(*counted[dialogue_id], name, n)
    return organisers


def _tally_commitments(ledger, commitments, organisers, today):
    rows = commitments.values_list("dialogue_id", "agency_id", "status", "deadline", "done_on")
    for dialogue_id, agency_id, status, deadline, done_on in rows:
        year, organiser_id = organisers[dialogue_id]
        agency_id = agency_id or organiser_id
        commitment = Commitment(status=status, deadline=deadline, done_on=done_on)
        ledger.count(year, agency_id, "commitments_made")
        if commitment.done_on_time:
            ledger.count(year, agency_id, "commitments_done_on_time")
        elif commitment.done_late:
            ledger.count(year, agency_id, "commitments_done_late")
        elif commitment.cannot_be_done:
            ledger.count(year, agency_id, "commitments_cannot_be_done")
        elif commitment.is_overdue_on(today):
            ledger.count(year, agency_id, "commitments_overdue")


# --- What the pages read ----------------------------------------------------------------------


def scorecard_for_year(year):
    """The province and every agency of `year` (see `Scorecard.rows`), in a fixed number of queries."""
    now = timezone.now()
    ledger = _Ledger()
    _tally_records(ledger, now, year, year)
    existed = Agency.objects.valid_during(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    agencies = (existed | Agency.objects.filter(pk__in=ledger.agency_ids(year))).order_by("name", "pk")
    return Scorecard(
        year=year,
        province=ledger.figures(year, None),
        rows=[(agency, ledger.figures(year, agency.pk)) for agency in agencies],
    )


def _history(ledger, agency_id):
    """One per year from the first with a record to this year (this year alone if none has)."""
    this_year = current_year()
    years = sorted(year for (year, key) in ledger.tallies if key == agency_id) or [this_year]
    return [ledger.figures(year, agency_id) for year in range(years[0], max(years[-1], this_year) + 1)]


def agency_history(agency):
    """The agency's figures, one per year, from the year of its first record to this year (this
    year alone, all zeros, for an agency with no record yet)."""
    ledger = _Ledger()
    _tally_records(ledger, timezone.now(), agency=agency)
    return _history(ledger, agency.pk)


def province_history():
    """The province's figures, one per year, from the year of the first record to this year."""
    ledger = _Ledger()
    _tally_records(ledger, timezone.now())
    return _history(ledger, None)


def scorecard_years():
    """The years with any record counted, newest first (three small queries on dates)."""
    now = timezone.now()
    hidden = private_q()
    policies = _public(PolicyPage.objects.all(), hidden)
    years = {day.year for day in policies.filter(adopted_on__isnull=False).dates("adopted_on", "year")}
    closed = policies.filter(consultation_closes_at__lte=now)
    years |= {moment.year for moment in closed.datetimes("consultation_closes_at", "year")}
    held = _public(DialoguePage.objects.filter(held_at__lte=now), hidden)
    years |= {moment.year for moment in held.datetimes("held_at", "year")}
    return sorted(years, reverse=True)
