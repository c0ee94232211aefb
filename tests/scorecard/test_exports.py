"""The scorecard as CSV and JSON: every figure of the hand-built year, in both files."""

import csv
import io
import json

import pytest

from scorecard.definitions import FIGURES, Kind
from scorecard.exports import COLUMNS, agency_csv, agency_json, scorecard_csv, scorecard_json
from scorecard.figures import agency_history, current_year, scorecard_for_year
from tests.scorecard import known_records
from tests.scorecard.known_records import AGENCIES_IN_2025, EXPECTED, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_year(site_tree):
    return known_records.build(site_tree)


def in_file(definition, value):
    """What the file holds for an expected value: shares to four places, None as null."""
    if value is None:
        return None
    return round(value, 4) if definition.kind == Kind.SHARE else value


def from_csv(cell, definition):
    if cell == "":
        return None
    return float(cell) if definition.kind in {Kind.SHARE, Kind.DAYS} else int(cell)


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "a BOM first, for Excel"
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_year_csv_has_every_figure_of_the_province_and_each_agency(known_year):
    response = scorecard_csv(scorecard_for_year(YEAR))
    assert f'filename="bang-diem-co-quan-{YEAR}.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == COLUMNS
    assert [row["agency_slug"] for row in rows] == ["", *AGENCIES_IN_2025]
    assert rows[0]["scope"] == "province" and rows[1]["scope"] == "agency"
    assert all(row["year"] == str(YEAR) for row in rows)
    for row in rows:
        expected = EXPECTED[row["agency_slug"] or None]
        for definition in FIGURES:
            want = in_file(definition, expected[definition.key])
            assert from_csv(row[definition.key], definition) == want, (row["agency_slug"], definition.key)


def test_the_year_json_has_every_figure_with_null_for_no_value(known_year):
    response = scorecard_json(scorecard_for_year(YEAR))
    payload = json.loads(response.content)
    assert payload["count"] == 1 + len(AGENCIES_IN_2025)
    assert set(payload["columns"]) == {definition.key for definition in FIGURES}
    for row in payload["rows"]:
        assert list(row) == COLUMNS
        expected = EXPECTED[row["agency_slug"] or None]
        for definition in FIGURES:
            assert row[definition.key] == in_file(definition, expected[definition.key]), (
                row["agency_slug"],
                definition.key,
            )
    province = payload["rows"][0]
    assert province["share_adopted_after"] == 0.3333
    assert province["median_window_days"] == 26.0
    assert payload["rows"][1]["agency_name"] == "Sở Nội vụ" and payload["rows"][1]["median_window_days"] is None


def test_an_agency_file_has_one_row_a_year(known_year):
    construction = known_year["construction"]
    history = agency_history(construction)
    rows = read_csv(agency_csv(construction, history))
    assert [int(row["year"]) for row in rows] == list(range(2024, current_year() + 1))
    assert {row["agency_slug"] for row in rows} == {"so-xay-dung"}
    this_year = rows[1]
    for definition in FIGURES:
        want = in_file(definition, EXPECTED["so-xay-dung"][definition.key])
        assert from_csv(this_year[definition.key], definition) == want, definition.key

    payload = json.loads(agency_json(construction, history).content)
    assert [row["year"] for row in payload["rows"]] == [int(row["year"]) for row in rows]
    assert payload["rows"][0]["documents_issued"] == 1
