"""The form, double opt-in, managing and one-click unsubscribe, over real HTTP."""

import re

import pytest
from bs4 import BeautifulSoup

from django.core import mail
from django.test import Client

from core.models import SiteSettings
from subscriptions.models import CONSENT_VERSION, Subscriber, Subscription, UnsubscribeTally
from subscriptions.services import MAX_ATTEMPTS_PER_CONNECTION_PER_HOUR, MAX_CONFIRMATIONS_PER_ADDRESS_PER_DAY
from tests.consultations.factories import open_window
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AreaFactory, SectorFactory

from .factories import SubscriberFactory, follow

pytestmark = pytest.mark.django_db

URL = "/nhan-tin/"


@pytest.fixture
def commune():
    return AreaFactory(name="Phường Thành Sen", level="ward")


def post(client, commune, **overrides):
    data = {"email": "lan@example.com", "areas": [commune.pk], "frequency": "daily", "consent": "on", **overrides}
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def confirm_link(message):
    return re.search(r"http://testserver(/nhan-tin/xac-nhan/[^/\s]+/)", message.body).group(1)


def test_the_form_lists_the_choices_preselected_from_a_link(client, home_page, commune):
    sector = SectorFactory(name="Đất đai")
    merged = AreaFactory(name="Xã đã sáp nhập", valid_to="2025-06-30")
    response = client.get(URL, {"area": commune.pk, "sector": sector.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.search(rf'value="{commune.pk}"[^>]*checked|checked[^>]*value="{commune.pk}"', html)
    assert "Phường Thành Sen" in html and "Đất đai" in html
    # Units merged away are not offered for new subscriptions.
    assert merged.name not in html
    assert 'content="noindex"' in html


def test_the_form_links_to_the_privacy_notice_when_there_is_one(client, home_page, commune):
    settings = SiteSettings.objects.get()
    settings.privacy_page = home_page
    settings.save()
    hint = BeautifulSoup(client.get(URL).content.decode(), "html.parser").find(class_="privacy-hint")
    assert hint.find("a", href=home_page.url).get_text() == "Bảo vệ dữ liệu cá nhân"


def test_subscribing_sends_only_a_confirmation_and_records_consent(client, home_page, commune):
    response = post(client, commune)
    assert response.status_code == 302 and response["Location"] == "/nhan-tin/da-gui/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lan@example.com" and not subscriber.is_confirmed
    assert subscriber.consent_at is not None and subscriber.consent_version == CONSENT_VERSION
    assert [m.to for m in mail.outbox] == [["lan@example.com"]]
    message = mail.outbox[0]
    assert "Phường Thành Sen" in message.body
    assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "kiểm tra hộp thư" in client.get("/nhan-tin/da-gui/").content.decode().lower()


def test_the_confirmation_link_confirms_and_shows_the_subscriptions(client, home_page, commune):
    post(client, commune)
    link = confirm_link(mail.outbox[0])
    # Opening the link (as a mail scanner does) only shows the button.
    shown = client.get(link)
    assert shown.status_code == 200 and "Phường Thành Sen" in shown.content.decode()
    assert not Subscriber.objects.get().is_confirmed
    response = client.post(link)
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Địa chỉ của bạn đã được xác nhận" in html
    assert "Phường Thành Sen" in html
    # The address is shown masked, even to its owner.
    assert "lan@example.com" not in html and "l•••@example.com" in html
    assert Subscriber.objects.get().is_confirmed
    assert Subscription.objects.get().confirmed_at is not None


def test_sending_the_same_address_and_area_again_makes_no_duplicate(client, home_page, commune):
    post(client, commune)
    post(client, commune, frequency="weekly")
    assert Subscriber.objects.count() == 1 and Subscription.objects.count() == 1
    assert Subscriber.objects.get().frequency == "weekly"


def test_a_confirmed_address_is_not_changed_by_a_stranger_without_a_new_confirmation(client, home_page, commune):
    subscriber = SubscriberFactory(email="lan@example.com", frequency="daily")
    follow(subscriber, commune)
    other = AreaFactory(name="Xã Kỳ Anh")
    post(client, commune, areas=[commune.pk, other.pk], frequency="weekly")
    subscriber.refresh_from_db()
    assert subscriber.frequency == "daily"
    new = subscriber.subscriptions.get(area=other)
    assert new.confirmed_at is None
    assert len(mail.outbox) == 1 and "Xã Kỳ Anh" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "khong-phai-email"}, "có vẻ chưa đúng"),
        ({"consent": None}, "Hãy đánh dấu đồng ý"),
        ({"areas": None}, "chọn ít nhất một"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, home_page, commune, overrides, message):
    response = post(client, commune, **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    typed = overrides.get("email", "lan@example.com")
    assert f'value="{typed}"' in html
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_the_form_cannot_be_used_to_flood_a_mailbox(client, home_page, commune):
    for _ in range(MAX_CONFIRMATIONS_PER_ADDRESS_PER_DAY):
        assert post(client, commune).status_code == 302
    response = post(client, commune)
    assert response.status_code == 400
    assert "đã được gửi đến địa chỉ này hôm nay" in response.content.decode()
    assert len(mail.outbox) == MAX_CONFIRMATIONS_PER_ADDRESS_PER_DAY


def test_one_connection_is_limited_whatever_the_addresses(client, home_page, commune):
    for n in range(MAX_ATTEMPTS_PER_CONNECTION_PER_HOUR):
        post(client, commune, email=f"nguoi-{n}@example.com")
    response = post(client, commune, email="nua@example.com")
    assert response.status_code == 400
    assert "quá nhiều" in response.content.decode()


def test_a_subscription_to_one_draft_from_its_page(client, home_page, policy_index):
    policy = PolicyPageFactory(parent=policy_index, title="Dự thảo quy định về chợ", **open_window())
    html = client.get(URL, {"page": policy.pk}).content.decode()
    assert "Dự thảo quy định về chợ" in html
    client.post(
        URL, {"email": "lan@example.com", "page": policy.pk, "follow_page": "on", "frequency": "daily", "consent": "on"}
    )
    assert Subscription.objects.get().page_id == policy.pk


def test_the_manage_page_changes_frequency_and_stops_one_subscription(client, home_page, commune):
    subscriber = SubscriberFactory(frequency="daily")
    follow(subscriber, commune)
    kept = follow(subscriber, SectorFactory(name="Giáo dục"))
    url = f"/nhan-tin/quan-ly/{subscriber.token}/"
    client.post(url, {"frequency": "weekly"})
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"
    response = client.post(url, {"remove": subscriber.subscriptions.get(kind="area").pk})
    assert response.status_code == 302
    assert list(subscriber.subscriptions.all()) == [kept]
    # Stopping the last one erases the address.
    client.post(url, {"remove": kept.pk})
    assert not Subscriber.objects.exists()


def test_unsubscribe_get_only_asks_and_post_erases_without_a_csrf_token(home_page, commune):
    subscriber = SubscriberFactory()
    follow(subscriber, commune)
    client = Client(enforce_csrf_checks=True)
    url = f"/nhan-tin/huy/{subscriber.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Hủy đăng ký và xóa địa chỉ" in page.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # a mail scanner's GET changes nothing
    # RFC 8058: what a mail client sends, with no cookie and no token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert UnsubscribeTally.objects.get().count == 1
    # Idempotent: the same POST again is still a success, and changes nothing.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert UnsubscribeTally.objects.get().count == 1
    assert "không còn đăng ký" in client.get(url).content.decode()


def test_the_unsubscribe_button_on_the_page(client, home_page):
    subscriber = SubscriberFactory()
    response = client.post(f"/nhan-tin/huy/{subscriber.token}/", {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/nhan-tin/da-huy/"
    assert not Subscriber.objects.exists()


def test_links_naming_nobody_say_so(client, home_page):
    assert client.get("/nhan-tin/xac-nhan/khong-co/").status_code == 404
    assert client.get("/nhan-tin/quan-ly/khong-co/").status_code == 404


def test_subscription_pages_are_never_page_cached(client, page_cache, home_page, commune):
    for url in (URL, "/nhan-tin/da-gui/"):
        client.get(url)
        assert client.get(url).get("X-Cache") != "HIT"
