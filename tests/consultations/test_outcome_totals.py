"""Issue #11: what came of the comments is easy to find — counted in one place, opening the
report, announced on the draft, and linked from its status line."""

import pytest
from bs4 import BeautifulSoup

from consultations import services
from consultations.models import Comment
from tests.consultations.factories import CommentFactory, closed_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_draft(open_draft):
    for key, value in closed_window(closed_days_ago=3).items():
        setattr(open_draft, key, value)
    open_draft.save_revision().publish()
    return open_draft


def on_section(policy, anchor, **kwargs):
    section = policy.section_by_anchor(anchor)
    return CommentFactory(page=policy, section_id=section.block_id, section_title=section.title, **kwargs)


@pytest.fixture
def answered(closed_draft):
    """Eight comments in: five published (two accepted, one partly, one not, one unanswered),
    two refused, one still waiting."""
    for outcome in ("accepted", "accepted", "partly", "not_accepted", ""):
        on_section(closed_draft, "dieu-3", response_outcome=outcome, response_text="Trả lời" if outcome else "")
    for _ in range(2):
        CommentFactory(page=closed_draft, state=Comment.State.REJECTED, rejection_reason="spam")
    CommentFactory(page=closed_draft, state=Comment.State.PENDING)
    return closed_draft


def page_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def totals_in(html):
    """{key: number} from a `dl.totals`, by each item's modifier class."""
    return {
        next(c for c in item["class"] if c.startswith("totals__item--")).removeprefix("totals__item--"): int(
            item.dd.get_text(strip=True)
        )
        for item in html.select("dl.totals .totals__item")
    }


def test_the_totals_are_counted_from_the_records(answered):
    totals = services.comment_counts(answered)["outcomes"]
    assert (totals.received, totals.published, totals.pending) == (8, 5, 1)
    assert (totals.accepted, totals.partly, totals.not_accepted) == (2, 1, 1)
    assert (totals.unanswered, totals.not_published) == (1, 2)
    assert [key for key, _label, _n in totals.rows()] == [
        "received",
        "published",
        "pending",
        "accepted",
        "partly",
        "not_accepted",
        "unanswered",
        "not_published",
    ]


def test_nothing_waiting_is_not_shown_as_a_zero(closed_draft):
    on_section(closed_draft, "dieu-1", response_outcome="accepted")
    totals = services.comment_counts(closed_draft)["outcomes"]
    assert "pending" not in [key for key, _label, _n in totals.rows()]
    assert (totals.received, totals.published, totals.accepted, totals.unanswered) == (1, 1, 1, 0)


@pytest.fixture
def reported(answered, moderator):
    Comment.objects.filter(state=Comment.State.PENDING).update(
        state=Comment.State.REJECTED, rejection_reason="off_topic"
    )
    services.respond(
        Comment.objects.published().filter(response_outcome=""), "not_accepted", "Giữ nguyên vì …", moderator
    )
    services.publish_report(answered, moderator)
    return answered


def test_the_report_opens_with_the_totals_by_outcome(client, reported):
    html = page_of(client.get(reported.url + "bao-cao/"))
    totals = html.find("section", attrs={"aria-labelledby": "totals-heading"})
    assert totals_in(totals) == {
        "received": 8,
        "published": 5,
        "accepted": 2,
        "partly": 1,
        "not_accepted": 2,
        "unanswered": 0,
        "not_published": 3,
    }
    labels = [dt.get_text(strip=True) for dt in totals.select("dt")]
    assert labels[:2] == ["Đã nhận", "Đã đăng"] and labels[-2:] == ["Chưa trả lời", "Không đăng"]
    # Before the tables: the first thing a reader meets after the report's facts.
    assert totals.find_previous("table") is None


def test_the_report_tables_stack_on_a_phone_every_cell_labelled_with_its_column(client, reported):
    html = page_of(client.get(reported.url + "bao-cao/"))
    tables = html.select("table.stack-table")
    assert {"report-table", "report-totals"} <= {c for table in tables for c in table["class"]}
    for table in tables:
        headings = [th.get_text(strip=True) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            cells = row.find_all(["td", "th"])
            labels = [cell.get("data-label") for cell in cells]
            assert all(labels), row
            if len(cells) == len(headings):
                assert labels == headings
    # The section heads its group of comments in its own row, not in a cell spanning rows.
    assert not html.select("table [rowspan]")
    groups = html.select("table.report-table tbody tr:first-child th[scope=rowgroup]")
    assert [th.get_text(strip=True) for th in groups] == ["Điều 3. Nguyên tắc hỗ trợ"]


def test_the_draft_announces_its_report_and_its_status_line_leads_there(client, reported):
    html = page_of(client.get(reported.url))
    report_url = reported.url + "bao-cao/"
    status = html.select_one("header .status")
    assert status.find("a")["href"] == report_url
    assert "đã công bố báo cáo" in status.get_text()

    panel = html.find("section", attrs={"aria-labelledby": "report-announcement-heading"})
    assert totals_in(panel)["accepted"] == 2 and totals_in(panel)["received"] == 8
    button = panel.select_one("a.button-link")
    assert button["href"] == report_url
    # No longer a small link beside the CSV and JSON.
    assert report_url not in [a["href"] for a in html.select(".inline-links a")]
    # Why the others were not published, still told.
    assert "spam" in panel.get_text().lower() or "quảng cáo" in panel.get_text()


def test_before_the_report_there_is_no_panel_and_no_link(client, answered):
    html = page_of(client.get(answered.url))
    assert html.find("section", attrs={"aria-labelledby": "report-announcement-heading"}) is None
    assert html.select_one("header .status a") is None
    assert client.get(answered.url + "bao-cao/").status_code == 404


def test_the_list_of_drafts_leads_from_a_closed_draft_to_its_report(client, reported, site_tree):
    html = page_of(client.get(site_tree["consultations"].url))
    closed = html.find("section", attrs={"aria-labelledby": "closed-heading"})
    card = next(card for card in closed.select("article.card") if reported.title in card.get_text())
    assert card.select_one(".status a")["href"] == reported.url + "bao-cao/"


def test_a_card_of_a_closed_draft_without_report_says_so_without_a_link(client, answered, site_tree):
    html = page_of(client.get(site_tree["consultations"].url))
    card = next(card for card in html.select("article.card") if answered.title in card.get_text())
    assert card.select_one(".status a") is None
    assert "đang chờ cơ quan tiếp thu" in card.select_one(".status").get_text()
