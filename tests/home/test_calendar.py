"""The calendar of consultations and dialogues (`/lich.ics`, home.calendar), read as a calendar
app reads it: parsed by the `icalendar` library. It lists the demo's open and coming drafts and
dialogues on their days in Asia/Ho_Chi_Minh, narrows to a sector, area or agency, leaves out
what is not public, names no one's contact details, and is refreshed when a page is published."""

import datetime
import re
import zoneinfo

import icalendar
import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

from dialogues.models import DialoguePage
from policies.models import PolicyPage
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.dialogues.factories import DialoguePageFactory
from tests.pagecache import HIT, MISS, fetch, warm
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, SectorFactory

pytestmark = pytest.mark.django_db

HO_CHI_MINH = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.timedelta(days=1)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Vietnamese phone numbers as people write them: 0912345678, 0912 345 678, 0239 3855 000, +84…
PHONE = re.compile(r"(?:\+84|\b0)(?:[ .]?\d){8,10}\b")


def read_calendar(client, url="/lich.ics"):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def day_of(event, name="DTSTART"):
    """The (Asia/Ho_Chi_Minh) day and month an event starts, as the site writes them: dd/mm."""
    value = event.decoded(name)
    if isinstance(value, datetime.datetime):
        value = value.astimezone(HO_CHI_MINH)
    return value.strftime("%d/%m")


def ddmm(day):
    return day.strftime("%d/%m")


@pytest.fixture
def demo(root_page):
    call_command("load_demo")


def test_the_demo_calendar_lists_its_open_and_coming_drafts_and_dialogues_on_their_days(client, demo):
    response, calendar = read_calendar(client)
    today = timezone.localdate()
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Lấy ý kiến và đối thoại"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(hours=6)
    found = events(calendar)

    land = "Dự thảo Nghị quyết quy định chính sách hỗ trợ người dân hiến đất làm đường giao thông nông thôn"
    land += " trên địa bàn tỉnh Hà Tĩnh"
    opens, closes = found[f"Bắt đầu lấy ý kiến: {land}"], found[f"Ngày cuối góp ý, đến 17:00: {land}"]
    # All-day events on the first and the last day of the window (opened 10 days ago, closing in 20).
    assert (day_of(opens), day_of(closes)) == (ddmm(today - 10 * DAY), ddmm(today + 20 * DAY))
    assert not isinstance(opens.decoded("DTSTART"), datetime.datetime)
    assert day_of(closes, "DTEND") == ddmm(today + 21 * DAY)
    assert "đến 17:00 " + (today + 20 * DAY).strftime("%d/%m/%Y") in str(closes["DESCRIPTION"])

    coming = "Dự thảo Kế hoạch chuyển đổi số trong giải quyết thủ tục hành chính cấp xã năm 2027"
    assert day_of(found[f"Bắt đầu lấy ý kiến: {coming}"]) == ddmm(today + 5 * DAY)
    assert day_of(found[f"Ngày cuối góp ý, đến 17:00: {coming}"]) == ddmm(today + 40 * DAY)

    dialogue = found["Đối thoại của Chủ tịch UBND tỉnh với Nhân dân về chuyển đổi số cấp xã"]
    start = dialogue.decoded("DTSTART")
    assert start.astimezone(HO_CHI_MINH).strftime("%d/%m %H:%M") == ddmm(today + 25 * DAY) + " 08:00"
    assert dialogue["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(dialogue["LOCATION"]) == "Trung tâm Hội nghị tỉnh Hà Tĩnh"
    assert "Gửi câu hỏi trước buổi đối thoại: http://testserver/doi-thoai/" in str(dialogue["DESCRIPTION"])

    # Dialogues held more than a year ago (2024, March 2025) are history, not a calendar's.
    assert not any("Thạch Hà" in title or "khởi nghiệp" in title for title in found)
    for event in calendar.walk("VEVENT"):
        assert str(event["URL"]).startswith("http://testserver/"), event["SUMMARY"]
        assert event["DTSTAMP"] and event["LAST-MODIFIED"]
        assert event.decoded("LAST-MODIFIED").utcoffset() == datetime.timedelta(0)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    # The same items keep the same UIDs from one fetch to the next.
    assert [str(event["UID"]) for event in read_calendar(client)[1].walk("VEVENT")] == uids


def test_the_demo_calendar_names_no_ones_email_or_phone(client, demo):
    # A comment and a question whose senders left their e-mail and phone.
    for page in (
        PolicyPage.objects.get(consultation_opens_at__lte=timezone.now(), consultation_closes_at__gt=timezone.now()),
        DialoguePage.objects.get(accepts_questions=True),
    ):
        CommentFactory(
            page=page, contact_email="bi-mat@example.com", contact_phone="0987654321", display_name="Hoàng Văn Nam"
        )
    body = client.get("/lich.ics").content.decode()
    for secret in ("bi-mat@example.com", "0987654321", "Hoàng Văn Nam"):
        assert secret not in body
    unfolded = body.replace("\r\n ", "")
    assert not EMAIL.search(unfolded), EMAIL.search(unfolded)
    assert not PHONE.search(unfolded), PHONE.search(unfolded)
    assert "ORGANIZER" not in body and "ATTENDEE" not in body


@pytest.fixture
def taxonomy():
    return {
        "land": SectorFactory(name="Đất đai", slug="dat-dai"),
        "health": SectorFactory(name="Y tế", slug="y-te"),
        "commune": AreaFactory(name="Xã Thạch Hà", slug="xa-thach-ha"),
        "ward": AreaFactory(name="Phường Thành Sen", slug="phuong-thanh-sen"),
        "construction": AgencyFactory(name="Sở Xây dựng", slug="so-xay-dung"),
        "health_dept": AgencyFactory(name="Sở Y tế", slug="so-y-te"),
    }


@pytest.fixture
def items(site_tree, taxonomy):
    t = taxonomy
    soon = timezone.now() + 10 * DAY
    land_draft = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo về hiến đất",
        drafting_agency=t["construction"],
        sectors=[t["land"]],
        areas=[t["commune"]],
        **open_window(),
    )
    health_draft = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo về trạm y tế",
        issuing_agency=t["health_dept"],
        sectors=[t["health"]],
        areas=[t["ward"]],
        **open_window(),
    )
    land_dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về đất đai",
        held_at=soon,
        sectors=[t["land"]],
        areas=[t["commune"]],
        agencies_present=[t["construction"]],
    )
    health_dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về y tế",
        held_at=soon,
        agency=t["health_dept"],
        sectors=[t["health"]],
        areas=[t["ward"]],
    )
    return land_draft, health_draft, land_dialogue, health_dialogue


