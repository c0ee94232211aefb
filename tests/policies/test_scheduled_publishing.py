"""Scheduled publishing: a draft approved to go live on the day its comments open is public and
open after `manage.py publish_scheduled` runs, with nobody touching it; its expiry takes it down.
The editor's form keeps a scheduled draft public for the whole of its window."""

import datetime
import pathlib

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from policies.models import PolicyPage
from tests.policies.factories import PolicyPageFactory, section
from tests.taxonomy.factories import AgencyFactory, DocumentTypeFactory

pytestmark = pytest.mark.django_db

TITLE = "Dự thảo Nghị quyết về mức hỗ trợ hiến đất làm đường giao thông nông thôn"


class Clock:
    """Moves Django's "now" (`timezone.now`, which `localdate`, Wagtail and our status rules read)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, moment):
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def day_d_at(hour, days_ahead=3):
    """`hour` o'clock, site time, on day D, a few days from now."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def scheduled_draft(site_tree):
    """A draft approved (its revision published) to go live at 08:00 on day D, when its window opens."""
    opens = day_d_at(8)
    page = PolicyPageFactory(
        parent=site_tree["policies"],
        live=False,
        title=TITLE,
        drafting_agency=AgencyFactory(name="Sở Giao thông vận tải"),
        text=[section("article", "1", "Mức hỗ trợ", "Hỗ trợ 50.000 đồng mỗi mét vuông.")],
        consultation_opens_at=opens,
        consultation_closes_at=opens + datetime.timedelta(days=35),
    )
    page.go_live_at = opens
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def status_line(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").find(class_="status").get_text(" ", strip=True)


def open_list(client):
    html = BeautifulSoup(client.get("/lay-y-kien/").content.decode(), "html.parser")
    return html.find("section", attrs={"aria-labelledby": "open-heading"}).get_text(" ", strip=True)


def test_a_scheduled_draft_waits_unseen_until_its_day(client, scheduled_draft, clock):
    assert not scheduled_draft.live
    assert scheduled_draft.revisions.get().approved_go_live_at == day_d_at(8)

    clock.set(day_d_at(7, days_ahead=3))
    call_command("publish_scheduled")
    scheduled_draft.refresh_from_db()
    assert not scheduled_draft.live
    assert client.get("/van-ban/").content.decode().count(TITLE) == 0
    assert client.get(f"/van-ban/{scheduled_draft.slug}/").status_code == 404


def test_publish_scheduled_makes_the_draft_public_and_open_for_comment(client, scheduled_draft, clock):
    clock.set(day_d_at(8) + datetime.timedelta(minutes=5))
    call_command("publish_scheduled")

    scheduled_draft.refresh_from_db()
    assert scheduled_draft.live
    url = f"/van-ban/{scheduled_draft.slug}/"
    assert status_line(client, url).startswith("Đang lấy ý kiến: còn 35 ngày")
    assert TITLE in open_list(client)
    form = client.get(url + "gop-y/")
    assert form.status_code == 200
    assert 'name="body"' in form.content.decode()


def test_expiry_takes_the_page_down(client, scheduled_draft, clock):
    clock.set(day_d_at(9))
    call_command("publish_scheduled")
    scheduled_draft.refresh_from_db()
    scheduled_draft.expire_at = scheduled_draft.consultation_closes_at + datetime.timedelta(days=60)
    scheduled_draft.save_revision().publish()
    url = f"/van-ban/{scheduled_draft.slug}/"
    assert client.get(url).status_code == 200

    clock.set(scheduled_draft.expire_at + datetime.timedelta(minutes=5))
    call_command("publish_scheduled")
    scheduled_draft.refresh_from_db()
    assert not scheduled_draft.live and scheduled_draft.expired
    assert client.get(url).status_code == 404
    assert TITLE not in client.get("/van-ban/").content.decode()


# --- The editor's form ----------------------------------------------------------------------


def submit_for_publishing(client, index, opens, **fields):
    """The editor presses "Publish" on a new draft with this window and schedule."""
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "du-thao-ho-tro-hien-dat",
            "document_type": DocumentTypeFactory(name="Nghị quyết").pk,
            "drafting_agency": AgencyFactory(name="Sở Giao thông vận tải").pk,
            # A section of text, so that only the schedule is in question.
            "text": streamfield(
                [
                    (
                        "section",
                        {
                            "kind": "article",
                            "number": "1",
                            "heading": "Mức hỗ trợ",
                            "text": rich_text("<p>Hỗ trợ.</p>"),
                        },
                    )
                ]
            ),
            "attachments": inline_formset([]),
            "consultation_opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "consultation_closes_at": (opens + datetime.timedelta(days=35)).strftime("%Y-%m-%d %H:%M"),
            "action-publish": "publish",
            **{key: value.strftime("%Y-%m-%d %H:%M") for key, value in fields.items()},
        }
    )
    return client.post(f"/admin/pages/add/policies/policypage/{index.pk}/", data)


