"""Each agency's pages are edited, submitted, approved and published by its own people only;
a provincial administrator does everything. Real admin requests, no redirects followed.

Wagtail answers a refused admin request with a redirect to the dashboard and a message, or 403.
"""

from urllib.parse import urlencode

import pytest

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Collection
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from taxonomy.models import PROVINCIAL_ADMINS, AgencyApprovalTask
from taxonomy.roles import sync_agency_roles
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory, image
from tests.taxonomy.factories import AgencyFactory, DocumentTypeFactory, staff
from users.models import User

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == DASHBOARD)


@pytest.fixture
def agencies(site_tree):
    a = AgencyFactory(name="Sở Xây dựng tỉnh Hà Tĩnh", slug="so-xay-dung")
    b = AgencyFactory(name="Sở Tài chính tỉnh Hà Tĩnh", slug="so-tai-chinh")
    sync_agency_roles()
    return a, b


@pytest.fixture
def people(agencies):
    a, b = agencies
    admin = User.objects.create_user("quan-tri-tinh", password="mat-khau-2026")
    admin.groups.add(Group.objects.get(name=PROVINCIAL_ADMINS))
    return {
        "editor A": staff(a, "editor"),
        "moderator A": staff(a, "moderator"),
        "leader A": staff(a, "leader"),
        "leader B": staff(b, "leader"),
        "provincial administrator": admin,
        "superuser": User.objects.create_superuser("sieu", "s@example.invalid", "x"),
    }


@pytest.fixture
def pages(site_tree, agencies):
    a, b = agencies
    return {
        ("policy", "A"): PolicyPageFactory(
            parent=site_tree["policies"], drafting_agency=a, title="Dự thảo của Sở Xây dựng"
        ),
        ("policy", "B"): PolicyPageFactory(
            parent=site_tree["policies"], drafting_agency=b, title="Dự thảo của Sở Tài chính"
        ),
        ("dialogue", "A"): DialoguePageFactory(parent=site_tree["dialogues"], agency=a),
        ("dialogue", "B"): DialoguePageFactory(parent=site_tree["dialogues"], agency=b),
        ("story", "A"): ModelStoryPageFactory(parent=site_tree["stories"], agency=a),
        ("story", "B"): ModelStoryPageFactory(parent=site_tree["stories"], agency=b),
    }


def policy_form(page, **fields):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "document_type": page.document_type_id,
            "drafting_agency": page.drafting_agency_id or "",
            "text": streamfield([]),
            "attachments": inline_formset([]),
            **fields,
        }
    )


def bulk(action, page):
    return f"/admin/bulk/wagtailcore/page/{action}/?" + urlencode({"id": page.pk, "next": "/admin/pages/"})


# Every page action, and which roles of the page's own agency may do it: (name, request, roles).
PAGE_ACTIONS = [
    ("open the editor", lambda c, p: c.get(f"/admin/pages/{p.pk}/edit/"), {"editor", "moderator*", "leader"}),
    ("unpublish", lambda c, p: c.post(f"/admin/pages/{p.pk}/unpublish/"), {"leader"}),
    ("bulk publish", lambda c, p: c.post(bulk("publish", p)), {"leader"}),
    ("bulk unpublish", lambda c, p: c.post(bulk("unpublish", p)), {"leader"}),
]
ADMINS = {"provincial administrator", "superuser"}


@pytest.mark.parametrize("kind", ["policy", "dialogue", "story"])
@pytest.mark.parametrize(("action", "send", "allowed"), PAGE_ACTIONS, ids=[a[0] for a in PAGE_ACTIONS])
@pytest.mark.parametrize("who", ["editor A", "moderator A", "leader A", "leader B", "provincial administrator"])
def test_page_actions_are_for_the_pages_own_agency(client, people, pages, kind, action, send, allowed, who):
    # Moderators edit dialogues only: commitments and their status are edited on the page.
    allowed = {role.rstrip("*") for role in allowed if not role.endswith("*") or kind == "dialogue"}
    client.force_login(people[who])
    for agency in "AB":
        page = pages[(kind, agency)]
        role, _space, own_agency = who.partition(" ")
        may = who in ADMINS or (agency == own_agency and role in allowed)
        if action == "bulk publish":
            page.unpublish()
        response = send(client, page)
        if action == "open the editor":
            assert (response.status_code == 200) is may and refused(response) is not may, (who, agency)
        else:
            # A bulk action skips the pages one may not touch; what counts is what happened.
            assert response.status_code in (200, 302), (who, action, agency)
            page.refresh_from_db()
            assert page.live is (may if action == "bulk publish" else not may), (who, action, agency)


