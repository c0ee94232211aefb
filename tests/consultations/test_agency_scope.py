"""Comments and response reports follow their page's agency in every admin list, filter, screen,
bulk action and count: an agency's moderators act on its own only; a provincial administrator on
all. Real admin requests, no redirects followed (Wagtail answers a refusal with a redirect to the
dashboard and a message, or 403)."""

from urllib.parse import urlencode

import pytest

from django.contrib.auth.models import Group

from wagtail.test.utils import WagtailTestUtils

from consultations.models import Comment, ResponseReport
from taxonomy.models import PROVINCIAL_ADMINS
from taxonomy.roles import sync_agency_roles
from tests.consultations.factories import CommentFactory, closed_window
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, staff
from users.models import User

pytestmark = pytest.mark.django_db

QUEUE = "/admin/y-kien/"
OVERVIEW = "/admin/y-kien/dot-lay-y-kien/"
DASHBOARD = "/admin/"


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == DASHBOARD)


@pytest.fixture
def world(site_tree):
    a = AgencyFactory(name="Sở Xây dựng tỉnh Hà Tĩnh", slug="so-xay-dung")
    b = AgencyFactory(name="Sở Tài chính tỉnh Hà Tĩnh", slug="so-tai-chinh")
    sync_agency_roles()
    drafts = {
        "A": PolicyPageFactory(parent=site_tree["policies"], drafting_agency=a, title="Dự thảo A", **closed_window()),
        "B": PolicyPageFactory(parent=site_tree["policies"], drafting_agency=b, title="Dự thảo B", **closed_window()),
    }
    comments = {
        key: {
            "pending": CommentFactory(page=draft, state=Comment.State.PENDING, body=f"Ý kiến chờ duyệt {key}"),
            "published": CommentFactory(
                page=draft,
                body=f"Ý kiến đã đăng {key}",
                response_outcome="accepted",
                response_text="Tiếp thu.",
            ),
        }
        for key, draft in drafts.items()
    }
    admin = User.objects.create_user("quan-tri-tinh")
    admin.groups.add(Group.objects.get(name=PROVINCIAL_ADMINS))
    people = {
        "moderator A": staff(a, "moderator"),
        "moderator B": staff(b, "moderator"),
        "editor A": staff(a, "editor"),
        "provincial administrator": admin,
    }
    return {"agencies": {"A": a, "B": b}, "drafts": drafts, "comments": comments, "people": people}


def bulk(action, *comments):
    return f"/admin/bulk/consultations/comment/{action}/?" + urlencode(
        [*(("id", c.pk) for c in comments), ("next", QUEUE)]
    )


def may(who, key):
    """Whether `who` moderates the comments of agency `key`'s draft."""
    return who == "provincial administrator" or who == f"moderator {key}"


WHO = ["moderator A", "moderator B", "editor A", "provincial administrator"]

# (name, request on one agency's comments, what shows it happened)
ACTIONS = [
    ("open a comment", lambda c, w: c.get(f"{QUEUE}edit/{w['published'].pk}/"), None),
    (
        "answer a comment",
        lambda c, w: c.post(
            f"{QUEUE}edit/{w['published'].pk}/",
            {"response_outcome": "partly", "response_text": "Tiếp thu một phần.", "response_agency": ""},
        ),
        lambda w: w["published"].response_outcome == "partly",
    ),
    ("confirm approval", lambda c, w: c.get(bulk("approve", w["pending"])), None),
    ("bulk approve", lambda c, w: c.post(bulk("approve", w["pending"])), lambda w: w["pending"].state == "published"),
    (
        "bulk reject",
        lambda c, w: c.post(bulk("reject", w["pending"]), {"reason": "spam"}),
        lambda w: w["pending"].state == "rejected",
    ),
    (
        "bulk answer",
        lambda c, w: c.post(
            bulk("respond", w["published"]), {"outcome": "not_accepted", "response_text": "Giải trình.", "agency": ""}
        ),
        lambda w: w["published"].response_outcome == "not_accepted",
    ),
]


