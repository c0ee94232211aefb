"""A dialogue page and the commitment tracker cost the same number of queries however many
commitments there are (issue 13; what is warm when counting: tests/query_counts.py)."""

import datetime

import pytest

from django.utils import timezone

from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def commitments(n):
    today = timezone.localdate()
    return [commitment(f"Cam kết {i}", today + (i - n // 2) * DAY) for i in range(n)]


def test_a_dialogue_page_does_not_grow_with_its_commitments(client, site_tree):
    few = DialoguePageFactory(parent=site_tree["dialogues"], commitments=commitments(2))
    many = DialoguePageFactory(parent=site_tree["dialogues"], commitments=commitments(20))
    assert len(queries_for(client, many.url)) == len(queries_for(client, few.url))


def test_the_tracker_and_the_dialogues_do_not_grow_with_the_commitments(client, site_tree):
    tracker = CommitmentTrackerPageFactory(parent=site_tree["home"])
    DialoguePageFactory(parent=site_tree["dialogues"], commitments=commitments(3))
    first = len(queries_for(client, tracker.url))
    index_first = len(queries_for(client, site_tree["dialogues"].url))
    for _ in range(3):
        DialoguePageFactory(parent=site_tree["dialogues"], commitments=commitments(10))
    assert len(queries_for(client, tracker.url)) == first
    assert len(queries_for(client, site_tree["dialogues"].url)) == index_first
