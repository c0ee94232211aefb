"""Units and agencies abolished by the 2025 merger are not offered for new content, but a page
that already names one keeps it when edited (the archive's pages are edited too)."""

import datetime
import re

import pytest

from dialogues.models import DialoguePage
from policies.models import PolicyPage
from taxonomy.models import Agency, Area
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory

pytestmark = pytest.mark.django_db

LAST_DAY_OF_DISTRICTS = datetime.date(2025, 6, 30)


@pytest.fixture
def units():
    return {
        "district_committee": AgencyFactory(name="Ủy ban nhân dân huyện Can Lộc", valid_to=LAST_DAY_OF_DISTRICTS),
        "department": AgencyFactory(name="Sở Xây dựng tỉnh Hà Tĩnh"),
        "province": AgencyFactory(name="Ủy ban nhân dân tỉnh Hà Tĩnh"),
        "district": AreaFactory(name="Huyện Can Lộc", level=Area.Level.DISTRICT, valid_to=LAST_DAY_OF_DISTRICTS),
        "commune": AreaFactory(name="Xã Đồng Lộc", valid_from=LAST_DAY_OF_DISTRICTS + datetime.timedelta(days=1)),
    }


def options(html, field_name):
    """The labels a <select name=...> offers."""
    select = re.search(rf'<select[^>]*name="{field_name}"[^>]*>(.*?)</select>', html, re.S)
    return {label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))}


def chooser(client, url):
    """The HTML of a chooser modal (sent as JSON) or of its results (sent as HTML)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()["html"] if response["Content-Type"].startswith("application/json") else response.text


def test_agencies_have_a_validity_like_areas(units):
    assert set(Agency.objects.valid_on(datetime.date(2026, 1, 1))) == {units["department"], units["province"]}
    assert units["district_committee"].is_valid_on(LAST_DAY_OF_DISTRICTS)
    assert not units["district_committee"].is_valid_on(LAST_DAY_OF_DISTRICTS + datetime.timedelta(days=1))


def test_a_new_policy_is_offered_only_units_that_exist_today(client, admin_user, site_tree, units):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/policies/policypage/{site_tree['policies'].pk}/")
    assert response.status_code == 200
    assert options(response.content.decode(), "areas") == {"Xã Đồng Lộc"}
    # Agencies are chosen in Wagtail's snippet chooser, which lists only today's, searched or not…
    listed = chooser(client, "/admin/snippets/choose/taxonomy/agency/")
    assert "Sở Xây dựng tỉnh Hà Tĩnh" in listed and "Ủy ban nhân dân huyện Can Lộc" not in listed
    found = chooser(client, "/admin/snippets/choose/taxonomy/agency/results/?q=Ủy ban")
    assert "Ủy ban nhân dân tỉnh Hà Tĩnh" in found and "Ủy ban nhân dân huyện Can Lộc" not in found
    areas = chooser(client, "/admin/snippets/choose/taxonomy/area/")
    assert "Xã Đồng Lộc" in areas and "Huyện Can Lộc" not in areas
    # …while the register of agencies keeps every one, for the archive.
    assert "Ủy ban nhân dân huyện Can Lộc" in client.get("/admin/snippets/taxonomy/agency/").content.decode()
    # …and the form refuses an abolished one sent anyway.
    form = PolicyPage.get_edit_handler().get_form_class()(instance=PolicyPage(), for_user=admin_user)
    assert set(form.fields["drafting_agency"].queryset) == {units["department"], units["province"]}


def test_an_archived_policy_keeps_its_abolished_agency_and_district(client, admin_user, site_tree, units):
    page = PolicyPageFactory(parent=site_tree["policies"], drafting_agency=units["district_committee"])
    page.areas.set([units["district"]])
    page.save_revision().publish()
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert options(html, "areas") == {"Huyện Can Lộc", "Xã Đồng Lộc"}
    assert "Ủy ban nhân dân huyện Can Lộc" in html

    form = PolicyPage.get_edit_handler().get_form_class()(instance=page, for_user=admin_user)
    assert units["district_committee"] in form.fields["drafting_agency"].queryset
    # Its own unit, not every abolished one: the issuing agency is empty.
    assert units["district_committee"] not in form.fields["issuing_agency"].queryset


def test_a_new_commitment_on_a_dialogue_cannot_name_an_abolished_agency(admin_user, site_tree, units):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[commitment("Chi trả bồi thường", datetime.date(2024, 12, 31), agency=units["district_committee"])],
    )
    form = DialoguePage.get_edit_handler().get_form_class()(instance=dialogue, for_user=admin_user)
    formset = form.formsets["commitments"]
    # The commitment made by the district committee keeps it…
    assert units["district_committee"] in formset.forms[0].fields["agency"].queryset
    # …and a commitment added now is offered only agencies that exist.
    new_row = formset.empty_form.fields["agency"].queryset
    assert units["department"] in new_row
    assert units["district_committee"] not in new_row
