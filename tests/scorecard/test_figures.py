"""The scorecard's figures, each one checked against a year built by hand (known_records)."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.definitions import FIGURES, FIGURES_BY_KEY, GROUPS, Kind
from scorecard.figures import agency_history, current_year, province_history, scorecard_for_year, scorecard_years
from taxonomy.models import Agency
from tests.scorecard import known_records
from tests.scorecard.known_records import AGENCIES_IN_2025, EXPECTED, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_year(site_tree):
    return known_records.build(site_tree)


def values(figures):
    return {definition.key: definition.value_of(figures) for definition in FIGURES}


def assert_figures(figures, expected):
    got = values(figures)
    wrong = {key: (got[key], want) for key, want in expected.items() if got[key] != pytest.approx(want)}
    assert not wrong, wrong


def test_the_province_counts_each_public_record_once(known_year):
    scorecard = scorecard_for_year(YEAR)
    assert scorecard.province.agency_id is None and scorecard.province.year == YEAR
    assert_figures(scorecard.province, EXPECTED[None])


def test_each_agency_counts_the_records_that_name_it(known_year):
    rows = {agency.slug: figures for agency, figures in scorecard_for_year(YEAR).rows}
    for slug in AGENCIES_IN_2025:
        assert rows[slug].agency_id == Agency.objects.get(slug=slug).pk
        assert_figures(rows[slug], EXPECTED[slug])


def test_the_table_lists_every_agency_of_the_year_by_name_those_without_records_included(known_year):
    rows = scorecard_for_year(YEAR).rows
    # The commune merged on 01/07 and the one that took it over are both there; the district
    # committee abolished at the end of 2024 is not.
    assert [agency.slug for agency, _ in rows] == AGENCIES_IN_2025
    empty = {agency.slug: figures for agency, figures in rows}["so-noi-vu"]
    assert empty.is_empty and empty.median_window_days is None and empty.share_adopted_after is None


def test_every_reason_outcome_and_channel_is_there_with_zeros(known_year):
    province = scorecard_for_year(YEAR).province
    assert province.comments_not_published == {
        "spam": 1,
        "offensive": 1,
        "off_topic": 0,
        "personal_data": 0,
        "duplicate": 0,
    }
    assert province.outcomes == {"accepted": 1, "partly": 1, "not_accepted": 1}
    assert set(province.comments_by_channel) == {
        "website",
        "meeting",
        "letter",
        "hotline",
        "zalo",
        "fatherland_front",
        "other",
    }


def test_a_window_across_new_year_counts_once_in_the_year_it_closes(known_year):
    before = scorecard_for_year(YEAR - 1).province
    assert before.consultations == 0 and before.comments_received == 0
    # 2024: the construction department's document adopted then, and the dialogue of 31/12 at 23:00.
    assert before.documents_issued == 1 and before.dialogues_held == 1
    assert scorecard_for_year(YEAR).province.consultations == 4


def test_a_report_on_the_last_allowed_day_is_on_time_and_one_a_day_later_overdue(known_year):
    construction = {a.slug: f for a, f in scorecard_for_year(YEAR).rows}["so-xay-dung"]
    assert (construction.reports_published, construction.reports_on_time, construction.reports_overdue) == (2, 1, 1)


def test_an_agency_renamed_or_abolished_keeps_a_record_naming_it_in_a_later_year(known_year):
    district = Agency.objects.get(slug="ubnd-huyen-thach-ha")
    page = known_year["d2"]
    page.agency = district
    page.save_revision().publish()
    rows = {a.slug: f for a, f in scorecard_for_year(YEAR).rows}
    assert rows["ubnd-huyen-thach-ha"].dialogues_held == 1
    assert rows["ubnd-xa-thach-ha"].dialogues_held == 0


def test_history_runs_from_the_first_record_to_this_year(known_year):
    construction = known_year["construction"]
    history = agency_history(construction)
    assert [f.year for f in history] == list(range(2024, current_year() + 1))
    assert all(f.agency_id == construction.pk for f in history)
    assert history[0].documents_issued == 1
    assert_figures(history[1], EXPECTED["so-xay-dung"])
    assert all(f.is_empty for f in history[2:])

    province = province_history()
    assert [f.year for f in province] == list(range(2024, current_year() + 1))
    assert_figures(province[1], EXPECTED[None])
    assert scorecard_years() == [YEAR, YEAR - 1]


def test_an_agency_history_credits_what_names_it_not_what_its_dialogues_share(known_year):
    # The impossible commitment is the justice department's, made at the merged commune's dialogue:
    # the dialogue is not the department's.
    justice = agency_history(known_year["justice"])
    this = next(f for f in justice if f.year == YEAR)
    assert_figures(this, EXPECTED["so-tu-phap"])


def test_a_year_with_nothing_has_every_agency_at_zero(known_year):
    scorecard = scorecard_for_year(2020)
    assert scorecard.province.is_empty
    assert all(figures.is_empty for _, figures in scorecard.rows)
    # An agency with no record yet has this year's figures, all nothing.
    history = agency_history(Agency.objects.get(slug="so-noi-vu"))
    assert [f.year for f in history] == [current_year()] and history[0].is_empty


def test_definitions_cover_every_figure_once_in_known_groups():
    keys = [definition.key for definition in FIGURES]
    assert len(keys) == len(set(keys))
    assert {definition.group for definition in FIGURES} == {group.key for group in GROUPS}
    assert all(definition.kind in {Kind.COUNT, Kind.SHARE, Kind.DAYS} for definition in FIGURES)
    assert all(str(definition.definition) for definition in FIGURES)
    assert FIGURES_BY_KEY["median_window_days"].kind == Kind.DAYS


# --- A bounded number of queries -------------------------------------------------------------


def queries_for(function, *args):
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured.captured_queries)


def more_records(site_tree, n):
    """`n` more agencies, each with a consulted and commented draft and a dialogue with a commitment."""
    from tests.consultations.factories import CommentFactory
    from tests.dialogues.factories import DialoguePageFactory, commitment
    from tests.policies.factories import PolicyPageFactory
    from tests.scorecard.known_records import local, window
    from tests.taxonomy.factories import AgencyFactory

    for _ in range(n):
        agency = AgencyFactory()
        page = PolicyPageFactory(
            parent=site_tree["policies"],
            drafting_agency=agency,
            issuing_agency=agency,
            adopted_on=datetime.date(YEAR, 10, 1),
            **window((YEAR, 7, 1, 9), (YEAR, 8, 1, 17)),
        )
        CommentFactory(page=page)
        DialoguePageFactory(
            parent=site_tree["dialogues"],
            held_at=local(YEAR, 5, 1, 8),
            agency=agency,
            commitments=[commitment("Việc", datetime.date(YEAR, 6, 1), agency=agency)],
        )


def test_the_number_of_queries_does_not_grow_with_agencies_and_documents(known_year, site_tree):
    with CaptureQueriesContext(connection) as captured_year:
        scorecard_for_year(YEAR)
    year = len(captured_year.captured_queries)
    agency = Agency.objects.get(slug="so-xay-dung")
    history = queries_for(agency_history, agency)
    province = queries_for(province_history)
    more_records(site_tree, 5)
    assert queries_for(scorecard_for_year, YEAR) == year
    assert queries_for(agency_history, agency) == history
    assert queries_for(province_history) == province
    assert year <= 10, [q["sql"][:150] for q in captured_year.captured_queries]