def test_an_editor_saves_a_draft_of_her_agencys_page_but_not_of_another(client, people, pages):
    client.force_login(people["editor A"])
    own, other = pages[("policy", "A")], pages[("policy", "B")]
    saved = client.post(f"/admin/pages/{own.pk}/edit/", policy_form(own, title="Dự thảo đã sửa"))
    assert saved.status_code == 302 and saved["Location"] == f"/admin/pages/{own.pk}/edit/"
    own.refresh_from_db()
    assert own.get_latest_revision_as_object().title == "Dự thảo đã sửa"
    assert refused(client.post(f"/admin/pages/{other.pk}/edit/", policy_form(other, title="Sửa trộm")))
    other.refresh_from_db()
    assert other.get_latest_revision_as_object().title == "Dự thảo của Sở Tài chính"


def test_an_editor_cannot_publish_or_hand_a_page_to_another_agency(client, people, pages, agencies):
    a, b = agencies
    client.force_login(people["editor A"])
    own = pages[("policy", "A")]
    client.post(f"/admin/pages/{own.pk}/edit/", policy_form(own, title="Xuất bản thẳng", **{"action-publish": "1"}))
    own.refresh_from_db()
    assert own.title != "Xuất bản thẳng"  # saved as a draft at most, never live
    handed = client.post(f"/admin/pages/{own.pk}/edit/", policy_form(own, drafting_agency=b.pk))
    assert handed.status_code == 200
    own.refresh_from_db()
    assert own.get_latest_revision_as_object().drafting_agency == a

    # A new draft: the agency offered is hers, and one must be chosen.
    add = f"/admin/pages/add/policies/policypage/{own.get_parent().pk}/"
    soup = WagtailTestUtils.get_soup(client.get(add).content)
    offered = {o["value"] for o in soup.select("select[name=drafting_agency] option") if o["value"]}
    assert offered == {str(a.pk)}
    data = policy_form(own, title="Dự thảo mới", slug="du-thao-moi", drafting_agency="")
    assert client.post(add, data).status_code == 200
    created = client.post(add, {**data, "drafting_agency": a.pk})
    assert created.status_code == 302


def test_the_explorer_lists_only_ones_own_agencys_pages(client, people, pages, site_tree):
    client.force_login(people["editor A"])
    html = client.get(f"/admin/pages/{site_tree['policies'].pk}/").content.decode()
    assert "Dự thảo của Sở Xây dựng" in html and "Dự thảo của Sở Tài chính" not in html
    client.force_login(people["provincial administrator"])
    html = client.get(f"/admin/pages/{site_tree['policies'].pk}/").content.decode()
    assert "Dự thảo của Sở Xây dựng" in html and "Dự thảo của Sở Tài chính" in html


def test_submitted_by_the_editor_approved_by_her_agencys_leader_then_live(client, people, site_tree, agencies):
    a, _b = agencies
    draft = PolicyPageFactory(
        parent=site_tree["policies"],
        drafting_agency=a,
        title="Dự thảo chờ duyệt",
        live=False,
        document_type=DocumentTypeFactory(),
    )
    client.force_login(people["editor A"])
    submitted = client.post(f"/admin/pages/{draft.pk}/edit/", policy_form(draft, **{"action-submit": "1"}))
    assert submitted.status_code == 302
    draft.refresh_from_db()
    state = draft.current_workflow_state
    assert state is not None and isinstance(state.current_task_state.task.specific, AgencyApprovalTask)
    task_state = state.current_task_state
    approve = f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/"

    # The editor herself and another agency's leader cannot approve.
    for who in ("editor A", "leader B"):
        client.force_login(people[who])
        assert refused(client.post(approve)), who
        draft.refresh_from_db()
        assert not draft.live

    client.force_login(people["leader A"])
    # The leader sees it awaiting her review on the dashboard.
    assert "Dự thảo chờ duyệt" in client.get(DASHBOARD).content.decode()
    approved = client.post(approve)
    assert approved.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live


def collection_of(agency):
    return Collection.objects.get(name=agency.name)


def test_images_and_documents_are_in_each_agencys_collection(client, people, agencies):
    a, b = agencies
    images, documents = {}, {}
    for agency in (a, b):
        images[agency] = image(title=f"Ảnh {agency.slug}")
        images[agency].collection = collection_of(agency)
        images[agency].save()
        documents[agency] = Document.objects.create(
            title=f"Văn bản {agency.slug}",
            file=ContentFile(b"%PDF-1.4", name="vb.pdf"),
            collection=collection_of(agency),
        )
    client.force_login(people["editor A"])
    for agency, may in ((a, True), (b, False)):
        for url in (f"/admin/images/{images[agency].pk}/", f"/admin/documents/edit/{documents[agency].pk}/"):
            response = client.get(url)
            assert (response.status_code == 200) is may and refused(response) is not may, (url, agency)
    # What she uploads goes to her agency's collection: it is the only one offered.
    soup = WagtailTestUtils.get_soup(client.get("/admin/images/multiple/add/").content)
    assert {o.get_text(strip=True).strip() for o in soup.select("select[name=collection] option")} <= {a.name}
    client.force_login(people["provincial administrator"])
    assert client.get(f"/admin/images/{images[b].pk}/").status_code == 200
