"""Every figure of the hand-built year (tests/scorecard/known_records.py), as a reader sees it on
each agency's page of the scorecard: the numbers known in advance, in the site's format."""

import html as html_module
import re

import pytest

from scorecard.definitions import FIGURES, Kind
from tests.scorecard import known_records
from tests.scorecard.factories import ScorecardPageFactory
from tests.scorecard.known_records import EXPECTED, NOTHING, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_site(site_tree):
    known_records.build(site_tree)
    ScorecardPageFactory(parent=site_tree["home"])


def as_shown(definition, value):
    """How the page writes a known value: Vietnamese decimal comma, shares as percentages with
    one decimal at most, "—" when there is none."""
    if value is None:
        return "—"
    if definition.kind == Kind.SHARE:
        value = round(value * 100, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") if value != int(value) else str(int(value))
    return f"{text} %" if definition.kind == Kind.SHARE else text


def cells_of_year(page_html, year):
    """(row label, cell markup) of the year's column in an agency page's tables."""
    for table in re.findall(r"<table[^>]*>(.*?)</table>", page_html, flags=re.S):
        years = re.findall(r'<th scope="col">(\d{4})</th>', table)
        if str(year) not in years:
            continue
        column = years.index(str(year))
        for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, flags=re.S):
            yield html_module.unescape(label.strip()), re.findall(r"<td[^>]*>(.*?)</td>", cells, flags=re.S)[column]


def figures_of_year(page_html, year):
    """{label: text} of the year's column in an agency page's tables."""
    return {
        label: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for label, cell in cells_of_year(page_html, year)
    }


@pytest.mark.parametrize("slug", [slug for slug, expected in EXPECTED.items() if slug and expected is not NOTHING])
def test_an_agency_page_shows_every_known_figure_of_the_year(client, known_site, slug):
    response = client.get(f"/bang-diem/co-quan/{slug}/")
    assert response.status_code == 200
    shown = figures_of_year(response.content.decode(), YEAR)
    for definition in FIGURES:
        expected = EXPECTED[slug].get(definition.key, NOTHING.get(definition.key))
        assert shown.get(str(definition.label)) == as_shown(definition, expected), (slug, definition.key)


def test_an_agency_without_records_says_so(client, known_site):
    response = client.get("/bang-diem/co-quan/so-noi-vu/")
    assert "Chưa có hồ sơ nào ghi tên cơ quan này" in response.content.decode()


def links_of_year(page_html, year):
    """{label: href} of the year's column in an agency page's tables (figures that link)."""
    links = {}
    for label, cell in cells_of_year(page_html, year):
        found = re.search(r'href="([^"]+)"', cell)
        if found:
            links[label] = html_module.unescape(found.group(1))
    return links


REPORT_FIGURES = [d for d in FIGURES if d.key in ("reports_on_time", "reports_overdue", "reports_published")]
REPORTING = [slug for slug, expected in EXPECTED.items() if slug and expected.get("reports_published")]


@pytest.mark.parametrize("slug", REPORTING)
def test_the_reports_on_time_and_overdue_link_to_exactly_those_drafts(client, known_site, slug):
    links = links_of_year(client.get(f"/bang-diem/co-quan/{slug}/").content.decode(), YEAR)
    for definition in REPORT_FIGURES:
        expected = EXPECTED[slug].get(definition.key)
        if not expected:
            continue
        register = client.get(links[str(definition.label)])
        assert register.status_code == 200
        listed = re.search(r"(\d+) văn bản", register.content.decode())
        assert listed and int(listed.group(1)) == expected, (slug, definition.key)
