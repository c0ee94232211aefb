"""Progress on commitments follows the dialogue's agency in the admin (Commitment progress):
an agency's moderators list, add and edit the progress of their own agency's commitments only; a
provincial administrator all. Real admin requests, no redirects followed."""

import datetime

import pytest

from django.contrib.auth.models import Group

from wagtail.test.utils import WagtailTestUtils

from dialogues.commitments import CommitmentUpdate
from taxonomy.models import PROVINCIAL_ADMINS
from taxonomy.roles import sync_agency_roles
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.taxonomy.factories import AgencyFactory, staff
from users.models import User

pytestmark = pytest.mark.django_db

PROGRESS = "/admin/snippets/dialogues/commitmentupdate/"
DASHBOARD = "/admin/"
WHO = ["moderator A", "moderator B", "editor A", "provincial administrator"]


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == DASHBOARD)


def may(who, key):
    return who == "provincial administrator" or who == f"moderator {key}"


@pytest.fixture
def world(site_tree):
    agencies = {"A": AgencyFactory(slug="so-a"), "B": AgencyFactory(slug="so-b")}
    sync_agency_roles()
    commitments, updates = {}, {}
    for key, agency in agencies.items():
        dialogue = DialoguePageFactory(
            parent=site_tree["dialogues"],
            agency=agency,
            commitments=[commitment(f"Làm đường liên xã {key}", datetime.date(2027, 6, 30), agency=agency)],
        )
        commitments[key] = dialogue.commitments.get()
        updates[key] = CommitmentUpdate.objects.create(
            commitment=commitments[key], date=datetime.date(2026, 11, 1), text=f"Đã khởi công {key}"
        )
    admin = User.objects.create_user("quan-tri-tinh")
    admin.groups.add(Group.objects.get(name=PROVINCIAL_ADMINS))
    people = {
        "moderator A": staff(agencies["A"], "moderator"),
        "moderator B": staff(agencies["B"], "moderator"),
        "editor A": staff(agencies["A"], "editor"),
        "provincial administrator": admin,
    }
    return {"commitments": commitments, "updates": updates, "people": people}


def form(commitment_, text):
    return {"commitment": commitment_.pk, "date": "2026-12-01", "text": text, "evidence": ""}


@pytest.mark.parametrize("who", WHO)
def test_progress_is_listed_added_and_edited_by_the_dialogues_own_agency(client, world, who):
    client.force_login(world["people"][who])
    listing = client.get(PROGRESS)
    if who == "editor A":  # progress is the moderators' work
        assert refused(listing)
        assert refused(client.get(f"{PROGRESS}edit/{world['updates']['A'].pk}/"))
        return
    html = listing.content.decode()
    add_form = WagtailTestUtils.get_soup(client.get(f"{PROGRESS}add/").content)
    offered = {o["value"] for o in add_form.select("select[name=commitment] option") if o["value"]}
    for key in "AB":
        shown = may(who, key)
        update, commitment_ = world["updates"][key], world["commitments"][key]
        assert (f"Đã khởi công {key}" in html) is shown, key
        assert (str(commitment_.pk) in offered) is shown, key

        edit = client.get(f"{PROGRESS}edit/{update.pk}/")
        assert (edit.status_code == 200) is shown and refused(edit) is not shown, key
        saved = client.post(f"{PROGRESS}edit/{update.pk}/", form(commitment_, f"Đã xong nền đường {key}"))
        update.refresh_from_db()
        assert (update.text == f"Đã xong nền đường {key}") is shown, key
        if not shown:
            assert refused(saved)

        added = client.post(f"{PROGRESS}add/", form(commitment_, f"Tiến độ mới {key}"))
        assert CommitmentUpdate.objects.filter(text=f"Tiến độ mới {key}").exists() is shown, key
        if shown:
            assert added.status_code == 302
        else:
            assert added.status_code == 200  # the other agency's commitment is not a choice
