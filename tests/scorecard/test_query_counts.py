"""The scorecard page's queries do not grow with the number of agencies or documents (issue 15),
and the home page keeps its budget while showing the province's headline figures."""

import datetime
import re

import pytest

from django.core.cache import cache
from django.utils import timezone

from tests.consultations.factories import CommentFactory
from tests.policies.factories import PolicyPageFactory
from tests.query_counts import queries_for
from tests.scorecard.factories import ScorecardPageFactory
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
TZ = datetime.timezone(datetime.timedelta(hours=7))


def add_agencies(parent, n, start):
    """`n` agencies, each with a consulted draft adopted in YEAR (two comments, one answered) and
    a document adopted without consultation."""
    for i in range(start, start + n):
        agency = AgencyFactory(name=f"Cơ quan số {i:02d}", slug=f"co-quan-so-{i}")
        draft = PolicyPageFactory(
            parent=parent,
            issuing_agency=agency,
            drafting_agency=agency,
            consultation_opens_at=datetime.datetime(YEAR, 3, 1, 9, tzinfo=TZ),
            consultation_closes_at=datetime.datetime(YEAR, 3, 31, 17, tzinfo=TZ),
            adopted_on=datetime.date(YEAR, 5, 1),
        )
        CommentFactory(page=draft, response_outcome="accepted", response_text="Tiếp thu.")
        CommentFactory(page=draft, response_outcome="")
        PolicyPageFactory(parent=parent, issuing_agency=agency, adopted_on=datetime.date(YEAR, 6, 1))


@pytest.fixture
def scorecard(site_tree):
    return ScorecardPageFactory(parent=site_tree["home"])


@pytest.mark.parametrize("path", ["", "?nam=2025&sap-xep=-share_answered", "co-quan/co-quan-so-1/"])
def test_the_scorecard_costs_the_same_with_five_times_the_agencies_and_documents(client, site_tree, scorecard, path):
    add_agencies(site_tree["policies"], 2, 1)
    url = scorecard.url + path
    before = len(queries_for(client, url))
    add_agencies(site_tree["policies"], 8, 3)
    html = client.get(url).content.decode()
    assert len(queries_for(client, url)) == before
    if not path.startswith("co-quan"):
        assert "Cơ quan số 10" in html


def test_the_home_page_shows_the_provinces_headline_figures(client, site_tree, scorecard):
    cache.clear()
    agency = AgencyFactory(name="Sở Xây dựng", slug="so-xay-dung")
    today = timezone.localdate()
    PolicyPageFactory(parent=site_tree["policies"], issuing_agency=agency, adopted_on=today)
    PolicyPageFactory(parent=site_tree["policies"], issuing_agency=agency, adopted_on=today)
    html = client.get("/").content.decode()
    headline = html[html.index('id="headline-heading"') : html.index("</section>", html.index('id="headline-heading"'))]
    assert f"năm {today.year}" in headline
    assert f'href="{scorecard.url}"' in headline
    # Documents issued, share consulted, comments received, share answered, commitments made.
    values = re.findall(r"<dd>\s*([^<]*?)\s*</dd>", headline)
    assert values == ["2", "0 %", "0", "—", "0"]
    cache.clear()


def test_the_home_page_shows_no_headline_without_a_scorecard(client, site_tree):
    assert 'id="headline-heading"' not in client.get("/").content.decode()
