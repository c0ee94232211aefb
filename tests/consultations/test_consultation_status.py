"""A consultation's status at the boundaries of its window, computed in one place."""

import datetime

import pytest

from consultations.models import Consultation

OPENS = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Hà Tĩnh
CLOSES = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)  # 17:00 in Hà Tĩnh
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def consultation():
    return Consultation(opens_at=OPENS, closes_at=CLOSES)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (OPENS - SECOND, Consultation.Status.UPCOMING),
        (OPENS, Consultation.Status.OPEN),
        (CLOSES - SECOND, Consultation.Status.OPEN),
        (CLOSES, Consultation.Status.CLOSED),
    ],
)
def test_status_changes_exactly_at_opening_and_closing_time(consultation, moment, status):
    assert consultation.status_at(moment) == status


def test_days_left_counts_calendar_days_in_vietnam(consultation):
    # 23:30 on 30/11 in Hà Tĩnh is still 16:30 UTC: two calendar days before the 02/12 close.
    assert consultation.days_left_at(datetime.datetime(2026, 11, 30, 16, 30, tzinfo=datetime.UTC)) == 2
    # Half an hour later it is 01/12 in Hà Tĩnh: one day left.
    assert consultation.days_left_at(datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.UTC)) == 1
    assert consultation.days_left_at(CLOSES - SECOND) == 0
    assert consultation.days_left_at(CLOSES) == 0
    assert consultation.days_left_at(OPENS - SECOND) == 0


def test_a_window_that_closes_before_it_opens_is_refused(consultation):
    from django.core.exceptions import ValidationError

    consultation.closes_at = OPENS
    with pytest.raises(ValidationError) as error:
        consultation.clean()
    assert "closes_at" in error.value.message_dict
