"""The admin dashboard says what each agency has to do today, and every count opens the list of
exactly the rows it counted."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Comment, ResponseReport
from home import dashboard
from taxonomy.roles import Role, add_person
from tests.consultations.factories import CommentFactory
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory, section
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def policy(parent, title, opens, closes, agency=None, **fields):
    return PolicyPageFactory(
        parent=parent,
        title=title,
        drafting_agency=agency,
        text=[section("article", "1", "Phạm vi", "Quy định chung.")],
        consultation_opens_at=opens,
        consultation_closes_at=closes,
        **fields,
    )


@pytest.fixture
def agencies():
    return {
        "A": AgencyFactory(name="Sở Tài nguyên và Môi trường"),
        "B": AgencyFactory(name="Ủy ban nhân dân xã Thạch Hà"),
        "C": AgencyFactory(name="Sở Tư pháp"),
    }


@pytest.fixture
def fixture(site_tree, agencies):
    """A province's day: what is counted is named; `noise` rows must not be."""
    A, B, C = agencies["A"], agencies["B"], agencies["C"]
    now = timezone.now()
    today = timezone.localdate()
    drafts = site_tree["policies"]
    # The default rules: 30 days to publish the response report.
    month = 30 * DAY

    # Consultations closing within 7 days: at 17:00 on the seventh day counts, 00:30 on the eighth not.
    closing_7 = policy(drafts, "Đóng sau đúng 7 ngày", now - 20 * DAY, local(today + 7 * DAY, 17), A)
    policy(drafts, "Đóng sau 8 ngày (noise)", now - 20 * DAY, local(today + 8 * DAY, 0, 30), B)
    closing_issued = policy(
        drafts, "Do Sở Tư pháp soạn, Sở TNMT ban hành", now - 20 * DAY, now + 2 * DAY, C, issuing_agency=A
    )
    # Reports: due today (its limit ends in 5 minutes), due in a while, overdue by a minute.
    policy(drafts, "Báo cáo đến hạn hôm nay", now - 60 * DAY, now - month + 5 * datetime.timedelta(minutes=1), A)
    policy(drafts, "Báo cáo còn trong hạn", now - 40 * DAY, now - 3 * DAY, B)
    policy(drafts, "Báo cáo quá hạn", now - 60 * DAY, now - month - datetime.timedelta(minutes=1), A)
    published = policy(drafts, "Đã công bố báo cáo (noise)", now - 70 * DAY, now - 40 * DAY, A)
    ResponseReport.objects.create(page=published, published_at=now - 20 * DAY)
    policy(
        drafts, "Đã rút (noise)", now - 70 * DAY, now - 40 * DAY, A, withdrawn_on=today - 50 * DAY, withdrawn_reason="."
    )

    dialogues = site_tree["dialogues"]
    coming = DialoguePageFactory(
        parent=dialogues, title="Đối thoại về bồi thường đất", agency=A, accepts_questions=True, held_at=now + 10 * DAY
    )
    coming_b = DialoguePageFactory(
        parent=dialogues,
        title="Đối thoại với nhân dân xã Thạch Hà",
        agency=B,
        accepts_questions=True,
        held_at=now + 5 * DAY,
        commitments=[commitment("Quá hạn, theo cơ quan của cuộc đối thoại", today - 5 * DAY, "in_progress")],
    )
    DialoguePageFactory(parent=dialogues, title="Không nhận câu hỏi (noise)", agency=A, held_at=now + 3 * DAY)
    past = DialoguePageFactory(
        parent=dialogues,
        title="Đối thoại đã diễn ra",
        agency=A,
        accepts_questions=True,
        held_at=now - 10 * DAY,
        commitments=[
            commitment("Đến hạn sau đúng 30 ngày", today + 30 * DAY, agency=A),
            commitment("Đến hạn sau 31 ngày (noise)", today + 31 * DAY, agency=B),
            commitment("Đến hạn hôm nay", today, "in_progress"),
            commitment("Quá hạn, của xã", today - DAY, agency=B),
            commitment("Xong rồi (noise)", today - DAY, "done", agency=A),
        ],
    )

    pending = Comment.State.PENDING
    CommentFactory(page=closing_7, state=pending, body="Chờ duyệt 1 về dự thảo của Sở TNMT")
    CommentFactory(page=closing_issued, state=pending, body="Chờ duyệt 2 về dự thảo Sở TNMT ban hành")
    CommentFactory(page=closing_7, body="Đã đăng (noise)")
    CommentFactory(page=coming, state=pending, body="Câu hỏi chờ duyệt cho đối thoại sắp tới")
    CommentFactory(page=coming, body="Câu hỏi đã đăng cho đối thoại sắp tới")
    CommentFactory(page=past, state=pending, body="Câu hỏi chờ duyệt cho đối thoại đã qua")
    return {"coming": coming, "coming_b": coming_b}


