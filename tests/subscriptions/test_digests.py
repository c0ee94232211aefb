"""What a digest holds, to whom and when: matching, the merger, never twice, nothing empty."""

import datetime
import re
import zoneinfo

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations.models import ResponseReport
from subscriptions.models import SentItem, Subscriber
from subscriptions.services import deliver_digest, digest_items, is_due, latest_slot, purge, send_due_digests
from tests.consultations.factories import closed_window, open_window
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, SectorFactory

from .factories import SubscriberFactory, follow

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.timedelta(days=1)


def local(*args):
    return datetime.datetime(*args, tzinfo=HCM)


@pytest.fixture
def commune():
    return AreaFactory(name="Xã Cẩm Xuyên")


@pytest.fixture
def subscriber(commune):
    subscriber = SubscriberFactory(confirmed_at=timezone.now() - DAY)
    follow(subscriber, commune)
    return subscriber


def draft(parent, areas=(), sectors=(), **fields):
    page = PolicyPageFactory(parent=parent, **{**open_window(days_before=0), **fields})
    page.areas.set(areas)
    page.sectors.set(sectors)
    page.save()  # ParentalManyToManyField: stored on save
    return page


def titles(subscriber, now=None):
    return {label: [item.title for item in items] for label, items in digest_items(subscriber, now).sections}


def later():
    """The next digest time of a daily subscriber."""
    return latest_slot(Subscriber.Frequency.DAILY, timezone.now()) + DAY


# --- Matching -------------------------------------------------------------------------------


def test_a_draft_newly_open_for_the_subscribers_commune_is_listed_with_its_days_left(site_tree, subscriber, commune):
    mine = draft(site_tree["policies"], areas=[commune], title="Dự thảo về đường xã Cẩm Xuyên")
    draft(site_tree["policies"], areas=[AreaFactory()], title="Dự thảo của xã khác")
    sections = digest_items(subscriber).sections
    assert [(str(label), [item.title for item in items]) for label, items in sections] == [
        ("Dự thảo mới mở lấy ý kiến", [mine.title])
    ]
    assert "còn 20 ngày, đến hết ngày" in sections[0][1][0].detail


def test_sectors_agencies_and_one_page_are_followed_too(site_tree):
    sector, agency = SectorFactory(), AgencyFactory()
    by_sector = draft(site_tree["policies"], sectors=[sector])
    by_agency = draft(site_tree["policies"], drafting_agency=agency)
    one = draft(site_tree["policies"])
    subscriber = SubscriberFactory(confirmed_at=timezone.now() - DAY)
    for target in (sector, agency, one):
        follow(subscriber, target)
    assert sorted(titles(subscriber)["Dự thảo mới mở lấy ý kiến"]) == sorted(
        [by_sector.title, by_agency.title, one.title]
    )


def test_a_subscriber_of_a_merged_commune_hears_of_drafts_for_its_successor(site_tree):
    new = AreaFactory(name="Xã Thiên Cầm")
    old = AreaFactory(name="Xã Cẩm Nhượng", merged_into=new, valid_to=datetime.date(2025, 6, 30))
    subscriber = SubscriberFactory(confirmed_at=timezone.now() - DAY)
    follow(subscriber, old)
    page = draft(site_tree["policies"], areas=[new])
    assert titles(subscriber)["Dự thảo mới mở lấy ý kiến"] == [page.title]


def test_only_live_public_pages_are_listed(site_tree, subscriber, commune):
    unpublished = draft(site_tree["policies"], areas=[commune])
    unpublished.unpublish()
    assert digest_items(subscriber).sections == []


def test_drafts_open_before_the_subscription_are_not_news_but_their_closing_is(site_tree, subscriber, commune):
    old_news = draft(site_tree["policies"], areas=[commune], **open_window(days_before=9, days_after=20))
    closing = draft(site_tree["policies"], areas=[commune], **open_window(days_before=9, days_after=2))
    assert titles(subscriber) == {"Đợt lấy ý kiến sẽ kết thúc trong 3 ngày tới": [closing.title]}
    assert old_news.title not in str(titles(subscriber))


def test_a_draft_newly_open_and_closing_soon_is_listed_once(site_tree, subscriber, commune):
    short = draft(site_tree["policies"], areas=[commune], **open_window(days_before=0, days_after=2))
    digest = digest_items(subscriber)
    assert titles(subscriber) == {"Dự thảo mới mở lấy ý kiến": [short.title]}
    assert sorted(digest.keys) == sorted([f"opened:{short.pk}", f"closing:{short.pk}"])


def test_reports_dialogues_conclusions_and_commitments(site_tree, subscriber, commune):
    reported = draft(site_tree["policies"], areas=[commune], **closed_window())
    ResponseReport.objects.create(page=reported)
    today = timezone.localdate()
    announced = DialoguePageFactory(
        parent=site_tree["dialogues"], held_at=timezone.now() + 5 * DAY, conclusions="", title="Đối thoại sắp tới"
    )
    held = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại đã họp",
        held_at=timezone.now() - 3 * DAY,
        commitments=[
            commitment("Làm xong đường", today + 30 * DAY),
            commitment("Trả tiền bồi thường", today - DAY),
            commitment("Cụm công nghiệp cũ", today - 90 * DAY),
        ],
    )
    for page in (announced, held):
        page.areas.set([commune])
        page.first_published_at = page.last_published_at = timezone.now()
        page.save()  # ParentalManyToManyField: stored on save
    done = held.commitments.get(text="Làm xong đường")
    done.status = "done"
    done.save()
    assert titles(subscriber) == {
        "Báo cáo tiếp thu, giải trình đã công bố": [reported.title],
        "Hội nghị đối thoại sắp tổ chức": ["Đối thoại sắp tới"],
        "Kết luận đối thoại đã công bố": ["Đối thoại đã họp"],
        "Cam kết đã hoàn thành": ["Làm xong đường"],
        # Overdue since the subscription; one overdue for months is not news.
        "Cam kết đã quá hạn": ["Trả tiền bồi thường"],
    }


