import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from tests.consultations.factories import closed_window
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db


def test_home_lists_drafts_open_now_with_days_left(client, site_tree):
    now = timezone.now()
    # Closing at 23:59 local time twelve days from today: twelve days left whatever the hour now.
    closes_at = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=12), datetime.time(23, 59))
    )
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo về hiến đất làm đường",
        consultation_opens_at=now - datetime.timedelta(days=3),
        consultation_closes_at=closes_at,
    )
    PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo đã hết hạn góp ý", **closed_window(10))

    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "open-heading"})
    text = section.get_text(" ", strip=True)
    assert "Dự thảo về hiến đất làm đường" in text
    assert "còn 12 ngày" in text
    assert "Dự thảo đã hết hạn góp ý" not in text


def test_home_shows_latest_dialogues_and_stories(client, site_tree):
    DialoguePageFactory(parent=site_tree["dialogues"], title="Đối thoại với thanh niên về khởi nghiệp")
    ModelStoryPageFactory(parent=site_tree["stories"], title="Tổ công nghệ số cộng đồng")
    text = BeautifulSoup(client.get("/").content.decode(), "html.parser").get_text(" ", strip=True)
    assert "Đối thoại với thanh niên về khởi nghiệp" in text
    assert "Tổ công nghệ số cộng đồng" in text


def test_latest_documents_are_ordered_by_a_date_every_document_has(client, site_tree):
    """A draft has no date of issue yet; it is known by when it opened for comment, so it is not
    put before or after everything depending on the database (issue #10, item 19)."""
    now = timezone.now()
    PolicyPageFactory(parent=site_tree["policies"], title="Quyết định năm ngoái", issued_on=datetime.date(2025, 3, 1))
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo mở hôm qua",
        issued_on=None,
        consultation_opens_at=now - datetime.timedelta(days=1),
        consultation_closes_at=now + datetime.timedelta(days=40),
    )
    PolicyPageFactory(parent=site_tree["policies"], title="Chỉ thị năm 2019", issued_on=datetime.date(2019, 6, 1))
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo lấy ý kiến năm 2018",
        issued_on=None,
        consultation_opens_at=datetime.datetime(2018, 4, 2, 1, tzinfo=datetime.UTC),
        consultation_closes_at=datetime.datetime(2018, 5, 2, 1, tzinfo=datetime.UTC),
    )
    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "policies-heading"})
    assert [a.get_text(strip=True) for a in section.select(".card__title a")] == [
        "Dự thảo mở hôm qua",
        "Quyết định năm ngoái",
        "Chỉ thị năm 2019",
        "Dự thảo lấy ý kiến năm 2018",
    ]
