"""Dialogues and commitments in the API: what the dialogue's page shows, and commitments with
their progress, filterable; nothing of an unpublished dialogue, no one's name without consent."""

import datetime

import pytest

from django.utils import timezone

from dialogues.commitments import Commitment, CommitmentUpdate
from dialogues.models import DialogueQuestion
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.taxonomy.factories import AgencyFactory, AreaFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue(site_tree):
    today = timezone.localdate()
    agency = AgencyFactory(name="Ủy ban nhân dân xã Thạch Hà")
    page = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về bồi thường giải phóng mặt bằng",
        agency=agency,
        commitments=[
            commitment("Chi trả tiền bồi thường", today - datetime.timedelta(days=5)),
            commitment("Lắp đèn đường", today + datetime.timedelta(days=30), status=Commitment.Status.DONE),
        ],
    )
    page.areas.add(AreaFactory(name="Xã Thạch Hà"))
    page.sectors.add(SectorFactory(name="Đất đai"))
    page.save_revision().publish()
    DialogueQuestion.objects.create(
        dialogue=page, display_name="Hoàng Văn Nam", show_name=False, question="Khi nào trả tiền? Gọi 0987654321."
    )
    return page


def test_a_dialogue_in_the_api_says_what_its_page_shows(client, dialogue):
    item = client.get(f"/api/v2/pages/{dialogue.pk}/").json()
    assert item["place"] == "Hội trường Ủy ban nhân dân xã Thạch Hà"
    assert item["agency"] == "Ủy ban nhân dân xã Thạch Hà"
    assert item["areas"] == ["Xã Thạch Hà"]
    assert item["sectors"] == ["Đất đai"]
    assert "31/12/2024" in item["conclusions"]
    assert item["held_at"].startswith("2024-09-20")
    assert item["commitments_summary"] == {
        "total": 2,
        "done": 1,
        "done_on_time": 1,
        "in_progress": 0,
        "not_started": 1,
        "cannot_be_done": 0,
        "overdue": 1,
    }
    texts = [c["commitment"] for c in item["commitments"]]
    assert texts == ["Chi trả tiền bồi thường", "Lắp đèn đường"]
    (question,) = item["questions"]
    assert question["asked_by"] == "Người dân"
    assert "0987654321" not in question["question"] and "[đã ẩn]" in question["question"]
    assert "Hoàng Văn Nam" not in str(item)


def test_commitments_come_with_their_progress(client, dialogue):
    late = dialogue.commitments.get(text="Chi trả tiền bồi thường")
    CommitmentUpdate.objects.create(commitment=late, date=timezone.localdate(), text="Đã chi trả 80% số hộ.")
    items = client.get("/api/v2/commitments/").json()["items"]
    assert [item["commitment"] for item in items] == ["Chi trả tiền bồi thường", "Lắp đèn đường"]
    first = items[0]
    assert first["overdue"] is True
    assert first["agency"] == ""
    assert first["dialogue"]["id"] == dialogue.pk
    assert first["progress"] == [
        {"date": timezone.localdate().isoformat(), "text": "Đã chi trả 80% số hộ.", "evidence_url": ""}
    ]


def test_commitments_filter_by_dialogue_agency_status_and_dates(client, dialogue, site_tree):
    today = timezone.localdate()
    agency = AgencyFactory(name="Sở Giao thông vận tải")
    other = DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[commitment("Sửa cầu", today + datetime.timedelta(days=90), agency=agency)],
    )
    bridge = other.commitments.get()
    CommitmentUpdate.objects.create(commitment=bridge, date=today - datetime.timedelta(days=40), text="Đã khảo sát.")

    def texts(**params):
        response = client.get("/api/v2/commitments/", params)
        assert response.status_code == 200, response.content[:300]
        return [item["commitment"] for item in response.json()["items"]]

    assert texts(dialogue=other.pk) == ["Sửa cầu"]
    assert texts(agency=agency.pk) == ["Sửa cầu"]
    # The dialogue's organising agency finds the commitments made at its dialogue.
    assert texts(agency=dialogue.agency_id) == ["Chi trả tiền bồi thường", "Lắp đèn đường"]
    assert texts(status="overdue") == ["Chi trả tiền bồi thường"]
    assert texts(status="done") == ["Lắp đèn đường"]
    assert texts(deadline_from=(today + datetime.timedelta(days=60)).isoformat()) == ["Sửa cầu"]
    assert texts(deadline_to=today.isoformat()) == ["Chi trả tiền bồi thường"]
    month_ago = (today - datetime.timedelta(days=30)).isoformat()
    assert texts(updated_from=(today - datetime.timedelta(days=45)).isoformat(), updated_to=month_ago) == ["Sửa cầu"]
    assert texts(updated_to=month_ago) == ["Sửa cầu"]
    assert client.get("/api/v2/commitments/", {"status": "lost"}).status_code == 400


def test_commitments_of_an_unpublished_dialogue_are_not_in_the_api(client, dialogue):
    dialogue.unpublish()
    assert client.get("/api/v2/commitments/").json()["items"] == []
    assert client.get(f"/api/v2/pages/{dialogue.pk}/").status_code == 404
