"""The scorecard's pages over HTTP: the table of agencies for a year (sortable, with a year
chooser), one agency over the years, the method page and the files, each figure linking to the
records behind it (issue 15)."""

import datetime
import re

import pytest

from django.utils import timezone

from consultations.models import Comment, ResponseReport
from dialogues.models import Commitment
from scorecard.definitions import FIGURES
from tests.consultations.factories import CommentFactory
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.scorecard.factories import ScorecardPageFactory
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
TZ = timezone.get_fixed_timezone(7 * 60)


def at(month, day, hour=9):
    return datetime.datetime(YEAR, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def scorecard_site(site_tree):
    """Two agencies with records in 2025 and one without any; every figure below is known.

    Sở Xây dựng: two documents adopted (one after a 31-day consultation with four comments —
    three published, two of them answered "accepted", one refused as spam — and a report on time;
    one adopted without consultation), a dialogue with two commitments (one done on time, one
    overdue). Sở Tài chính: one document adopted without consultation. Sở Nội vụ: nothing."""
    building = AgencyFactory(name="Sở Xây dựng", slug="so-xay-dung")
    finance = AgencyFactory(name="Sở Tài chính", slug="so-tai-chinh")
    home_affairs = AgencyFactory(name="Sở Nội vụ", slug="so-noi-vu")
    policies = site_tree["policies"]
    consulted = PolicyPageFactory(
        parent=policies,
        title="Nghị quyết hỗ trợ hiến đất làm đường",
        issuing_agency=building,
        drafting_agency=building,
        consultation_opens_at=at(3, 1),
        consultation_closes_at=at(3, 31, 17),
        issued_on=datetime.date(YEAR, 5, 10),
        adopted_on=datetime.date(YEAR, 5, 10),
    )
    CommentFactory.create_batch(2, page=consulted, response_outcome="accepted", response_text="Tiếp thu.")
    CommentFactory(page=consulted, response_outcome="")
    CommentFactory(page=consulted, state=Comment.State.REJECTED, rejection_reason=Comment.RejectionReason.SPAM)
    ResponseReport.objects.create(page=consulted, published_at=at(4, 10))
    unconsulted = PolicyPageFactory(
        parent=policies,
        title="Quyết định quy định giá dịch vụ xe",
        issuing_agency=building,
        drafting_agency=building,
        issued_on=datetime.date(YEAR, 6, 1),
        adopted_on=datetime.date(YEAR, 6, 1),
    )
    finance_decision = PolicyPageFactory(
        parent=policies,
        title="Quyết định về phí thẩm định",
        issuing_agency=finance,
        drafting_agency=finance,
        issued_on=datetime.date(YEAR, 7, 1),
        adopted_on=datetime.date(YEAR, 7, 1),
    )
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        agency=building,
        held_at=at(9, 20),
        commitments=[
            commitment("Chi trả tiền bồi thường", datetime.date(YEAR, 10, 31), status="done", agency=building),
            commitment("Làm đường vào cụm công nghiệp", datetime.date(YEAR, 11, 30), agency=building),
        ],
    )
    Commitment.objects.filter(text="Chi trả tiền bồi thường").update(done_on=datetime.date(YEAR, 10, 15))
    tracker = CommitmentTrackerPageFactory(parent=site_tree["home"])
    page = ScorecardPageFactory(parent=site_tree["home"])
    return {
        "page": page,
        "building": building,
        "finance": finance,
        "home_affairs": home_affairs,
        "consulted": consulted,
        "unconsulted": unconsulted,
        "finance_decision": finance_decision,
        "dialogue": dialogue,
        "tracker": tracker,
    }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def row_of(html, name):
    """The table row of one agency, as the text of its cells (tags stripped)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    row = next(row for row in rows if f">{name}</a>" in row)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
    ]


def test_the_table_shows_each_agencys_known_figures_for_the_year(client, scorecard_site):
    html = html_of(client, f"/bang-diem/?nam={YEAR}")
    # Agency; issued; % consulted; consultations; short windows; received; % answered; reports
    # overdue; commitments; % on time.
    assert row_of(html, "Sở Xây dựng") == ["Sở Xây dựng", "2", "50 %", "1", "0", "4", "66,7 %", "0", "2", "50 %"]
    assert row_of(html, "Sở Tài chính") == ["Sở Tài chính", "1", "0 %", "0", "0", "0", "—", "0", "0", "—"]
    # An agency with no record is listed with zeros and no shares.
    assert row_of(html, "Sở Nội vụ") == ["Sở Nội vụ", "0", "—", "0", "0", "0", "—", "0", "0", "—"]


def test_every_route_answers(client, scorecard_site):
    for url in [
        "/bang-diem/",
        f"/bang-diem/?nam={YEAR}",
        "/bang-diem/phuong-phap/",
        "/bang-diem/co-quan/so-xay-dung/",
        "/bang-diem/co-quan/so-noi-vu/",
    ]:
        html_of(client, url)
    for url, kind in [
        (f"/bang-diem/{YEAR}/csv/", "text/csv"),
        (f"/bang-diem/{YEAR}/json/", "application/json"),
        ("/bang-diem/co-quan/so-xay-dung/csv/", "text/csv"),
        ("/bang-diem/co-quan/so-xay-dung/json/", "application/json"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(kind), url


@pytest.mark.parametrize(
    "url",
    [
        "/bang-diem/co-quan/khong-co/",
        "/bang-diem/co-quan/khong-co/csv/",
        "/bang-diem/co-quan/so-xay-dung/xml/",
        "/bang-diem/?nam=1999",
        "/bang-diem/?nam=hai-nghin",
        "/bang-diem/1999/csv/",
        f"/bang-diem/{YEAR}/xml/",
    ],
)
def test_an_unknown_agency_year_or_format_is_not_found(client, scorecard_site, url):
    assert client.get(url).status_code == 404


def test_the_files_hold_the_same_figures_as_the_page(client, scorecard_site):
    records = client.get(f"/bang-diem/{YEAR}/json/").json()["rows"]
    building = next(record for record in records if record.get("agency_slug") == "so-xay-dung")
    assert building["documents_issued"] == 2
    assert building["comments_received"] == 4
    csv = client.get(f"/bang-diem/{YEAR}/csv/").content.decode("utf-8-sig")
    assert "so-xay-dung" in csv and "documents_issued" in csv
    history = client.get("/bang-diem/co-quan/so-xay-dung/json/").json()["rows"]
    assert any(record["year"] == YEAR and record["documents_issued"] == 2 for record in history)


def test_sorting_by_a_column_puts_the_largest_first_then_the_smallest(client, scorecard_site):
    names = lambda html: re.findall(r'<th scope="row"[^>]*>\s*<a href="[^"]+">([^<]+)</a>', html)  # noqa: E731
    by_name = names(html_of(client, f"/bang-diem/?nam={YEAR}"))
    assert by_name == sorted(by_name, key=lambda n: ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"].index(n))
    html = html_of(client, f"/bang-diem/?nam={YEAR}&sap-xep=-documents_issued")
    assert names(html) == ["Sở Xây dựng", "Sở Tài chính", "Sở Nội vụ"]
    assert re.search(
        r'<th scope="col" aria-sort="descending">\s*<a href="\?nam=2025&amp;sap-xep=documents_issued"', html
    )
    html = html_of(client, f"/bang-diem/?nam={YEAR}&sap-xep=documents_issued")
    assert names(html) == ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"]
    assert 'aria-sort="ascending"' in html
    # Agencies with nothing to divide by come last whichever the direction.
    for order in ("share_answered", "-share_answered"):
        assert names(html_of(client, f"/bang-diem/?nam={YEAR}&sap-xep={order}"))[0] == "Sở Xây dựng"
    # An unknown column sorts by name.
    assert names(html_of(client, f"/bang-diem/?nam={YEAR}&sap-xep=mat-khau")) == by_name


def test_the_year_chooser_offers_the_years_with_records_and_keeps_the_order(client, scorecard_site):
    html = html_of(client, f"/bang-diem/?nam={YEAR}&sap-xep=-comments_received")
    assert f'<option value="{YEAR}" selected>' in html
    assert f'<option value="{timezone.localdate().year}"' in html
    assert '<option value="-comments_received" selected>' in html
    # This year has no record: every agency shows zeros.
    html = html_of(client, "/bang-diem/")
    assert row_of(html, "Sở Xây dựng")[1] == "0"


def test_figures_link_to_the_records_behind_them(client, scorecard_site):
    html = html_of(client, f"/bang-diem/?nam={YEAR}")
    building = scorecard_site["building"]
    issued = f"/van-ban/?agency={building.pk}&amp;agency_role=issuing&amp;adopted_in={YEAR}"
    assert f'href="{issued}"' in html
    register = html_of(client, issued.replace("&amp;", "&"))
    assert "Nghị quyết hỗ trợ hiến đất làm đường" in register
    assert "Quyết định quy định giá dịch vụ xe" in register
    assert "Quyết định về phí thẩm định" not in register
    # The share consulted: the documents adopted after a consultation.
    after = html_of(client, issued.replace("&amp;", "&") + "&status=adopted_after_consultation")
    assert "Nghị quyết hỗ trợ hiến đất làm đường" in after and "Quyết định quy định giá dịch vụ xe" not in after
    # Comments: the drafts whose window closed in the year, each with its comments.
    consulted = f"/van-ban/?agency={building.pk}&amp;agency_role=drafting&amp;closed_in={YEAR}"
    assert f'href="{consulted}"' in html
    register = html_of(client, consulted.replace("&amp;", "&"))
    assert "Nghị quyết hỗ trợ hiến đất làm đường" in register and "Quyết định quy định giá dịch vụ xe" not in register
    # Commitments: the tracker, filtered by agency and year of the dialogue.
    tracked = f"/theo-doi-cam-ket/?agency={building.pk}&amp;year={YEAR}"
    assert f'href="{tracked}"' in html
    tracker = html_of(client, tracked.replace("&amp;", "&"))
    assert "Chi trả tiền bồi thường" in tracker and "Làm đường vào cụm công nghiệp" in tracker
    overdue = html_of(client, tracked.replace("&amp;", "&") + "&status=overdue")
    assert "Làm đường vào cụm công nghiệp" in overdue and "Chi trả tiền bồi thường" not in overdue
    # Dialogues and their questions (on the agency's page): the dialogues it organised in the year.
    held = f"/doi-thoai/?agency={building.pk}&amp;year={YEAR}"
    assert f'href="{held}"' in html_of(client, "/bang-diem/co-quan/so-xay-dung/")
    dialogues = html_of(client, held.replace("&amp;", "&"))
    assert scorecard_site["dialogue"].title in dialogues and "1 cuộc đối thoại" in dialogues
    # A zero links nowhere: there is nothing behind it.
    assert f"agency={scorecard_site['home_affairs'].pk}&amp;" not in html


def test_an_agency_page_shows_its_figures_over_the_years(client, scorecard_site):
    html = html_of(client, "/bang-diem/co-quan/so-xay-dung/")
    assert "<h1>Sở Xây dựng</h1>" in html
    assert f'<th scope="col">{YEAR}</th>' in html
    assert f'<th scope="col">{timezone.localdate().year}</th>' in html
    assert "66,7 %" in html
    assert 'href="/bang-diem/co-quan/so-xay-dung/csv/"' in html
    assert 'href="/bang-diem/"' in html
    # An agency with no record says so.
    assert "Chưa có hồ sơ nào ghi tên cơ quan này" in html_of(client, "/bang-diem/co-quan/so-noi-vu/")


def test_the_method_page_defines_every_figure(client, scorecard_site):
    html = html_of(client, "/bang-diem/phuong-phap/")
    for definition in FIGURES:
        assert f'id="{definition.key}"' in html
    assert 'href="/du-lieu-mo/"' in html


def test_the_open_data_page_lists_the_scorecards_files(client, scorecard_site):
    html = html_of(client, "/du-lieu-mo/")
    for url in [f"/bang-diem/{YEAR}/csv/", f"/bang-diem/{YEAR}/json/", "/bang-diem/phuong-phap/"]:
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200
