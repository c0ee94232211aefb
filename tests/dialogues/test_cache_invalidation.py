"""A commitment or its progress saved makes the dialogue's page, the tracker and the home page
fresh at once, and leaves other pages cached (core.pagecache)."""

import datetime

import pytest

from django.utils import timezone

from dialogues.models import Commitment, DialoguePage
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.pagecache import HIT, MISS, fetch, states, warm
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

PROGRESS = "/admin/snippets/dialogues/commitmentupdate/"


@pytest.fixture
def pages(site_tree):
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"], commitments=[commitment("Làm đường liên xã", deadline)]
    )
    other = DialoguePageFactory(parent=site_tree["dialogues"], commitments=[commitment("Lắp đèn", deadline)])
    story = ModelStoryPageFactory(parent=site_tree["stories"])
    tracker = CommitmentTrackerPageFactory(parent=site_tree["home"])
    return {
        "dialogue": dialogue,
        "changed": [dialogue.url, tracker.url, "/", site_tree["dialogues"].url],
        "untouched": [other.url, story.url],
    }


def test_a_commitment_status_saved_shows_at_once(page_cache, pages, django_capture_on_commit_callbacks):
    warm(*pages["changed"], *pages["untouched"])
    dialogue = DialoguePage.objects.get(pk=pages["dialogue"].pk)
    promise = dialogue.commitments.get()
    promise.status = Commitment.Status.IN_PROGRESS
    dialogue.commitments = [promise]
    with django_capture_on_commit_callbacks(execute=True):
        dialogue.save_revision().publish()
    assert states(*pages["changed"]) == [MISS] * len(pages["changed"])
    assert states(*pages["untouched"]) == [HIT, HIT]


def test_a_progress_update_added_in_the_admin_shows_at_once(
    page_cache, pages, client, moderator, django_capture_on_commit_callbacks
):
    warm(*pages["changed"], *pages["untouched"])
    promise = pages["dialogue"].commitments.get()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{PROGRESS}add/",
            {"commitment": promise.pk, "date": "2026-12-01", "text": "Đã xong nền đường", "evidence": ""},
        )
    assert response.status_code == 302
    state, response = fetch(pages["dialogue"].url)
    assert state == MISS
    assert "Đã xong nền đường" in response.content.decode()
    assert states(*pages["changed"][1:]) == [MISS] * (len(pages["changed"]) - 1)
    assert states(*pages["untouched"]) == [HIT, HIT]
