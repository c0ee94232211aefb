"""The admin speaks Vietnamese on every screen an agency editor and a moderator use (issue #12,
item 6): Chromium walks their journeys and fails on any English word it sees or a screen reader
would say, naming the screen, the word and the text around it (`tests/e2e/english.py`)."""

import io

import pytest
from PIL import Image as PILImage

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from consultations.models import Comment
from images.models import CustomImage
from policies.models import PolicyPage
from taxonomy.roles import Role, add_person
from tests.consultations.factories import CommentFactory
from tests.e2e.english import EnglishFinder, english_words
from tests.taxonomy.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-2026"
# What the test itself names in ASCII: its users.
USER_CONTENT = {"bientap", "kiemduyet"}


def grant(group, *codenames):
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def agency_people(site_tree, one_page_of_each_type, django_user_model):
    """An agency editor (writes and submits) and a moderator who leads (approves, moderates,
    answers, reports progress), with Wagtail's own permissions, and an approval workflow."""
    Page.objects.filter(depth=1).update(title="Gốc")
    collection = Collection.get_first_root_node()
    Collection.objects.filter(pk=collection.pk).update(name="Thư viện chung")
    editors = Group.objects.create(name="Biên tập viên")
    grant(editors, "access_admin", "view_agency", "view_area", "view_sector")
    for permission in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors, page=site_tree["home"], permission=Permission.objects.get(codename=permission)
        )
    for codename in ("add_image", "choose_image", "change_image", "add_document", "choose_document", "change_document"):
        GroupCollectionPermission.objects.create(
            group=editors, collection=collection, permission=Permission.objects.get(codename=codename)
        )
    leaders = Group.objects.create(name="Lãnh đạo, kiểm duyệt")
    grant(leaders, "access_admin", "moderate_comment", "add_commitmentupdate", "change_commitmentupdate")
    grant(leaders, "view_commitmentupdate")
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=leaders, page=site_tree["home"], permission=Permission.objects.get(codename=permission)
        )
    task = GroupApprovalTask.objects.create(name="Lãnh đạo cơ quan duyệt")
    task.groups.set([leaders])
    workflow = Workflow.objects.create(name="Duyệt trước khi công bố")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=site_tree["home"])

    editor = django_user_model.objects.create_user(
        "bientap", "bientap@example.invalid", PASSWORD, first_name="Lan", last_name="Nguyễn Thị"
    )
    editor.groups.add(editors)
    moderator = django_user_model.objects.create_user(
        "kiemduyet", "kiemduyet@example.invalid", PASSWORD, first_name="Hùng", last_name="Trần Văn"
    )
    moderator.groups.add(leaders)

    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), (90, 140, 60)).save(buffer, "JPEG")
    image = CustomImage.objects.create(
        title="Hội nghị đối thoại", file=ImageFile(buffer, name="hoi-nghi.jpg"), collection=collection
    )
    document = Document.objects.create(
        title="Tờ trình dự thảo", file=ContentFile(b"%PDF-1.4\n", name="to-trinh.pdf"), collection=collection
    )
    # Each works for the agency that drafted the policy (taxonomy.roles): the editor writes and
    # submits, the moderator also leads, so she approves.
    policy = PolicyPage.objects.get(document_number="33-CT/TU")
    agency = AgencyFactory(name="Ban Dân vận Tỉnh ủy", slug="ban-dan-van")
    policy.drafting_agency = agency
    policy.save_revision().publish()
    add_person(editor, agency, Role.EDITOR)
    add_person(moderator, agency, Role.MODERATOR)
    add_person(moderator, agency, Role.LEADER)
    return {"editor": editor, "moderator": moderator, "image": image, "document": document, "policy": policy}


