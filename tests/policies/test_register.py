import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup

from consultations.models import Comment, ResponseReport
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, DocumentTypeFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(site_tree):
    land = SectorFactory(name="Đất đai")
    department = AgencyFactory(name="Sở Xây dựng")
    commune = AreaFactory(name="Xã Cẩm Xuyên")
    consulted = PolicyPageFactory(
        parent=site_tree["policies"], title="Đang lấy ý kiến", drafting_agency=department, **open_window()
    )
    consulted.sectors = [land]
    consulted.areas = [commune]
    consulted.save_revision().publish()
    CommentFactory.create_batch(3, page=consulted)
    CommentFactory(page=consulted, state=Comment.State.PENDING)
    PolicyPageFactory(parent=site_tree["policies"], title="Quá hạn trả lời", **closed_window(45))
    on_time = PolicyPageFactory(parent=site_tree["policies"], title="Trả lời đúng hạn", **closed_window(20))
    ResponseReport.objects.create(page=on_time)
    late = PolicyPageFactory(parent=site_tree["policies"], title="Trả lời muộn", **closed_window(60))
    ResponseReport.objects.create(page=late)
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Ban hành không lấy ý kiến",
        document_type=DocumentTypeFactory(name="Chỉ thị"),
        adopted_on=datetime.date(2025, 8, 14),
    )
    return {"sector": land, "agency": department, "area": commune}


def titles(response):
    return [
        a.get_text(strip=True) for a in BeautifulSoup(response.content.decode(), "html.parser").select("tbody th a")
    ]


def test_register_shows_each_policy_with_its_computed_facts(client, register):
    html = BeautifulSoup(client.get("/van-ban/").content.decode(), "html.parser")
    rows = {tr.th.a.get_text(strip=True): tr.get_text(" ", strip=True) for tr in html.select("tbody tr")}
    assert "4 / 3" in rows["Đang lấy ý kiến"]
    assert "quá hạn" in rows["Quá hạn trả lời"]
    assert "đúng hạn" in rows["Trả lời đúng hạn"]
    assert "muộn" in rows["Trả lời muộn"]
    assert "Ban hành không lấy ý kiến" in rows["Ban hành không lấy ý kiến"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "adopted_without_consultation"}, ["Ban hành không lấy ý kiến"]),
        ({"status": "overdue"}, ["Quá hạn trả lời"]),
        ({"status": "open"}, ["Đang lấy ý kiến"]),
        ({"status": "response_published"}, ["Trả lời đúng hạn", "Trả lời muộn"]),
    ],
)
def test_register_filters_by_status(client, register, query, expected):
    assert sorted(titles(client.get("/van-ban/", query))) == sorted(expected)


def test_register_filters_by_agency_sector_area_and_year(client, register):
    assert titles(client.get("/van-ban/", {"agency": register["agency"].pk})) == ["Đang lấy ý kiến"]
    assert titles(client.get("/van-ban/", {"sector": register["sector"].pk})) == ["Đang lấy ý kiến"]
    assert titles(client.get("/van-ban/", {"area": register["area"].pk})) == ["Đang lấy ý kiến"]
    assert titles(client.get("/van-ban/", {"year": 2025})) == ["Ban hành không lấy ý kiến"]
    # A nonsense filter value is ignored, not an error.
    assert client.get("/van-ban/", {"year": "abc", "status": "??"}).status_code == 200


def test_register_downloads_as_csv_with_the_same_filters(client, register):
    response = client.get("/van-ban/", {"status": "overdue", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["title"], r["status"], r["response_late"]) for r in rows] == [("Quá hạn trả lời", "overdue", "yes")]


def test_register_filters_by_document_type_slug_and_offers_the_types_in_use(client, register):
    assert titles(client.get("/van-ban/", {"document_type": "chi-thi"})) == ["Ban hành không lấy ý kiến"]
    assert len(titles(client.get("/van-ban/", {"document_type": "nghi-quyet"}))) == 4
    # A type no document has, or none at all, is ignored, not an error.
    assert len(titles(client.get("/van-ban/", {"document_type": "cong-van"}))) == 5
    assert len(titles(client.get("/van-ban/", {"document_type": "khong-co"}))) == 5
    html = BeautifulSoup(client.get("/van-ban/").content.decode(), "html.parser")
    offered = [o.get_text(strip=True) for o in html.select("select[name=document_type] option")]
    assert offered == ["Tất cả", "Chỉ thị", "Nghị quyết"]


def test_register_csv_gives_the_document_type_slug(client, register):
    response = client.get("/van-ban/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["title"]: r["document_type"] for r in rows}["Ban hành không lấy ý kiến"] == "chi-thi"
    assert {r["document_type"] for r in rows} == {"chi-thi", "nghi-quyet"}
