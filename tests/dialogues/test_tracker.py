import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.taxonomy.factories import AgencyFactory, AreaFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def tracker(site_tree):
    today = timezone.localdate()
    finance, construction = AgencyFactory(name="Sở Tài chính"), AgencyFactory(name="Sở Xây dựng")
    ward = AreaFactory(name="Phường Vũng Áng")
    older = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại năm 2024",
        held_at=datetime.datetime(2024, 9, 20, 1, tzinfo=datetime.UTC),
        commitments=[
            commitment("Chi trả bồi thường", today - 30 * DAY, status="done", agency=finance),
            commitment("Tái định cư", today - 5 * DAY, status="in_progress", agency=construction),
        ],
    )
    newer = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại năm 2026",
        held_at=datetime.datetime(2026, 5, 12, 1, tzinfo=datetime.UTC),
        commitments=[
            commitment("Phun sương", today + 20 * DAY, agency=construction),
            commitment("Quan trắc", today - 2 * DAY, agency=finance),
        ],
    )
    newer.areas = [ward]
    newer.save_revision().publish()
    page = CommitmentTrackerPageFactory(parent=site_tree["home"])
    return {"page": page, "finance": finance, "construction": construction, "ward": ward, "older": older}


def texts(response):
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return [th.get_text(strip=True) for th in html.select("table.tracker tbody th")]


def test_tracker_lists_all_commitments_by_deadline_with_links_to_their_dialogue(client, tracker):
    response = client.get(tracker["page"].url)
    assert texts(response) == ["Chi trả bồi thường", "Tái định cư", "Quan trắc", "Phun sương"]
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.select("tbody tr")[0].find("a")["href"].startswith(tracker["older"].url + "#cam-ket-")
    assert texts(client.get(tracker["page"].url, {"order": "-deadline"}))[0] == "Phun sương"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "overdue"}, ["Tái định cư", "Quan trắc"]),
        ({"status": "done"}, ["Chi trả bồi thường"]),
        ({"year": "2024"}, ["Chi trả bồi thường", "Tái định cư"]),
    ],
)
def test_tracker_filters(client, tracker, query, expected):
    assert texts(client.get(tracker["page"].url, query)) == expected


def test_tracker_filters_by_agency_and_area(client, tracker):
    url = tracker["page"].url
    assert texts(client.get(url, {"agency": tracker["finance"].pk, "status": "overdue"})) == ["Quan trắc"]
    assert texts(client.get(url, {"area": tracker["ward"].pk})) == ["Quan trắc", "Phun sương"]


def test_tracker_shows_each_agencys_on_time_share(client, tracker):
    html = BeautifulSoup(client.get(tracker["page"].url).content.decode(), "html.parser")
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        for tr in html.select("#shares-heading ~ table tbody tr")
    ]
    assert sorted(rows) == [["Sở Tài chính", "2", "0", "0%"], ["Sở Xây dựng", "1", "0", "0%"]]


def test_tracker_exports_csv_and_json_with_the_same_filters(client, tracker):
    response = client.get(tracker["page"].url, {"status": "overdue", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["commitment"], r["overdue"]) for r in rows] == [("Tái định cư", "yes"), ("Quan trắc", "yes")]
    data = json.loads(client.get(tracker["page"].url, {"format": "json", "agency": tracker["construction"].pk}).content)
    assert data["count"] == 2
    assert {c["commitment"] for c in data["commitments"]} == {"Tái định cư", "Phun sương"}
    assert set(data["commitments"][0]) == {
        "commitment",
        "agency",
        "deadline",
        "status",
        "overdue",
        "done_on",
        "dialogue",
        "dialogue_date",
        "url",
    }


def test_home_shows_commitments_overdue_and_due_soon(client, tracker):
    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "commitments-heading"}).get_text(" ", strip=True)
    assert "Tái định cư" in section and "Quan trắc" in section and "Phun sương" in section
    assert "Chi trả bồi thường" not in section


def test_the_agencies_shares_follow_the_filters_in_use(client, tracker):
    """Filtered to 2024, the on-time table counts only 2024's commitments (issue #10, item 17)."""
    html = BeautifulSoup(client.get(tracker["page"].url, {"year": "2024"}).content.decode(), "html.parser")
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        for tr in html.select("#shares-heading ~ table tbody tr")
    ]
    assert sorted(rows) == [["Sở Tài chính", "1", "0", "0%"], ["Sở Xây dựng", "1", "0", "0%"]]


def test_a_commitment_that_cannot_be_done_is_not_overdue(client, site_tree):
    """Declared impossible, with its reason: not listed as overdue anywhere (issue #10, item 18)."""
    today = timezone.localdate()
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[
            commitment("Xây cầu treo", today - 10 * DAY, status="cannot_be_done", reason="Không có vốn"),
            commitment("Nạo vét kênh", today - 10 * DAY, status="in_progress"),
        ],
    )
    page = CommitmentTrackerPageFactory(parent=site_tree["home"])
    assert texts(client.get(page.url, {"status": "overdue"})) == ["Nạo vét kênh"]
    rows = {
        r["commitment"]: r["overdue"]
        for r in csv.DictReader(io.StringIO(client.get(page.url, {"format": "csv"}).content.decode("utf-8-sig")))
    }
    assert rows == {"Xây cầu treo": "no", "Nạo vét kênh": "yes"}
    home = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    overdue = home.find("section", attrs={"aria-labelledby": "commitments-heading"}).get_text(" ", strip=True)
    assert "Nạo vét kênh" in overdue and "Xây cầu treo" not in overdue


def test_a_commitment_naming_no_agency_is_its_organisers(client, tracker, site_tree):
    """As the scorecard counts it: listed under the organising agency, said so in its row, and in
    that agency's on-time share."""
    today = timezone.localdate()
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về nước sạch",
        agency=tracker["finance"],
        held_at=datetime.datetime(2026, 6, 1, 1, tzinfo=datetime.UTC),
        commitments=[commitment("Lắp đường ống nước", today + 3 * DAY, status="done")],
    )
    url = tracker["page"].url
    assert texts(client.get(url, {"agency": tracker["finance"].pk})) == [
        "Chi trả bồi thường",
        "Quan trắc",
        "Lắp đường ống nước",
    ]
    assert "Lắp đường ống nước" not in texts(client.get(url, {"agency": tracker["construction"].pk}))
    html = BeautifulSoup(client.get(url, {"agency": tracker["finance"].pk}).content.decode(), "html.parser")
    row = next(tr for tr in html.select("table.tracker tbody tr") if "Lắp đường ống nước" in tr.get_text())
    assert "Sở Tài chính (đơn vị tổ chức đối thoại)" in " ".join(row.find_all("td")[0].get_text().split())
    shares = {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in html.select("#shares-heading ~ table tbody tr")
    }
    assert shares["Sở Tài chính"] == ["3", "1", "33%"]
