import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from consultations.models import Comment, ResponseReport
from tests.consultations.factories import CommentFactory, closed_window, open_window
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
    # The draft open now is listed with the open drafts, not a second time here.
    assert [a.get_text(strip=True) for a in section.select(".card__title a")] == [
        "Quyết định năm ngoái",
        "Chỉ thị năm 2019",
        "Dự thảo lấy ý kiến năm 2018",
    ]


def test_the_heading_says_what_the_page_is_for_not_the_site_name_again(client, site_tree):
    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    heading = html.find("h1").get_text(strip=True)
    assert heading and heading != html.select_one(".site-name").get_text(strip=True)
    home = site_tree["home"]
    home.heading = "Cùng góp ý chính sách của tỉnh"
    home.save_revision().publish()
    assert BeautifulSoup(client.get("/").content.decode(), "html.parser").find("h1").get_text(strip=True) == (
        "Cùng góp ý chính sách của tỉnh"
    )


def test_an_open_draft_is_listed_once_and_every_draft_is_dated(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo đang mở", issued_on=None, **open_window())
    closed = closed_window(10)
    PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo đã đóng", issued_on=None, **closed)
    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    titles = [a.get_text(strip=True) for a in html.select("main .card__title a")]
    assert titles.count("Dự thảo đang mở") == 1
    latest = html.find("section", attrs={"aria-labelledby": "policies-heading"})
    card = next(card for card in latest.select(".card") if "Dự thảo đã đóng" in card.get_text())
    closed_on = timezone.localtime(closed["consultation_closes_at"]).date()
    assert card.select_one(".card__meta time").get_text(strip=True) == closed_on.strftime("%d/%m/%Y")


def test_recent_response_reports_link_to_the_report_with_its_date_and_answers(client, site_tree):
    draft = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo giá dịch vụ chợ", **closed_window(30))
    CommentFactory.create_batch(3, page=draft, response_outcome="accepted", response_text="Tiếp thu.")
    CommentFactory(page=draft, state=Comment.State.REJECTED, rejection_reason="spam")
    published = datetime.datetime(2026, 1, 15, 20, tzinfo=datetime.UTC)  # 16/01 in Hà Tĩnh
    ResponseReport.objects.create(page=draft, published_at=published)
    PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo chưa có báo cáo", **closed_window(3))

    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "reports-heading"})
    cards = section.select(".card")
    assert [card.select_one(".card__title a").get_text(strip=True) for card in cards] == ["Dự thảo giá dịch vụ chợ"]
    assert cards[0].select_one(".card__title a")["href"] == draft.url + "bao-cao/"
    assert cards[0].select_one("time").get_text() == "16/01/2026"
    assert " 3 " in f" {cards[0].select_one('.card__meta').get_text(' ', strip=True)} "
    assert client.get(draft.url + "bao-cao/").status_code == 200