def test_going_live_after_the_opening_is_refused_with_both_dates(client, site_tree, admin_user):
    client.force_login(admin_user)
    opens = day_d_at(8)
    response = submit_for_publishing(
        client, site_tree["policies"], opens, go_live_at=opens + datetime.timedelta(days=2)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"08:00 {opens:%d/%m/%Y}" in html
    assert "trước khi dự thảo được đăng lúc" in html
    assert f"08:00 {opens + datetime.timedelta(days=2):%d/%m/%Y}" in html
    assert not PolicyPage.objects.filter(slug="du-thao-ho-tro-hien-dat").exists()


def test_going_live_at_the_opening_is_scheduled(client, site_tree, admin_user):
    client.force_login(admin_user)
    opens = day_d_at(8)
    response = submit_for_publishing(client, site_tree["policies"], opens, go_live_at=opens)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PolicyPage.objects.get(slug="du-thao-ho-tro-hien-dat")
    assert not page.live
    assert page.revisions.get().approved_go_live_at == opens


def test_expiring_before_the_closing_is_refused(client, site_tree, admin_user):
    client.force_login(admin_user)
    opens = day_d_at(8)
    response = submit_for_publishing(
        client, site_tree["policies"], opens, go_live_at=opens, expire_at=opens + datetime.timedelta(days=10)
    )
    assert response.status_code == 200
    assert "dự thảo sẽ bị gỡ xuống khi vẫn đang lấy ý kiến" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="du-thao-ho-tro-hien-dat").exists()


def test_a_public_draft_may_schedule_a_correction_after_its_opening(client, site_tree, admin_user):
    """Already public, the draft's window is not shortened by a revision scheduled for later."""
    opens = timezone.now() - datetime.timedelta(days=1)
    page = PolicyPageFactory(
        parent=site_tree["policies"],
        drafting_agency=AgencyFactory(name="Sở Giao thông vận tải"),
        text=[section("article", "1", "Mức hỗ trợ", "Hỗ trợ.")],
        consultation_opens_at=opens,
        consultation_closes_at=opens + datetime.timedelta(days=35),
    )
    page.save_revision().publish()
    client.force_login(admin_user)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "document_type": page.document_type_id,
            "drafting_agency": page.drafting_agency_id,
            "text": streamfield(
                [
                    (
                        "section",
                        {"kind": "article", "number": "1", "heading": "Mức hỗ trợ", "text": rich_text("<p>Sửa.</p>")},
                    )
                ]
            ),
            "attachments": inline_formset([]),
            "consultation_opens_at": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M"),
            "consultation_closes_at": timezone.localtime(page.consultation_closes_at).strftime("%Y-%m-%d %H:%M"),
            "go_live_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
            "action-publish": "publish",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_the_server_runs_publish_scheduled_every_five_minutes():
    """site/ ships the timer the README's production steps install."""
    site = pathlib.Path(__file__).resolve().parents[2] / "site"
    service = (site / "consultation-portal-publish.service").read_text()
    timer = (site / "consultation-portal-publish.timer").read_text()
    assert "ExecStart=/srv/consultation-portal/.venv/bin/python manage.py publish_scheduled" in service
    assert "EnvironmentFile=/etc/consultation-portal/env" in service and "User=consultation" in service
    assert "OnCalendar=*:0/5" in timer
    readme = (site.parent / "README.md").read_text()
    assert "systemctl enable --now consultation-portal-publish.timer" in readme
