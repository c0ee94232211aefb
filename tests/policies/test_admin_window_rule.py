"""An editor's window shorter than the minimum for the document type needs a written reason."""

import datetime

import pytest

from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from policies.models import PolicyPage
from tests.taxonomy.factories import AgencyFactory, DocumentTypeFactory

pytestmark = pytest.mark.django_db


def add_policy(client, index, **fields):
    opens = timezone.localtime() + datetime.timedelta(days=1)
    data = nested_form_data(
        {
            "title": "Dự thảo Quyết định về giá dịch vụ chợ",
            "slug": "du-thao-gia-dich-vu-cho",
            "document_type": DocumentTypeFactory(name="Quyết định").pk,
            "text": streamfield([]),
            "attachments": inline_formset([]),
            "consultation_opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "consultation_closes_at": (opens + datetime.timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
            **fields,
        }
    )
    return client.post(f"/admin/pages/add/policies/policypage/{index.pk}/", data)


def test_a_short_window_without_a_reason_is_refused_with_the_minimum(client, site_tree, admin_user):
    decision = DocumentTypeFactory(name="Quyết định")
    decision.minimum_days = 20
    decision.save()
    client.force_login(admin_user)
    response = add_policy(client, site_tree["policies"])
    assert response.status_code == 200
    assert "ngắn hơn mức tối thiểu 20 ngày" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="du-thao-gia-dich-vu-cho").exists()

    response = add_policy(client, site_tree["policies"], short_window_reason="Cần ban hành trước Tết.")
    assert response.status_code == 302
    assert PolicyPage.objects.get(slug="du-thao-gia-dich-vu-cho").short_window_reason == "Cần ban hành trước Tết."


def test_a_window_at_the_default_minimum_needs_no_reason(client, site_tree, admin_user):
    client.force_login(admin_user)
    opens = timezone.localtime() + datetime.timedelta(days=1)
    response = add_policy(
        client,
        site_tree["policies"],
        consultation_closes_at=(opens + datetime.timedelta(days=30)).strftime("%Y-%m-%d %H:%M"),
        consultation_opens_at=opens.strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_open_consultation_is_not_published_without_its_text_and_agency(client, site_tree, admin_user):
    """Issue #10, item 4b: nothing opens empty. Saving a draft is still allowed."""
    client.force_login(admin_user)
    opens = timezone.localtime() - datetime.timedelta(hours=1)
    window = {
        "consultation_opens_at": opens.strftime("%Y-%m-%d %H:%M"),
        "consultation_closes_at": (opens + datetime.timedelta(days=40)).strftime("%Y-%m-%d %H:%M"),
    }
    refused = add_policy(client, site_tree["policies"], **window, **{"action-publish": "publish"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "cần có cơ quan soạn thảo" in html and "cần có nội dung" in html
    assert not PolicyPage.objects.filter(slug="du-thao-gia-dich-vu-cho").exists()

    draft = add_policy(client, site_tree["policies"], **window)
    assert draft.status_code == 302
    assert not PolicyPage.objects.get(slug="du-thao-gia-dich-vu-cho").live


def test_an_open_consultation_with_text_and_agency_is_published(client, site_tree, admin_user):
    agency = AgencyFactory(name="Sở Công Thương")
    client.force_login(admin_user)
    opens = timezone.localtime() - datetime.timedelta(hours=1)
    response = add_policy(
        client,
        site_tree["policies"],
        consultation_opens_at=opens.strftime("%Y-%m-%d %H:%M"),
        consultation_closes_at=(opens + datetime.timedelta(days=40)).strftime("%Y-%m-%d %H:%M"),
        drafting_agency=agency.pk,
        text=streamfield(
            [
                (
                    "section",
                    {"kind": "article", "number": "1", "heading": "Phạm vi", "text": rich_text("<p>Áp dụng.</p>")},
                )
            ]
        ),
        **{"action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PolicyPage.objects.get(slug="du-thao-gia-dich-vu-cho").live
