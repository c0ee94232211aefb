import pytest
from bs4 import BeautifulSoup

from tests.consultations.factories import ConsultationFactory, DialoguePageFactory
from tests.policies.factories import PolicyPageFactory

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
    import datetime

    from django.utils import timezone

    now = timezone.now()
    ConsultationFactory(
        policy=PolicyPageFactory(parent=site_tree["policies"], title="Đang mở"),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=5),
    )
    ConsultationFactory(
        policy=PolicyPageFactory(parent=site_tree["policies"], title="Đã đóng"),
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    html = BeautifulSoup(client.get("/lay-y-kien/").content.decode(), "html.parser")
    open_titles = [
        h.get_text(strip=True)
        for h in html.find("section", attrs={"aria-labelledby": "open-heading"}).select(".card__title")
    ]
    closed_titles = [
        h.get_text(strip=True)
        for h in html.find("section", attrs={"aria-labelledby": "closed-heading"}).select(".card__title")
    ]
    assert open_titles == ["Đang mở"]
    assert closed_titles == ["Đã đóng"]
