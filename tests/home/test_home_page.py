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
