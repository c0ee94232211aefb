"""The must-show journey of issue 14 in Chromium, with Django's locmem mail backend (the test
settings' MAILERS): subscribe to an area without an account, confirm by the link in the e-mail,
a draft for that area opens, the next digest lists it once, one-click unsubscribe, no more mail."""

import datetime
import re

import pytest

from django.core import mail
from django.utils import timezone

from subscriptions.models import Subscriber
from subscriptions.services import latest_slot, send_due_digests
from tests.consultations.factories import open_window
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)


def open_draft(parent, area, title):
    page = PolicyPageFactory(parent=parent, title=title, **open_window(days_before=0, days_after=20))
    page.areas.set([area])
    page.first_published_at = timezone.now()
    page.save()
    return page


def test_citizen_subscribes_to_a_ward_confirms_gets_one_digest_and_unsubscribes_with_locmem_mail(
    live_server, phone, site_tree
):
    ward = AreaFactory(name="Phường Thành Sen", level="ward")
    AreaFactory(name="Xã Thạch Hà", level="commune")
    mail.outbox.clear()

    # From the register filtered on the ward, the small link leads to the form with it ticked.
    phone.goto(f"{live_server.url}/van-ban/?area={ward.pk}")
    phone.get_by_role("link", name="Nhận tin qua thư điện tử").click()
    phone.wait_for_url("**/nhan-tin/?area=*")
    assert phone.get_by_label("Phường Thành Sen").is_checked()
    assert not phone.get_by_label("Xã Thạch Hà").is_checked()
    phone.get_by_label("Địa chỉ thư điện tử của bạn").fill("lan.nguyen@example.com")
    phone.get_by_label("Hằng ngày").check()
    phone.get_by_label("Tôi đồng ý", exact=False).check()
    phone.get_by_role("button", name="Đăng ký nhận tin").click()
    phone.wait_for_url("**/nhan-tin/da-gui/")
    assert "Vui lòng kiểm tra hộp thư" in phone.locator("h1").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # Only the confirmation was sent; its link confirms.
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["lan.nguyen@example.com"]
    link = re.search(r"http://testserver(/nhan-tin/xac-nhan/\S+/)", confirmation.body).group(1)
    phone.goto(live_server.url + link)
    phone.get_by_role("button", name="Xác nhận").click()
    phone.wait_for_url("**/nhan-tin/quan-ly/**")
    assert "Địa chỉ của bạn đã được xác nhận" in phone.locator(".confirmation").inner_text()
    assert "Phường Thành Sen" in phone.locator("table").inner_text()

    # A draft for the ward opens; the next morning's digest lists it, once.
    draft = open_draft(site_tree["policies"], ward, "Dự thảo quy định về chợ phường Thành Sen")
    next_morning = latest_slot(Subscriber.Frequency.DAILY, timezone.now()) + DAY
    assert send_due_digests(next_morning) == 1
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.body.count(draft.title) == 1
    assert "còn 20 ngày" in digest.body or "còn 19 ngày" in digest.body
    assert send_due_digests(next_morning + DAY) == 1  # due again, but nothing new: no mail
    assert len(mail.outbox) == 2

    # One click in the mail client: RFC 8058's POST, without cookie or CSRF token.
    headers = digest.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<http://testserver(/nhan-tin/huy/\S+/)>", headers["List-Unsubscribe"]).group(1)
    response = phone.request.post(live_server.url + unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert not Subscriber.objects.exists()  # the address is erased

    # Another draft opens for the ward: nothing more is sent.
    open_draft(site_tree["policies"], ward, "Dự thảo thứ hai về phường Thành Sen")
    assert send_due_digests(next_morning + 2 * DAY) == 0
    assert len(mail.outbox) == 2
    # The link in the mail now says so.
    phone.goto(live_server.url + unsubscribe)
    assert "không còn đăng ký" in phone.locator("main").inner_text()
