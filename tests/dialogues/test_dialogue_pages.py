import datetime

import pytest
from bs4 import BeautifulSoup

from dialogues.models import DialogueQuestion
from tests.consultations.factories import closed_window, open_window
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_dialogue_page_shows_when_where_and_conclusions(client, site_tree):
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"], title="Đối thoại về giá đất bồi thường")
    html = BeautifulSoup(client.get(dialogue.url).content.decode(), "html.parser")
    text = html.get_text(" ", strip=True)
    assert "20/09/2024" in text  # 08:00 in Hà Tĩnh, 01:00 UTC
    assert "08:00" in text
    assert "Hội trường Ủy ban nhân dân xã Thạch Hà" in text
    assert (
        "Chi trả dứt điểm tiền bồi thường"
        in html.find("section", attrs={"aria-labelledby": "conclusions-heading"}).get_text()
    )


def test_consultation_index_separates_open_and_closed(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Đang mở", **open_window())
    PolicyPageFactory(parent=site_tree["policies"], title="Đã đóng", **closed_window())
    html = BeautifulSoup(client.get("/lay-y-kien/").content.decode(), "html.parser")

    def titles(section_id):
        section = html.find("section", attrs={"aria-labelledby": section_id})
        return [h.get_text(strip=True) for h in section.select(".card__title")]

    assert titles("open-heading") == ["Đang mở"]
    assert titles("closed-heading") == ["Đã đóng"]


def test_a_dialogue_held_at_district_level_before_2025_says_so(client, site_tree):
    """Districts existed until 1 July 2025; a 2024 district dialogue is not a commune's (item 20)."""
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"], level="district")
    html = BeautifulSoup(client.get(dialogue.url).content.decode(), "html.parser")
    facts = dict(
        zip(
            [dt.get_text(strip=True) for dt in html.select("dl.facts dt")],
            [dd.get_text(strip=True) for dd in html.select("dl.facts dd")],
            strict=True,
        )
    )
    assert facts["Cấp"] == "Huyện"


def test_a_dialogue_page_shows_questions_and_answers_masked(client, site_tree):
    """Phone numbers in questions and answers typed by editors are hidden like a citizen's (item 5)."""
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        questions=[
            DialogueQuestion(
                display_name="Bà Hoa 0912345678",
                show_name=True,
                question="Tôi gọi 0912 345 678 mãi không ai nghe.",
                answer="Cán bộ sẽ gọi lại bà; đường dây nóng (0239) 3.691.234.",
            )
        ],
    )
    html = BeautifulSoup(client.get(dialogue.url).content.decode(), "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "questions-heading"})
    assert section.find("bdi").get_text() == "Bà Hoa [đã ẩn]"
    text = section.get_text(" ", strip=True)
    assert text.count("[đã ẩn]") == 3
    assert "345 678" not in text and "0912345678" not in text and "691.234" not in text


def test_the_dialogue_list_filters_by_organising_agency_and_year(client, site_tree):
    building, finance = AgencyFactory(name="Sở Xây dựng"), AgencyFactory(name="Sở Tài chính")
    held = lambda year: datetime.datetime(year, 5, 12, 1, tzinfo=datetime.UTC)  # noqa: E731
    DialoguePageFactory(
        parent=site_tree["dialogues"], title="Đối thoại đất đai 2025", agency=building, held_at=held(2025)
    )
    DialoguePageFactory(
        parent=site_tree["dialogues"], title="Đối thoại đất đai 2026", agency=building, held_at=held(2026)
    )
    DialoguePageFactory(
        parent=site_tree["dialogues"], title="Đối thoại về phí 2025", agency=finance, held_at=held(2025)
    )
    url = site_tree["dialogues"].url

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        html = BeautifulSoup(response.content.decode(), "html.parser")
        return sorted(h.get_text(strip=True) for h in html.select(".card-list h2")), html

    found, html = titles(agency=building.pk, year=2025)
    assert found == ["Đối thoại đất đai 2025"]
    assert "1 cuộc đối thoại" in html.get_text()
    assert html.select_one("details.filter-panel").has_attr("open")
    assert titles(year=2025)[0] == ["Đối thoại về phí 2025", "Đối thoại đất đai 2025"]
    # A year that is not one is left out, as on the other lists; the rest still applies.
    assert titles(agency=finance.pk, year="20x5")[0] == ["Đối thoại về phí 2025"]
    assert "Không có cuộc đối thoại nào phù hợp" in titles(agency=finance.pk, year=2026)[1].get_text()