# --- The counts -----------------------------------------------------------------------------


def test_the_counts_for_every_agency(fixture):
    today = dashboard.today_for(None)
    assert today.comments_pending == 4
    assert [(d.page.title, d.questions, d.pending) for d in today.coming_dialogues] == [
        ("Đối thoại với nhân dân xã Thạch Hà", 0, 0),
        ("Đối thoại về bồi thường đất", 2, 1),
    ]
    assert today.consultations_closing == 2
    assert (today.reports_due, today.reports_overdue) == (2, 1)
    assert (today.commitments_due, today.commitments_overdue) == (2, 2)


def test_the_counts_of_one_agency_follow_whose_each_record_is(fixture, agencies):
    """A draft is its drafting or issuing agency's, a dialogue its organiser's, a commitment its
    responsible agency's or its dialogue's, a comment its page's."""
    a = dashboard.today_for([agencies["A"]])
    assert a.comments_pending == 4
    assert [d.page.title for d in a.coming_dialogues] == ["Đối thoại về bồi thường đất"]
    assert a.consultations_closing == 2
    assert (a.reports_due, a.reports_overdue) == (1, 1)
    assert (a.commitments_due, a.commitments_overdue) == (2, 1)

    b = dashboard.today_for([agencies["B"]])
    assert b.comments_pending == 0
    assert [d.page.title for d in b.coming_dialogues] == ["Đối thoại với nhân dân xã Thạch Hà"]
    assert b.consultations_closing == 0
    assert (b.reports_due, b.reports_overdue) == (1, 0)
    assert (b.commitments_due, b.commitments_overdue) == (0, 2)

    nobody = dashboard.today_for([])
    assert (nobody.comments_pending, nobody.coming_dialogues, nobody.reports_due, nobody.commitments_due) == (
        0,
        [],
        0,
        0,
    )


def test_the_counts_take_the_same_few_queries_however_many_records(fixture, site_tree, agencies):
    dashboard.today_for([agencies["A"]])  # content types and the like, cached from then on
    with CaptureQueriesContext(connection) as first:
        dashboard.today_for([agencies["A"]])
    for _ in range(5):
        extra = DialoguePageFactory(
            parent=site_tree["dialogues"], agency=agencies["A"], accepts_questions=True, held_at=timezone.now() + DAY
        )
        CommentFactory(page=extra, state=Comment.State.PENDING)
    with CaptureQueriesContext(connection) as second:
        today = dashboard.today_for([agencies["A"]])
    assert len(today.coming_dialogues) == 6
    assert len(first) == len(second) <= 5


# --- The dashboard, over HTTP ---------------------------------------------------------------