def titles(client, url):
    found = events(read_calendar(client, url)[1])
    return sorted({title.split(": ", 1)[-1] for title in found})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Dự thảo về hiến đất", "Dự thảo về trạm y tế", "Đối thoại về y tế", "Đối thoại về đất đai"]),
        ("?sector=dat-dai", ["Dự thảo về hiến đất", "Đối thoại về đất đai"]),
        ("?area=phuong-thanh-sen", ["Dự thảo về trạm y tế", "Đối thoại về y tế"]),
        # Drafted or issued by the agency; a dialogue it organised or attended.
        ("?agency=so-xay-dung", ["Dự thảo về hiến đất", "Đối thoại về đất đai"]),
        ("?agency=so-y-te", ["Dự thảo về trạm y tế", "Đối thoại về y tế"]),
        ("?sector=dat-dai&area=phuong-thanh-sen", []),
    ],
)
def test_a_filter_narrows_the_calendar(client, items, query, expected):
    assert titles(client, "/lich.ics" + query) == expected


def test_a_filtered_calendar_says_what_it_is_narrowed_to(client, items):
    _, calendar = read_calendar(client, "/lich.ics?sector=dat-dai&area=xa-thach-ha")
    assert str(calendar["X-WR-CALNAME"]) == "Lấy ý kiến và đối thoại: lĩnh vực Đất đai, địa bàn Xã Thạch Hà"


def test_the_registers_ids_open_the_same_calendar(client, items, taxonomy):
    by_id = f"/lich.ics?sector={taxonomy['land'].pk}&agency={taxonomy['construction'].pk}"
    assert titles(client, by_id) == titles(client, "/lich.ics?sector=dat-dai&agency=so-xay-dung")


