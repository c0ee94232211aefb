"""A consultation's status at the boundaries of its window, computed in one place, and the
register's database filter held to the same answers."""

import datetime

import pytest

from django.utils import timezone, translation

from consultations.models import ResponseReport
from consultations.status import Consultation, Status, report_timeliness_filter, status_filter
from policies.models import PolicyPage
from tests.policies.factories import PolicyPageFactory

OPENS = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Hà Tĩnh
CLOSES = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)  # 17:00 in Hà Tĩnh
LIMIT = 30
DUE = CLOSES + datetime.timedelta(days=LIMIT)
SECOND = datetime.timedelta(seconds=1)


def window(**kwargs):
    return Consultation(opens_at=OPENS, closes_at=CLOSES, response_limit_days=LIMIT, **kwargs)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (OPENS - SECOND, Status.UPCOMING),
        (OPENS, Status.OPEN),
        (CLOSES - SECOND, Status.OPEN),
        (CLOSES, Status.AWAITING_RESPONSE),
        (DUE - SECOND, Status.AWAITING_RESPONSE),
        (DUE, Status.OVERDUE),
    ],
)
def test_status_changes_exactly_at_each_boundary(moment, status):
    assert window().status_at(moment) == status


def test_a_published_response_ends_the_wait_from_the_moment_it_is_published():
    published = CLOSES + datetime.timedelta(days=10)
    consultation = window(response_published_at=published)
    assert consultation.status_at(published - SECOND) == Status.AWAITING_RESPONSE
    assert consultation.status_at(published) == Status.RESPONSE_PUBLISHED
    assert consultation.status_at(DUE + datetime.timedelta(days=100)) == Status.RESPONSE_PUBLISHED
    assert not consultation.response_was_late


def test_a_response_after_the_limit_was_late():
    assert window(response_published_at=DUE + SECOND).response_was_late
    assert not window(response_published_at=DUE).response_was_late


def test_days_left_counts_calendar_days_in_vietnam():
    consultation = window()
    # 23:30 on 30/11 in Hà Tĩnh is still 16:30 UTC: two calendar days before the 02/12 close.
    assert consultation.days_left_at(datetime.datetime(2026, 11, 30, 16, 30, tzinfo=datetime.UTC)) == 2
    # Half an hour later it is 01/12 in Hà Tĩnh: one day left.
    assert consultation.days_left_at(datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.UTC)) == 1
    assert consultation.days_left_at(CLOSES - SECOND) == 0
    assert consultation.days_left_at(CLOSES) == 0
    assert consultation.days_left_at(OPENS - SECOND) == 0


def test_the_window_has_closed_from_its_closing_moment_withdrawn_or_not():
    now = timezone.now()
    opens = now - datetime.timedelta(days=10)
    assert not Consultation(opens_at=opens, closes_at=now + datetime.timedelta(minutes=1)).has_closed
    assert Consultation(opens_at=opens, closes_at=now - SECOND).has_closed
    # Withdrawn while open: no longer open, but its window has not closed (no report yet).
    withdrawn = Consultation(
        opens_at=opens, closes_at=now + datetime.timedelta(days=5), withdrawn_on=timezone.localdate(now)
    )
    assert withdrawn.status == Status.WITHDRAWN
    assert not withdrawn.has_closed


def test_a_withdrawn_draft_is_withdrawn_from_that_day_whatever_stage_it_had_reached():
    """Issue #10, item 1: withdrawn is a status of its own, computed by the one rule."""
    withdrawn_on = datetime.date(2026, 11, 20)  # while it was open
    consultation = window(withdrawn_on=withdrawn_on)
    # 23:59 on 19/11 in Hà Tĩnh: still open; 00:00 on 20/11 there: withdrawn.
    assert consultation.status_at(datetime.datetime(2026, 11, 19, 16, 59, tzinfo=datetime.UTC)) == Status.OPEN
    assert consultation.status_at(datetime.datetime(2026, 11, 19, 17, 0, tzinfo=datetime.UTC)) == Status.WITHDRAWN
    assert consultation.status_at(DUE + SECOND) == Status.WITHDRAWN
    assert not consultation.is_open or consultation.status != Status.OPEN