def dashboard_links(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return {a.get_text(" ", strip=True): a["href"] for a in html.select("[id^=today-] a[href*='?']")}


def listed(client, url, cell):
    """The text of the first column of each row the list at `url` shows."""
    response = client.get(url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    rows = html.select("table.listing tbody tr")
    return sorted(
        re.sub(r"\s+", " ", row.select(cell)[0].get_text(" ", strip=True)) for row in rows if row.select(cell)
    )


def test_each_count_opens_the_list_of_exactly_its_rows(client, fixture, admin_user):
    client.force_login(admin_user)
    links = dashboard_links(client)
    assert set(links) == {
        "4 ý kiến, câu hỏi chờ duyệt",
        "2 câu hỏi đã nhận",
        "1 chờ duyệt",
        "2 đợt lấy ý kiến kết thúc trong 7 ngày tới",
        "2 báo cáo tiếp thu, giải trình đến hạn, còn trong thời hạn",
        "1 báo cáo tiếp thu, giải trình quá hạn",
        "2 cam kết đến hạn trong 30 ngày tới",
        "2 cam kết quá hạn",
    }
    comment = "td:nth-of-type(2) a"
    assert listed(client, links["4 ý kiến, câu hỏi chờ duyệt"], comment) == [
        "Chờ duyệt 1 về dự thảo của Sở TNMT",
        "Chờ duyệt 2 về dự thảo Sở TNMT ban hành",
        "Câu hỏi chờ duyệt cho đối thoại sắp tới",
        "Câu hỏi chờ duyệt cho đối thoại đã qua",
    ]
    assert listed(client, links["2 câu hỏi đã nhận"], comment) == [
        "Câu hỏi chờ duyệt cho đối thoại sắp tới",
        "Câu hỏi đã đăng cho đối thoại sắp tới",
    ]
    assert listed(client, links["1 chờ duyệt"], comment) == ["Câu hỏi chờ duyệt cho đối thoại sắp tới"]

    draft = "td:nth-of-type(1) a"
    assert listed(client, links["2 đợt lấy ý kiến kết thúc trong 7 ngày tới"], draft) == [
        "Do Sở Tư pháp soạn, Sở TNMT ban hành",
        "Đóng sau đúng 7 ngày",
    ]
    assert listed(client, links["2 báo cáo tiếp thu, giải trình đến hạn, còn trong thời hạn"], draft) == [
        "Báo cáo còn trong hạn",
        "Báo cáo đến hạn hôm nay",
    ]
    assert listed(client, links["1 báo cáo tiếp thu, giải trình quá hạn"], draft) == ["Báo cáo quá hạn"]

    promise = "td:nth-of-type(1) a"
    assert listed(client, links["2 cam kết đến hạn trong 30 ngày tới"], promise) == [
        "Đến hạn hôm nay",
        "Đến hạn sau đúng 30 ngày",
    ]
    assert listed(client, links["2 cam kết quá hạn"], promise) == [
        "Quá hạn, của xã",
        "Quá hạn, theo cơ quan của cuộc đối thoại",
    ]


def test_zero_counts_are_said_plainly(client, site_tree, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    html = BeautifulSoup(response.content.decode(), "html.parser")
    text = " ".join(panel.get_text(" ", strip=True) for panel in html.select("[id^=today-]"))
    for sentence in (
        "Không có ý kiến chờ duyệt",
        "Không có cuộc đối thoại sắp tới nào nhận câu hỏi",
        "Không có đợt lấy ý kiến nào kết thúc trong 7 ngày tới",
        "Không có báo cáo nào đến hạn",
        "Không có báo cáo nào quá hạn",
        "Không có cam kết nào đến hạn trong 30 ngày tới",
        "Không có cam kết nào quá hạn",
    ):
        assert sentence in text
    assert not html.select("[id^=today-] a[href*='?']")
    # The site summary (every page, image and document counted) is gone.
    assert not html.select(".w-summary")


def test_a_moderator_sees_the_panels_headed_in_vietnamese_with_his_agencys_counts(
    client, fixture, agencies, django_user_model
):
    moderator = django_user_model.objects.create_user("kiemduyet", "kiemduyet@example.invalid", "mat-khau-2026")
    add_person(moderator, agencies["A"], Role.MODERATOR)
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    headings = [h.get_text(strip=True) for h in html.select("[id^=today-] h2")]
    assert headings == ["Ý kiến và câu hỏi", "Các đợt lấy ý kiến và báo cáo", "Cam kết sau đối thoại"]
    # Each panel is a labelled region; its counts are links the moderator may follow.
    for panel in html.select("section[id^=today-]"):
        assert html.find(id=panel["aria-labelledby"])
    links = dashboard_links(client)
    # The agency's own: its two overdue commitments are one, the commune's other is not counted.
    assert "1 cam kết quá hạn" in links and "2 cam kết quá hạn" not in links
    assert client.get(links["4 ý kiến, câu hỏi chờ duyệt"]).status_code == 200
    assert client.get(links["1 cam kết quá hạn"]).status_code == 200


def test_an_editor_without_moderation_sees_no_counts_he_cannot_open(client, fixture, django_user_model):
    editor = django_user_model.objects.create_user("bientapvien", "btv@example.invalid", "mat-khau-2026")
    editor.user_permissions.set(Permission.objects.filter(codename="access_admin"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert not BeautifulSoup(response.content.decode(), "html.parser").select("[id^=today-]")
