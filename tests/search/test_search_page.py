import datetime
import re

import pytest
from bs4 import BeautifulSoup

from django import forms
from django.http import QueryDict
from django.utils import timezone

from core import shellcache
from search import service
from search.forms import SearchForm
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_published_policy_and_is_not_indexed_by_robots(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Chỉ thị về công tác dân vận")
    response = client.get("/tim-kiem/", {"q": "dân vận"})
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [a.get_text(strip=True) for a in html.select(".results h3 a")] == ["Chỉ thị về công tác dân vận"]


@pytest.mark.parametrize("query", ['dân "vận', "a & b | c", "(đất):*", '"', "!!!"])
def test_quotes_and_operators_never_cause_an_error(client, site_tree, query):
    assert client.get("/tim-kiem/", {"q": query}).status_code == 200


def test_a_word_in_many_documents_is_counted_and_the_most_relevant_listed(client, site_tree, monkeypatch):
    """Candidates are bounded (search/postgres.py): the page says how many match — counted, or
    past a cap estimated — and that the listing holds the most relevant. Bounds made small here."""
    monkeypatch.setattr(service, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(service, "COUNT_CAP", 6)
    for n in range(5):
        ModelStoryPageFactory(parent=site_tree["stories"], title=f"Nhà văn hóa thôn số {n}")
    ModelStoryPageFactory(parent=site_tree["stories"], title="Quy ước thôn văn minh", summary="Thôn văn minh.")

    html = BeautifulSoup(client.get("/tim-kiem/", {"q": "thôn văn minh"}).content.decode(), "html.parser")
    assert html.find("h2", attrs={"aria-live": "polite"}).get_text(strip=True) == "6 kết quả"
    assert "3 kết quả phù hợp nhất được liệt kê" in html.get_text()
    listed = [a.get_text(strip=True) for a in html.select(".results h3 a")]
    assert len(listed) == 3 and listed[0] == "Quy ước thôn văn minh"

    for n in range(5, 8):
        ModelStoryPageFactory(parent=site_tree["stories"], title=f"Nhà văn hóa thôn số {n}")
    html = BeautifulSoup(client.get("/tim-kiem/", {"q": "thôn"}).content.decode(), "html.parser")
    heading = html.find("h2", attrs={"aria-live": "polite"}).get_text(strip=True)
    # Estimated from PostgreSQL's statistics, never below the seven counted before stopping.
    assert heading.startswith("Khoảng ") and int(heading.split()[1]) >= 7
    assert "Mô hình Dân vận khéo (khoảng" in html.select_one(".facets").get_text(" ", strip=True)


def test_json_and_csv_snippets_are_plain_text_not_escaped_html(client, site_tree):
    """Snippets are marked and escaped for the HTML page; exports carry the text as written."""
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Quy định về giá đất",
        summary='Bảng giá "đất ở" & đất nông nghiệp <năm 2026>',
    )
    record = client.get("/tim-kiem/", {"q": "gia dat", "format": "json"}).json()["results"][0]
    assert record["snippet"] == 'Bảng giá "đất ở" & đất nông nghiệp <năm 2026> Quy định về giá đất'
    csv_text = client.get("/tim-kiem/", {"q": "gia dat", "format": "csv"}).content.decode("utf-8-sig")
    assert '""đất ở"" & đất nông nghiệp <năm 2026>' in csv_text
    assert "&quot;" not in csv_text and "&amp;" not in csv_text and "<mark>" not in csv_text


def test_a_story_is_dated_by_its_year_of_recognition(client, site_tree):
    """Published today, recognised in 2024: found under 2024, not under this year (item 16)."""
    ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình dân vận khéo hiến đất", recognition_year=2024)
    in_2024 = client.get(
        "/tim-kiem/", {"q": "hien dat", "date_from": "2024-01-01", "date_to": "2024-12-31", "format": "json"}
    ).json()
    assert [(r["title"], r["date"]) for r in in_2024["results"]] == [("Mô hình dân vận khéo hiến đất", "2024-01-01")]
    this_year = timezone.localdate().year
    later = client.get("/tim-kiem/", {"q": "hien dat", "date_from": f"{this_year}-01-01", "format": "json"}).json()
    assert later["results"] == []


def page(client, **params):
    return BeautifulSoup(client.get("/tim-kiem/", params).content.decode(), "html.parser")


def test_the_search_page_has_one_search_box_not_the_headers_as_well(client, site_tree):
    html = page(client, q="đất")
    assert len(html.select("input[type=search]")) == 1
    assert html.select_one("main input[type=search]")["value"] == "đất"


def test_filters_are_folded_away_until_one_is_set(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định về giá đất")
    panel = page(client, q="giá đất").select_one("details.filter-panel")
    assert panel is not None and not panel.has_attr("open")
    assert panel.select_one("input[name=date_from]") and panel.select_one("input[name=type]")
    assert page(client, q="giá đất", type="policy").select_one("details.filter-panel").has_attr("open")
    # The query box and the filters are one search: the box belongs to the panel's form.
    html = page(client, q="giá đất")
    form_id = html.select_one("details.filter-panel form")["id"]
    assert html.select_one("input[name=q]")["form"] == form_id


@pytest.mark.parametrize("typed", ["31/02/2026", "abc", "2026-13-01"])
def test_a_wrong_date_is_kept_and_named_and_the_query_still_finds(client, site_tree, typed):
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định về giá đất", issued_on=datetime.date(2025, 1, 1))
    html = page(client, q="giá đất", date_from=typed)
    # The results for the query are still there; the bad filter is left out.
    assert [a.get_text(strip=True) for a in html.select(".results h3 a")] == ["Quy định về giá đất"]
    assert html.select_one("main input[type=search]")["value"] == "giá đất"
    # What was typed stays in the box (as text: a date picker would empty it), marked wrong.
    box = html.select_one("input[name=date_from]")
    assert box["value"] == typed and box["type"] == "text" and box["aria-invalid"] == "true"
    assert html.select_one("details.filter-panel").has_attr("open")
    # The summary names the field and links to it; the message gives the format.
    summary = html.select_one(".error-summary")
    link = summary.select_one("a[href='#id_date_from']")
    assert link is not None and "dd/mm/yyyy" in link.get_text()
    assert "dd/mm/yyyy" in html.select_one(f"#{box['aria-describedby']}").get_text()


@pytest.mark.parametrize("typed", ["2025-06-01", "01/06/2025"])
def test_a_date_from_the_picker_or_typed_as_dd_mm_yyyy_filters(client, site_tree, typed):
    PolicyPageFactory(parent=site_tree["policies"], title="Giá đất năm 2024", issued_on=datetime.date(2024, 3, 1))
    PolicyPageFactory(parent=site_tree["policies"], title="Giá đất năm 2026", issued_on=datetime.date(2026, 3, 1))
    html = page(client, q="giá đất", date_from=typed)
    assert [a.get_text(strip=True) for a in html.select(".results h3 a")] == ["Giá đất năm 2026"]
    assert html.select_one(".error-summary") is None
    # Given back to the date picker in the only form it reads.
    box = html.select_one("input[name=date_from]")
    assert box["type"] == "date" and box["value"] == "2025-06-01"


def test_the_first_result_comes_before_the_ways_to_take_the_list_away(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định về giá đất")
    text = page(client, q="giá đất").select_one("main").get_text(" ", strip=True)
    assert text.index("Quy định về giá đất") < text.index("CSV")


def test_the_filter_lists_read_exactly_as_djangos_own_select_writes_them(client, site_tree):
    """The lists of filters are written out in Python, for speed (search/forms.py): a visitor gets
    the very HTML of Django's templates, names escaped, the chosen option selected, and a wrong
    value's error announced."""
    issuer = AgencyFactory(name='Sở "Tài chính" & <Kế hoạch>')
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định mức thu phí", issuing_agency=issuer)
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định phí tham quan")
    query = f"q=ph%C3%AD&agency={issuer.pk}&status=bogus&order=date"
    page = client.get(f"/tim-kiem/?{query}").content.decode()
    assert "Sở &quot;Tài chính&quot; &amp; &lt;Kế hoạch&gt; (1)</option>" in page

    form = SearchForm(QueryDict(query))
    form.with_counts(service.find(form.query(), form.filters(), form.ordering()).hits)
    for name in ("agency", "sector", "area", "status", "order"):
        djangos = form[name].as_widget(widget=forms.Select(choices=form.fields[name].widget.choices))
        written = re.search(f'<select name="{name}".*?</select>', page, re.DOTALL).group()
        assert written == djangos
    assert 'aria-invalid="true"' in re.search('<select name="status".*?>', page).group()


def test_every_filter_is_named_by_a_label_that_points_at_it(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định mức thu phí")
    html = page(client, q="phí")
    for name in ("q", "agency", "sector", "area", "status", "date_from", "date_to", "order"):
        control = html.find(attrs={"name": name, "id": True})
        label = html.find("label", attrs={"for": control["id"]})
        assert label is not None and label.get_text(strip=True), name


def test_an_agency_renamed_is_offered_under_its_new_name_at_once_with_the_data_cache_on(
    client, site_tree, settings, django_capture_on_commit_callbacks
):
    # The taxonomies' names are kept in each worker (core.shellcache) rather than read per search.
    settings.SHELL_CACHE_SECONDS = 300
    shellcache.clear()
    issuer = AgencyFactory(name="Sở Tài chính")
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định mức thu phí", issuing_agency=issuer)
    options = lambda: [o.get_text() for o in page(client, q="phí").select('select[name="agency"] option')]  # noqa: E731
    assert "Sở Tài chính (1)" in options()
    issuer.name = "Sở Tài chính – Kế hoạch"
    with django_capture_on_commit_callbacks(execute=True):
        issuer.save()
    try:
        assert "Sở Tài chính – Kế hoạch (1)" in options()
        assert "Sở Tài chính (1)" not in options()
    finally:
        shellcache.clear()