def test_a_window_shorter_than_the_minimum_is_flagged():
    assert window(minimum_days=30).length_in_days == 31
    assert not window(minimum_days=31).is_shorter_than_minimum
    assert window(minimum_days=32).is_shorter_than_minimum


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [OPENS - SECOND, OPENS, CLOSES - SECOND, CLOSES, DUE - SECOND, DUE, CLOSES + datetime.timedelta(days=3)],
)
def test_the_database_filter_agrees_with_the_rule(site_tree, moment):
    answered = PolicyPageFactory(
        parent=site_tree["policies"], consultation_opens_at=OPENS, consultation_closes_at=CLOSES
    )
    ResponseReport.objects.create(page=answered, published_at=CLOSES + datetime.timedelta(days=2))
    silent = PolicyPageFactory(parent=site_tree["policies"], consultation_opens_at=OPENS, consultation_closes_at=CLOSES)
    withdrawn = PolicyPageFactory(
        parent=site_tree["policies"],
        consultation_opens_at=OPENS,
        consultation_closes_at=CLOSES,
        withdrawn_on=datetime.date(2026, 11, 20),
    )
    for policy in (answered, silent, withdrawn):
        policy = PolicyPage.objects.get(pk=policy.pk)
        expected = policy.consultation_for(policy.consultation_rules()).status_at(moment)
        matching = {
            status
            for status in Status.values
            if PolicyPage.objects.filter(status_filter(status, moment, LIMIT), pk=policy.pk).exists()
        }
        assert matching == {expected}


@pytest.mark.django_db
def test_reports_on_time_and_late_in_the_database_agree_with_the_rule(site_tree):
    """The register's "report on time" / "late or overdue" (the scorecard's links) against
    Consultation.response_was_late: a report on the last allowed second is on time, one a second
    later is late (Consultation.response_was_late), a missing one past its due moment is late
    (Status.OVERDUE), a withdrawn or open one is neither."""

    def draft(published=None, **fields):
        fields = {"consultation_opens_at": OPENS, "consultation_closes_at": CLOSES, **fields}
        policy = PolicyPageFactory(parent=site_tree["policies"], **fields)
        if published is not None:
            ResponseReport.objects.create(page=policy, published_at=published)
        return policy

    moment = DUE + datetime.timedelta(days=5)
    expected = {
        draft(published=DUE).pk: "on time",
        draft(published=DUE + SECOND).pk: "late",
        draft().pk: "late",
        draft(withdrawn_on=datetime.date(2026, 11, 20)).pk: None,
        draft(consultation_closes_at=moment + SECOND).pk: None,
    }
    on_time = set(
        PolicyPage.objects.filter(report_timeliness_filter(False, moment, LIMIT)).values_list("pk", flat=True)
    )
    late = set(PolicyPage.objects.filter(report_timeliness_filter(True, moment, LIMIT)).values_list("pk", flat=True))
    assert on_time == {pk for pk, verdict in expected.items() if verdict == "on time"}
    assert late == {pk for pk, verdict in expected.items() if verdict == "late"}


def test_the_register_sums_up_the_response_in_a_few_words():
    now, day = timezone.now(), datetime.timedelta(days=1)

    def summary(opens, closes, published=None, withdrawn=None):
        result = Consultation(
            opens_at=now + opens * day,
            closes_at=now + closes * day,
            response_published_at=None if published is None else now + published * day,
            response_limit_days=30,
            withdrawn_on=None if withdrawn is None else timezone.localdate(now + withdrawn * day),
        ).response_summary
        return str(result.label), result.published_at, result.overdue

    with translation.override("en"):
        assert summary(1, 31) == ("upcoming", None, False)
        assert summary(-1, 29) == ("open for comment", None, False)
        assert summary(-31, -1) == ("awaiting", None, False)
        assert summary(-61, -31) == ("overdue", None, True)
        assert summary(-61, -40, published=-20) == ("published on time", now - 20 * day, False)
        assert summary(-61, -40, published=-5) == ("published late", now - 5 * day, False)
        assert summary(-1, 29, withdrawn=0) == ("withdrawn", None, False)
