"""The admin list of commitments: who may see it, and its filters (status, agency, falling due)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def commitments(site_tree):
    today = timezone.localdate()
    ward, department = AgencyFactory(name="Ủy ban nhân dân phường Thành Sen"), AgencyFactory(name="Sở Xây dựng")
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[
            commitment("Sửa đường Nguyễn Du", today + 3 * DAY, agency=ward),
            commitment("Lắp đèn chiếu sáng", today + 45 * DAY, agency=department),
            commitment("Nạo vét kênh", today - 2 * DAY, "in_progress", agency=department),
            commitment("Cấp sổ đỏ", today - 9 * DAY, "done", agency=ward),
        ],
    )
    return {"dialogue": dialogue, "ward": ward, "department": department}


def rows(client, query=""):
    response = client.get("/admin/cam-ket/" + query)
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return [row.select("td a")[0].get_text(strip=True) for row in html.select("table.listing tbody tr")]


def test_the_list_is_by_deadline_and_each_row_opens_its_dialogue(client, admin_user, commitments):
    client.force_login(admin_user)
    assert rows(client) == ["Cấp sổ đỏ", "Nạo vét kênh", "Sửa đường Nguyễn Du", "Lắp đèn chiếu sáng"]
    html = BeautifulSoup(client.get("/admin/cam-ket/").content.decode(), "html.parser")
    link = html.find("a", string=lambda text: text and "Nạo vét kênh" in text)
    assert link["href"] == f"/admin/pages/{commitments['dialogue'].pk}/edit/"
    assert f"{timezone.localdate() - 2 * DAY:%d/%m/%Y}" in html.get_text()


def test_filters_by_status_agency_and_how_soon_it_falls_due(client, admin_user, commitments):
    client.force_login(admin_user)
    assert rows(client, "?status=overdue") == ["Nạo vét kênh"]
    assert rows(client, "?status=done") == ["Cấp sổ đỏ"]
    assert rows(client, f"?agency={commitments['department'].pk}") == ["Nạo vét kênh", "Lắp đèn chiếu sáng"]
    assert rows(client, "?due_within=30") == ["Sửa đường Nguyễn Du"]
    assert rows(client, "?due_within=45") == ["Sửa đường Nguyễn Du", "Lắp đèn chiếu sáng"]


def test_only_those_allowed_to_view_commitments_see_the_list(client, django_user_model, commitments):
    clerk = django_user_model.objects.create_user("vanthu", "vanthu@example.invalid", "mat-khau-2026")
    clerk.user_permissions.set(Permission.objects.filter(codename="access_admin"))
    client.force_login(clerk)
    assert client.get("/admin/cam-ket/").status_code in (302, 403)
    clerk.user_permissions.add(Permission.objects.get(codename="view_commitment"))
    assert client.get("/admin/cam-ket/").status_code == 200
    # Nothing to add, change or delete here: commitments are edited on their dialogue's page.
    assert client.get("/admin/cam-ket/new/").status_code == 404