def sign_in(browser, live_server, username, finder):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/admin/login/")
    finder.look(page, "login")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def visit(page, finder, live_server, screen, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{screen}: {path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    finder.look(page, screen)


def test_the_english_detector_tells_english_from_vietnamese_without_marks():
    assert english_words("Save draft") == ["Save", "draft"]
    assert english_words("Go to the first error") == ["Go", "to", "the", "first", "error"]
    assert english_words("Toggle sidebar · Main menu") == ["Toggle", "sidebar", "Main", "menu"]
    # Vietnamese typed without marks, names, products, files and addresses are not English.
    for text in [
        "an ninh quoc phong",
        "Trang chủ",
        "Tin tức",
        "Nguyen Van An",
        "Tải lên tệp CSV qua URL trên Wagtail 8.0.1",
        "to-trinh.pdf tại https://thamvan.hatinh.gov.vn/van-ban/",
        "bientap@example.invalid",
    ]:
        assert english_words(text) == [], text


def test_an_agency_editor_walks_her_screens_in_vietnamese(live_server, browser, site_tree, agency_people):
    finder = EnglishFinder(allowed=USER_CONTENT)
    page = sign_in(browser, live_server, "bientap", finder)
    policy = agency_people["policy"]
    home, policies = site_tree["home"], site_tree["policies"]

    finder.look(page, "dashboard")
    page.get_by_role("button", name="Trang", exact=True).click()
    page.wait_for_timeout(500)
    finder.look(page, "page explorer menu")
    visit(page, finder, live_server, "explorer (home)", f"/admin/pages/{home.pk}/")
    visit(page, finder, live_server, "explorer (documents)", f"/admin/pages/{policies.pk}/")
    visit(page, finder, live_server, "page search", "/admin/pages/search/?q=d%E1%BB%B1+th%E1%BA%A3o")

    # A new draft policy: its panels, the StreamField's block menu, saving a draft.
    visit(page, finder, live_server, "new policy", f"/admin/pages/add/policies/policypage/{policies.pk}/")
    page.locator("button.c-sf-add-button").first.click()
    page.wait_for_timeout(500)
    finder.look(page, "new policy, block menu")
    page.keyboard.press("Escape")
    page.locator("#id_title").fill("Dự thảo Quyết định về chợ đêm")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_load_state("networkidle")
    finder.look(page, "new policy, saved")

    # An existing draft: the status panel, the schedule dialog, the footer's actions, submitting.
    visit(page, finder, live_server, "edit policy", f"/admin/pages/{policy.pk}/edit/")
    page.locator("[data-side-panel-toggle='status']").click()
    page.wait_for_timeout(500)
    finder.look(page, "edit policy, status panel")
    page.locator("[data-side-panel-toggle='status']").click()
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.wait_for_timeout(300)
    finder.look(page, "edit policy, actions menu")
    page.locator("footer button[name='action-submit']").click()
    page.wait_for_load_state("networkidle")
    finder.look(page, "edit policy, submitted")
    visit(page, finder, live_server, "page history", f"/admin/pages/{policy.pk}/history/")
    visit(page, finder, live_server, "workflow history", f"/admin/pages/{policy.pk}/workflow_history/")

    visit(page, finder, live_server, "images", "/admin/images/")
    visit(page, finder, live_server, "add images", "/admin/images/multiple/add/")
    visit(page, finder, live_server, "edit image", f"/admin/images/{agency_people['image'].pk}/")
    visit(page, finder, live_server, "documents", "/admin/documents/")
    visit(page, finder, live_server, "add documents", "/admin/documents/multiple/add/")
    visit(page, finder, live_server, "edit document", f"/admin/documents/edit/{agency_people['document'].pk}/")
    visit(page, finder, live_server, "snippets", "/admin/snippets/")
    visit(page, finder, live_server, "agencies", "/admin/snippets/taxonomy/agency/")
    visit(page, finder, live_server, "locked pages report", "/admin/reports/locked/")
    visit(page, finder, live_server, "account", "/admin/account/")
    page.context.close()

    assert finder.findings == [], finder.report()


def test_a_moderator_walks_her_screens_in_vietnamese(live_server, browser, site_tree, agency_people):
    finder = EnglishFinder(allowed=USER_CONTENT)
    policy = agency_people["policy"]
    policy.save_revision(user=agency_people["editor"])
    policy.get_workflow().start(policy, agency_people["editor"])
    comment = Comment.objects.filter(page=policy).first()
    Comment.objects.filter(pk=comment.pk).update(state=Comment.State.PUBLISHED)
    CommentFactory(page=policy, state=Comment.State.PENDING)

    page = sign_in(browser, live_server, "kiemduyet", finder)
    finder.look(page, "dashboard, awaiting review")
    visit(page, finder, live_server, "review the draft", f"/admin/pages/{policy.pk}/edit/")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.wait_for_timeout(300)
    finder.look(page, "review, actions menu")
    page.locator("footer button[data-workflow-action-name='approve']").first.click()
    page.wait_for_timeout(1000)
    finder.look(page, "review, approve dialog")

    visit(page, finder, live_server, "comment queue", "/admin/y-kien/")
    visit(page, finder, live_server, "comment queue, pending", "/admin/y-kien/?state=pending")
    visit(page, finder, live_server, "answer a comment", f"/admin/y-kien/edit/{comment.pk}/")
    visit(page, finder, live_server, "comment history", f"/admin/y-kien/history/{comment.pk}/")
    visit(page, finder, live_server, "answer in bulk", f"/admin/bulk/consultations/comment/respond/?id={comment.pk}")
    visit(page, finder, live_server, "consultations and reports", "/admin/y-kien/dot-lay-y-kien/")
    visit(page, finder, live_server, "commitment progress", "/admin/snippets/dialogues/commitmentupdate/")
    visit(page, finder, live_server, "new progress update", "/admin/snippets/dialogues/commitmentupdate/add/")
    page.context.close()

    assert finder.findings == [], finder.report()
