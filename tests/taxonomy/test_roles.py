"""Agency roles are created and kept in step by code (taxonomy.roles), not by hand."""

import io

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, WorkflowPage

from policies.models import PolicyPage
from taxonomy.models import PROVINCIAL_ADMINS, AgencyApprovalTask
from taxonomy.roles import WORKFLOW_NAME, agencies_of, for_user, sync_agency_roles
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, staff
from users.models import User

pytestmark = pytest.mark.django_db


def sync_command():
    out = io.StringIO()
    call_command("sync_agency_roles", stdout=out)
    return out.getvalue()


def everything():
    """What the sync makes, to compare two runs."""
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group permissions": sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
        "page permissions": sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        "collections": sorted(Collection.objects.values_list("name", flat=True)),
        "collection permissions": sorted(
            GroupCollectionPermission.objects.values_list("group_id", "collection_id", "permission_id")
        ),
        "workflow sections": sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    }


def test_adding_an_agency_creates_its_groups_and_collection(site_tree):
    finance = AgencyFactory(name="Sở Tài chính tỉnh Hà Tĩnh", slug="so-tai-chinh")
    editors = Group.objects.get(name="Sở Tài chính tỉnh Hà Tĩnh — Biên tập viên")
    moderators = Group.objects.get(name="Sở Tài chính tỉnh Hà Tĩnh — Kiểm duyệt viên")
    leaders = Group.objects.get(name="Sở Tài chính tỉnh Hà Tĩnh — Lãnh đạo")
    collection = Collection.objects.get(name=finance.name)
    assert GroupCollectionPermission.objects.filter(
        group=editors, collection=collection, permission__codename="add_image"
    ).exists()
    # Editors write and submit; only leaders publish; moderators moderate comments.
    on_register = GroupPagePermission.objects.filter(page=site_tree["policies"])
    assert set(on_register.filter(group=editors).values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
    }
    assert "publish_page" in on_register.filter(group=leaders).values_list("permission__codename", flat=True)
    assert moderators.permissions.filter(codename="moderate_comment").exists()
    assert not editors.permissions.filter(codename="moderate_comment").exists()


def test_renaming_an_agency_renames_its_groups_and_collection(site_tree):
    agency = AgencyFactory(name="Sở Xây dựng", slug="so-xay-dung")
    agency.name = "Sở Xây dựng tỉnh Hà Tĩnh"
    agency.save()
    assert Group.objects.filter(name="Sở Xây dựng tỉnh Hà Tĩnh — Lãnh đạo").exists()
    assert not Group.objects.filter(name="Sở Xây dựng — Lãnh đạo").exists()
    assert Collection.objects.filter(name="Sở Xây dựng tỉnh Hà Tĩnh").count() == 1


def test_the_command_brings_everything_in_step_and_running_it_twice_changes_nothing(site_tree):
    first_agency, _second = AgencyFactory.create_batch(2)
    first_agency.role_groups.get(role="editor").group.permissions.clear()
    first = sync_command()
    assert "access_admin" in first  # the cleared permissions are back
    assert Group.objects.filter(name=PROVINCIAL_ADMINS).exists()
    assert AgencyApprovalTask.objects.count() == 1
    assert set(WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).values_list("page", flat=True)) == {
        site_tree["policies"].pk,
        site_tree["dialogues"].pk,
        site_tree["stories"].pk,
    }
    before = everything()
    assert sync_command().strip() == "0 change(s)."
    assert everything() == before


def test_agencies_of_names_a_persons_agencies_and_none_means_all(site_tree):
    mine, other = AgencyFactory(), AgencyFactory()
    editor = staff(mine, "editor")
    assert list(agencies_of(editor)) == [mine]
    assert list(agencies_of(editor, "leader")) == []
    admin = User.objects.create_user("quan-tri-tinh")
    admin.groups.add(Group.objects.get_or_create(name=PROVINCIAL_ADMINS)[0])
    assert agencies_of(admin) is None
    assert agencies_of(User.objects.create_superuser("sieu", "s@example.invalid", "x")) is None
    assert list(agencies_of(User.objects.create_user("nguoi-ngoai"))) == []

    own = PolicyPageFactory(parent=site_tree["policies"], drafting_agency=mine)
    # Without a drafting agency, a policy belongs to its issuing agency.
    issued = PolicyPageFactory(parent=site_tree["policies"], issuing_agency=mine)
    PolicyPageFactory(parent=site_tree["policies"], drafting_agency=other, issuing_agency=mine)
    assert set(for_user(PolicyPage.objects.all(), editor, page_field="pk")) == {own, issued}
    assert for_user(PolicyPage.objects.all(), admin, page_field="pk").count() == 3


def test_sync_agency_roles_returns_nothing_when_all_is_in_step(site_tree):
    AgencyFactory()
    sync_agency_roles()
    assert sync_agency_roles() == []


def test_deleting_an_agency_deletes_its_groups(site_tree):
    agency = AgencyFactory(name="Ban Quản lý dự án", slug="ban-qlda")
    assert Group.objects.filter(name__startswith="Ban Quản lý dự án — ").count() == 3
    agency.delete()
    assert not Group.objects.filter(name__startswith="Ban Quản lý dự án — ").exists()