# --- Sending --------------------------------------------------------------------------------


def test_the_digest_is_sent_once_and_never_lists_an_item_twice(site_tree, subscriber, commune):
    page = draft(site_tree["policies"], areas=[commune], title="Dự thảo về chợ xã")
    first, second = later(), later() + DAY
    assert deliver_digest(subscriber.pk, first) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [subscriber.email]
    assert page.title in message.body and page.full_url in message.body
    # In Vietnamese, dated dd/mm/yyyy, in plain text and HTML.
    assert re.search(r"ngày \d{2}/\d{2}/\d{4}$", message.subject)
    assert "Dự thảo mới mở lấy ý kiến" in message.body
    html = message.alternatives[0].content
    assert "Hủy đăng ký" in html
    assert f'href="{page.full_url}"' in html
    # The same time again, or the next day: nothing new, nothing sent.
    assert deliver_digest(subscriber.pk, first) == 0
    assert deliver_digest(subscriber.pk, second) == 0
    assert len(mail.outbox) == 1
    assert SentItem.objects.filter(subscriber=subscriber, key=f"opened:{page.pk}").count() == 1


def test_a_digest_with_nothing_new_is_not_sent(site_tree, subscriber):
    assert deliver_digest(subscriber.pk, later()) == 0
    assert mail.outbox == []
    subscriber.refresh_from_db()
    assert subscriber.last_digest_at is not None


def test_every_digest_carries_one_click_unsubscribe(site_tree, subscriber, commune):
    draft(site_tree["policies"], areas=[commune])
    deliver_digest(subscriber.pk, later())
    headers = mail.outbox[0].message()
    assert headers["List-Unsubscribe"] == f"<http://testserver/nhan-tin/huy/{subscriber.token}/>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"http://testserver/nhan-tin/quan-ly/{subscriber.token}/" in mail.outbox[0].body


def test_an_unconfirmed_address_gets_no_digest_and_is_deleted_after_three_days(site_tree, commune):
    waiting = SubscriberFactory(confirmed_at=None, created_at=timezone.now() - 4 * DAY)
    follow(waiting, commune, confirmed_at=None)
    fresh = SubscriberFactory(confirmed_at=None)
    draft(site_tree["policies"], areas=[commune])
    assert send_due_digests(later()) == 0
    assert mail.outbox == []
    assert purge() == (1, 0)
    assert list(Subscriber.objects.all()) == [fresh]


def test_the_command_enqueues_the_due_digests(site_tree, subscriber, commune):
    draft(site_tree["policies"], areas=[commune])
    subscriber.confirmed_at = subscriber.last_digest_at = timezone.now() - 2 * DAY
    subscriber.save()
    subscriber.subscriptions.update(confirmed_at=subscriber.confirmed_at)
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


# --- When -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "now", "slot"),
    [
        # Daily at 07:00 Hà Nội time: before seven, yesterday's.
        ("daily", local(2026, 12, 3, 6, 59), local(2026, 12, 2, 7)),
        ("daily", local(2026, 12, 3, 7, 0), local(2026, 12, 3, 7)),
        # 00:30 UTC is 07:30 in Hà Nội: already today's.
        ("daily", datetime.datetime(2026, 12, 3, 0, 30, tzinfo=datetime.UTC), local(2026, 12, 3, 7)),
        # Weekly on Mondays (7 December 2026 is a Monday).
        ("weekly", local(2026, 12, 3, 12), local(2026, 11, 30, 7)),
        ("weekly", local(2026, 12, 7, 6), local(2026, 11, 30, 7)),
        ("weekly", local(2026, 12, 7, 7, 5), local(2026, 12, 7, 7)),
    ],
)
def test_digest_times_are_seven_in_the_morning_in_vietnam(frequency, now, slot):
    assert latest_slot(frequency, now) == slot


def test_daily_is_due_every_morning_weekly_on_monday_morning():
    thursday_noon = local(2026, 12, 3, 12)
    daily = SubscriberFactory.build(frequency="daily", confirmed_at=thursday_noon)
    weekly = SubscriberFactory.build(frequency="weekly", confirmed_at=thursday_noon)
    friday = local(2026, 12, 4, 7, 1)
    monday = local(2026, 12, 7, 7, 1)
    assert not is_due(daily, local(2026, 12, 4, 6, 59)) and is_due(daily, friday)
    assert not is_due(weekly, friday) and not is_due(weekly, local(2026, 12, 6, 23)) and is_due(weekly, monday)
    weekly.last_digest_at = monday
    assert not is_due(weekly, local(2026, 12, 10, 9)) and is_due(weekly, local(2026, 12, 14, 7))