@pytest.mark.parametrize(("action", "send", "done"), ACTIONS, ids=[a[0] for a in ACTIONS])
@pytest.mark.parametrize("who", WHO)
def test_comment_actions_are_for_the_drafts_own_agency(client, world, who, action, send, done):
    client.force_login(world["people"][who])
    for key in "AB":
        mine = world["comments"][key]
        response = send(client, mine)
        for comment in mine.values():
            comment.refresh_from_db()
        if may(who, key):
            assert not refused(response), (who, action, key)
            if done:
                assert done(mine), (who, action, key)
            else:
                assert response.status_code == 200
        else:
            assert refused(response), (who, action, key)
            assert mine["pending"].state == "pending" and mine["published"].response_outcome == "accepted"


@pytest.mark.parametrize("who", WHO)
def test_queue_filters_and_overview_show_only_ones_own_agencys(client, world, who):
    client.force_login(world["people"][who])
    queue = client.get(QUEUE)
    overview = client.get(OVERVIEW)
    if who == "editor A":
        assert refused(queue) and refused(overview)
        return
    html = queue.content.decode()
    soup = WagtailTestUtils.get_soup(queue.content)
    filter_pages = {o.get_text(strip=True) for o in soup.select("select[name=page] option") if o.get("value")}
    rows = WagtailTestUtils.get_soup(overview.content).select("main table tbody tr")
    overview_text = " ".join(row.get_text(" ", strip=True) for row in rows)
    for key in "AB":
        shown = may(who, key)
        assert (f"Ý kiến chờ duyệt {key}" in html) is shown, key
        assert (f"Dự thảo {key}" in filter_pages) is shown, key
        assert (f"Dự thảo {key}" in overview_text) is shown, key


def test_select_all_in_the_listing_acts_on_ones_own_agencys_comments_only(client, world):
    client.force_login(world["people"]["moderator A"])
    url = f"/admin/bulk/consultations/comment/approve/?id=all&next={QUEUE}"
    assert client.post(url).status_code == 302
    states = {c.body: c.state for c in Comment.objects.filter(state__in=["pending", "published"])}
    assert states["Ý kiến chờ duyệt A"] == "published"
    assert states["Ý kiến chờ duyệt B"] == "pending"


@pytest.mark.parametrize("who", WHO)
def test_the_report_is_published_by_the_drafts_own_agency(client, world, who):
    client.force_login(world["people"][who])
    for key in "AB":
        draft = world["drafts"][key]
        # Pending comments would hold the report back: decide them first.
        Comment.objects.filter(page=draft, state="pending").update(state="rejected", rejection_reason="spam")
        response = client.post(f"/admin/y-kien/bao-cao/{draft.pk}/")
        published = ResponseReport.objects.filter(page=draft).exists()
        if may(who, key):
            assert response.status_code == 302 and response["Location"] == OVERVIEW
            assert published, (who, key)
        else:
            assert refused(response) and not published, (who, key)


def test_questions_sent_before_a_dialogue_follow_the_dialogues_agency(client, world, site_tree):
    dialogue_b = DialoguePageFactory(parent=site_tree["dialogues"], agency=world["agencies"]["B"])
    question = CommentFactory(page=dialogue_b, state=Comment.State.PENDING, body="Câu hỏi gửi trước cho Sở B")
    client.force_login(world["people"]["moderator A"])
    assert "Câu hỏi gửi trước cho Sở B" not in client.get(QUEUE).content.decode()
    assert refused(client.post(bulk("approve", question)))
    client.force_login(world["people"]["moderator B"])
    assert "Câu hỏi gửi trước cho Sở B" in client.get(QUEUE).content.decode()
    assert client.post(bulk("approve", question)).status_code == 302
    question.refresh_from_db()
    assert question.state == Comment.State.PUBLISHED
