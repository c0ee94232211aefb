"""Commitments: overdue computed at its boundary, status changes dated, on-time share from records."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from dialogues.commitments import CommitmentStatusChange, on_time_share_by_agency
from dialogues.models import Commitment, DialoguePage
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_overdue_is_deadline_passed_and_neither_done_nor_impossible():
    today = datetime.date(2026, 11, 26)
    assert commitment("a", today - DAY).is_overdue_on(today)
    assert not commitment("a", today).is_overdue_on(today)
    assert not commitment("a", today - DAY, status="done").is_overdue_on(today)
    assert commitment("a", today - DAY, status="in_progress").is_overdue_on(today)
    # Declared impossible with a reason: no longer awaited, so not overdue (issue #10, item 18).
    assert not commitment("a", today - DAY, status="cannot_be_done", reason="x").is_overdue_on(today)


def test_the_database_agrees_on_what_is_overdue(site_tree):
    today = timezone.localdate()
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[
            commitment("quá hạn", today - DAY),
            commitment("hôm nay", today),
            commitment("xong muộn", today - DAY, status="done"),
            commitment("không làm được", today - DAY, status="cannot_be_done", reason="Không có vốn"),
        ],
    )
    overdue = Commitment.objects.overdue_on(today)
    assert [c.text for c in overdue] == ["quá hạn"]
    assert all(c.is_overdue_on(today) == (c in overdue) for c in Commitment.objects.all())


def test_status_changes_are_recorded_with_their_date(site_tree):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"], commitments=[commitment("Lắp phun sương", timezone.localdate() + 10 * DAY)]
    )
    dialogue = DialoguePage.objects.get(pk=dialogue.pk)
    promise = dialogue.commitments.get()
    promise.status = Commitment.Status.IN_PROGRESS
    dialogue.commitments = [promise]
    dialogue.save_revision().publish()
    dialogue = DialoguePage.objects.get(pk=dialogue.pk)
    promise = dialogue.commitments.get()
    promise.status = Commitment.Status.DONE
    dialogue.commitments = [promise]
    dialogue.save_revision().publish()

    promise = Commitment.objects.get()
    history = list(CommitmentStatusChange.objects.filter(commitment=promise).values_list("status", "changed_on"))
    today = timezone.localdate()
    assert history == [("not_started", today), ("in_progress", today), ("done", today)]
    assert promise.done_on == today and promise.done_on_time


def test_on_time_share_per_agency_is_computed_from_records(site_tree):
    today = datetime.date(2026, 11, 26)
    quick, slow = AgencyFactory(name="Sở Tài chính"), AgencyFactory(name="Sở Xây dựng")
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[
            commitment("đúng hạn", today - 10 * DAY, status="done", agency=quick),
            commitment("chưa đến hạn", today + 10 * DAY, agency=quick),
            commitment("muộn", today - 10 * DAY, status="done", agency=slow),
            commitment("quá hạn", today - DAY, agency=slow),
        ],
    )
    Commitment.objects.filter(text="đúng hạn").update(done_on=today - 12 * DAY)
    Commitment.objects.filter(text="muộn").update(done_on=today - 2 * DAY)
    assert on_time_share_by_agency(Commitment.objects.all(), today) == [
        ("Sở Tài chính", 1, 1, 100),
        ("Sở Xây dựng", 2, 0, 0),
    ]


def test_a_commitment_that_cannot_be_done_needs_a_reason():
    with pytest.raises(ValidationError):
        commitment("x", datetime.date(2026, 1, 1), status="cannot_be_done").clean()