@pytest.mark.parametrize("query", ["?sector=khong-co", "?area=999999", "?agency=so-xay-dung&area=xa-khong-co"])
def test_an_unknown_filter_value_is_a_404_that_says_which(client, items, query):
    response = client.get("/lich.ics" + query)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    unknown = query.rsplit("=", 1)[1]
    assert f"Không có {'lĩnh vực' if 'sector' in query else 'địa bàn'} “{unknown}”" in html
    assert 'href="http://testserver/lich.ics"' in html


def test_what_is_not_public_is_not_in_the_calendar(client, items, site_tree):
    land_draft, health_draft, land_dialogue, health_dialogue = items
    land_draft.unpublish()
    PageViewRestriction.objects.create(
        page=health_dialogue, restriction_type=PageViewRestriction.PASSWORD, password="bí mật"
    )
    health_draft.withdrawn_on = timezone.localdate()
    health_draft.save_revision().publish()
    PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo đóng từ năm trước", **closed_window(400))
    assert titles(client, "/lich.ics") == ["Đối thoại về đất đai"]


def test_a_window_closing_at_midnight_ends_on_the_day_before(client, site_tree):
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + 10 * DAY, datetime.time.min))
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo đóng lúc nửa đêm",
        consultation_opens_at=timezone.now(),
        consultation_closes_at=midnight,
    )
    closing = events(read_calendar(client)[1])["Ngày cuối góp ý: Dự thảo đóng lúc nửa đêm"]
    assert day_of(closing) == ddmm(timezone.localdate() + 9 * DAY)
    assert "đến hết ngày " + (timezone.localdate() + 9 * DAY).strftime("%d/%m/%Y") in str(closing["DESCRIPTION"])


def test_an_event_keeps_its_uid_when_its_page_is_renamed(client, items):
    land_draft = items[0]
    before = {str(e["UID"]) for e in read_calendar(client)[1].walk("VEVENT")}
    land_draft.title, land_draft.slug = "Dự thảo về hiến đất (sửa đổi)", "du-thao-sua-doi"
    land_draft.save_revision().publish()
    after = read_calendar(client)[1]
    assert {str(e["UID"]) for e in after.walk("VEVENT")} == before
    assert "Bắt đầu lấy ý kiến: Dự thảo về hiến đất (sửa đổi)" in events(after)


def test_the_calendar_is_cached_and_a_publication_refreshes_it(
    client, items, site_tree, page_cache, django_capture_on_commit_callbacks
):
    warm("/lich.ics")
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"], title="Đối thoại mới", held_at=timezone.now() + 3 * DAY, live=False
    )
    assert fetch("/lich.ics")[0] == HIT
    with django_capture_on_commit_callbacks(execute=True):
        dialogue.save_revision().publish()
    state, response = fetch("/lich.ics")
    assert state == MISS
    assert "Đối thoại mới" in events(icalendar.Calendar.from_ical(response.content))
    assert fetch("/lich.ics")[0] == HIT
    dialogue.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        dialogue.unpublish()
    state, response = fetch("/lich.ics")
    assert state == MISS and "Đối thoại mới" not in events(icalendar.Calendar.from_ical(response.content))


# --- Links to it -------------------------------------------------------------------------------


def test_the_home_page_consultations_and_dialogues_link_to_the_calendar(client, site_tree):
    for url in ["/", "/lay-y-kien/", "/doi-thoai/", "/van-ban/"]:
        html = client.get(url).content.decode()
        assert 'href="webcal://testserver/lich.ics"' in html, url
        assert 'href="http://testserver/lich.ics"' in html, url
        assert "Theo dõi bằng lịch" in html, url


def test_a_filtered_register_links_to_the_calendar_filtered_alike(client, items, taxonomy):
    url = f"/van-ban/?sector={taxonomy['land'].pk}&area={taxonomy['commune'].pk}&status=open"
    html = client.get(url).content.decode()
    assert 'href="webcal://testserver/lich.ics?sector=dat-dai&amp;area=xa-thach-ha"' in html
    assert "Theo dõi bằng lịch: lĩnh vực Đất đai, địa bàn Xã Thạch Hà" in html
