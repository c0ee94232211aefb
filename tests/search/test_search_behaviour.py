"""Vietnamese search through the real backend, through HTTP.

`make test` runs this file on PostgreSQL with the rest of the suite, then again on SQLite; with
ELASTICSEARCH_URL set it runs against Elasticsearch (no server can be installed here).
"""

import csv
import datetime
import io
import json
import logging
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from django.test import override_settings

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from consultations.models import Comment
from dialogues.commitments import CommitmentUpdate
from tests.consultations.factories import CommentFactory, open_window
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory, section
from tests.stories.factories import ModelStoryPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, DocumentTypeFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(site_tree):
    return {
        "directive": PolicyPageFactory(
            parent=site_tree["policies"],
            title="Chỉ thị về công tác dân vận của các cơ quan nhà nước",
            document_number="33-CT/TU",
            document_type=DocumentTypeFactory(name="Chỉ thị"),
            summary="Tăng cường, đổi mới công tác dân vận; nhân rộng mô hình Dân vận khéo.",
        ),
        "resolution": PolicyPageFactory(
            parent=site_tree["policies"],
            title="Nghị quyết quy định mức thu phí tham quan di tích",
            document_number="12/2024/NQ-HĐND",
            summary="Mức thu phí tham quan Khu di tích Nguyễn Du.",
            **open_window(),
        ),
        "dialogue": DialoguePageFactory(
            parent=site_tree["dialogues"],
            title="Đối thoại với Nhân dân về đất đai",
            summary="Người dân hỏi về giá đất bồi thường.",
            commitments=[commitment("Lắp hệ thống phun sương", datetime.date(2026, 9, 30))],
        ),
        "story": ModelStoryPageFactory(
            parent=site_tree["stories"],
            title="Tổ công nghệ số cộng đồng",
            summary="Dần dần người cao tuổi quen dịch vụ công.",
        ),
    }


def titles(client, **params):
    data = json.loads(client.get("/tim-kiem/", {**params, "format": "json"}).content)
    return [r["title"] for r in data["results"]]


@pytest.mark.parametrize("query", ["dan van kheo", "Dân vận khéo", "DÂN VẬN KHÉO", "Dân vận khéo"])
def test_with_or_without_diacritics_and_in_any_normal_form(client, archive, query):
    assert titles(client, q=unicodedata.normalize("NFD", query))[0] == archive["directive"].title
    assert titles(client, q=query)[0] == archive["directive"].title


@pytest.mark.parametrize("query", ["doi thoai dat dai", "đối thoại", "ĐỐI THOẠI"])
def test_d_with_stroke_folds_to_d(client, archive, query):
    assert archive["dialogue"].title in titles(client, q=query)


@pytest.mark.parametrize("query", ["33-CT/TU", "33-ct/tu", "12/2024/NQ-HĐND", "12/2024/NQ-HDND", "12/2024/nq-hđnd"])
def test_a_document_number_puts_its_document_first(client, archive, query):
    expected = archive["directive"] if "33" in query else archive["resolution"]
    assert titles(client, q=query)[0] == expected.title


@pytest.mark.parametrize("query", ['dân "vận', "a & b | c", "(đất):*", '"', "!!!", "đất OR NOT"])
def test_quotes_and_operators_never_cause_an_error(client, archive, query):
    assert client.get("/tim-kiem/", {"q": query}).status_code == 200
    assert client.get("/tim-kiem/", {"q": query, "format": "json"}).status_code == 200


def test_published_comments_and_commitments_find_their_page_but_pending_ones_do_not(
    client, archive, django_capture_on_commit_callbacks
):
    policy, dialogue = archive["resolution"], archive["dialogue"]
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(page=policy, body="Đề nghị miễn phí cho học sinh tiểu học", response_text="Bổ sung khoản 3")
        CommentFactory(page=policy, body="Bí mật chưa duyệt về xe buýt", state=Comment.State.PENDING)
        dialogue.save_revision().publish()
    assert titles(client, q="hoc sinh tieu hoc") == [policy.title]
    assert titles(client, q="bổ sung khoản") == [policy.title]
    assert titles(client, q="phun suong") == [dialogue.title]
    assert titles(client, q="xe buýt") == []


def test_type_filter_facets_and_noindex(client, archive):
    html = BeautifulSoup(client.get("/tim-kiem/", {"q": "dan van"}).content.decode(), "html.parser")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    facets = [label.get_text(" ", strip=True) for label in html.select(".facets label")]
    assert facets[0].startswith("Văn bản (") and len(facets) == 4
    # Information pages (the privacy notice, how to comment) come last.
    assert facets[-1].startswith("Trang thông tin (")
    only_stories = json.loads(client.get("/tim-kiem/", {"q": "dan", "type": "story", "format": "json"}).content)
    assert {r["type"] for r in only_stories["results"]} == {"story"}


def test_json_csv_and_atom_carry_the_same_results_in_the_same_order(client, archive):
    data = json.loads(client.get("/tim-kiem/", {"q": "dan van", "format": "json"}).content)
    assert data["count"] == len(data["results"]) > 0
    assert set(data["results"][0]) == {"title", "url", "type", "date", "agency", "snippet"}
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/tim-kiem/", {"q": "dan van", "format": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert [r["title"] for r in rows] == [r["title"] for r in data["results"]]
    # A feed follows what is new: the same results, newest first whatever the order asked for.
    newest = json.loads(client.get("/tim-kiem/", {"q": "dan van", "order": "date", "format": "json"}).content)
    feed = ET.fromstring(client.get("/tim-kiem/", {"q": "dan van", "format": "atom"}).content)
    titles = [
        e.find("{http://www.w3.org/2005/Atom}title").text for e in feed.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert titles == [r["title"] for r in newest["results"]]


def test_snippets_mark_the_matched_words_after_escaping(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định <b>giá</b> đất", summary="Bảng giá đất <script>")
    html = client.get("/tim-kiem/", {"q": "gia dat"}).content.decode()
    assert "<mark>giá</mark>" in html and "<mark>đất</mark>" in html
    assert "<script>" not in html.split("<main")[1]


@override_settings(
    WAGTAILSEARCH_BACKENDS={
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": ["http://127.0.0.1:9"],
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    }
)
def test_search_answers_from_the_database_when_the_elasticsearch_server_does_not_answer_on_a_closed_port(
    client, archive, caplog
):
    """Nothing is mocked: the configured Elasticsearch URL is port 9 (discard) on this machine,
    where nothing listens, so the connection is refused as it is when the server is down. The
    pages were indexed in the database backend when they were created, before this setting."""
    with caplog.at_level(logging.WARNING, logger="search.service"):
        assert titles(client, q="dan van kheo")[0] == archive["directive"].title
    # The operator is told, in the log, that search is running on the fallback.
    assert any("Search backend unavailable" in record.getMessage() for record in caplog.records)


def test_exact_diacritics_rank_above_folded_only_matches(client, site_tree):
    folded_only = PolicyPageFactory(
        parent=site_tree["policies"], title="Chính sách cho người dân", summary="Người dân."
    )
    exact = PolicyPageFactory(parent=site_tree["policies"], title="Dần dần hoàn thiện", summary="Dần dần từng bước.")
    assert titles(client, q="dần dần")[:2] == [exact.title, folded_only.title]
    assert titles(client, q="dân")[0] == folded_only.title


@pytest.mark.parametrize(("query", "title"), [("an ninh", "Bảo đảm an ninh trật tự"), ("do thi", "Quy hoạch đô thị")])
def test_syllables_that_are_english_stop_words_still_count(client, site_tree, query, title):
    PolicyPageFactory(parent=site_tree["policies"], title=title, summary="")
    PolicyPageFactory(parent=site_tree["policies"], title="Một văn bản khác", summary="")
    assert titles(client, q=query)[0] == title


def test_the_exact_phrase_ranks_above_its_syllables_scattered(client, site_tree):
    scattered = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Kế hoạch vận động người dân",
        summary="Mọi người dân cùng tham gia vận động.",
    )
    phrase = PolicyPageFactory(parent=site_tree["policies"], title="Công tác dân vận năm 2026", summary="")
    assert titles(client, q="dan van")[:2] == [phrase.title, scattered.title]
    assert titles(client, q="dân vận")[:2] == [phrase.title, scattered.title]


def test_editors_can_pin_a_result_for_a_query(client, archive):
    SearchPromotion.objects.create(query=Query.get("đất đai"), page=archive["story"], sort_order=0)
    assert titles(client, q="Đất đai")[0] == archive["story"].title


def test_filters_by_agency_sector_and_area_with_counts(client, site_tree):
    land, finance, ward = (
        SectorFactory(name="Đất đai"),
        AgencyFactory(name="Sở Tài chính"),
        AreaFactory(name="Xã Kỳ Anh"),
    )
    tagged = PolicyPageFactory(parent=site_tree["policies"], title="Giá đất năm 2026", issuing_agency=finance)
    tagged.sectors, tagged.areas = [land], [ward]
    tagged.save_revision().publish()
    PolicyPageFactory(parent=site_tree["policies"], title="Giá đất năm 2025")
    html = BeautifulSoup(client.get("/tim-kiem/", {"q": "gia dat"}).content.decode(), "html.parser")
    options = [o.get_text(strip=True) for o in html.find("select", attrs={"name": "sector"}).find_all("option")]
    assert options == ["Tất cả", "Đất đai (1)"]
    for params in ({"sector": land.pk}, {"agency": finance.pk}, {"area": ward.pk}):
        assert titles(client, q="gia dat", **params) == ["Giá đất năm 2026"]


def test_filter_by_consultation_status(client, archive, site_tree):
    PolicyPageFactory(
        parent=site_tree["policies"], title="Chỉ thị ban hành không lấy ý kiến", adopted_on=datetime.date(2025, 1, 2)
    )
    assert titles(client, q="chi thi", status="adopted_without_consultation") == ["Chỉ thị ban hành không lấy ý kiến"]
    assert titles(client, q="nghi quyet thu phi", status="open") == [archive["resolution"].title]


def test_a_field_only_one_page_type_has_is_searched(client, site_tree):
    ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình hay", unit_name="Hội Nông dân xã Hương Sơn")
    assert titles(client, q="hoi nong dan huong son") == ["Mô hình hay"]


def test_the_exact_phrase_in_the_text_ranks_above_its_syllables_scattered(client, site_tree):
    story = {"parent": site_tree["stories"], "summary": "Một mô hình ở thôn."}
    together = ModelStoryPageFactory(
        **story,
        title="Mô hình thôn Tây",
        body=[("paragraph", "<p>Cán bộ thôn làm tốt công tác dân vận nên được bà con tin tưởng, đồng lòng.</p>")],
    )
    # More of both syllables, in less text: what a ranking that ignores adjacency would prefer.
    scattered = ModelStoryPageFactory(
        **story,
        title="Mô hình thôn Đông",
        body=[("paragraph", "<p>Dân họp. Vận động dân góp đất, dân góp công, vận chuyển đá.</p>")],
    )
    for query in ("dân vận", "dan van"):
        found = titles(client, q=query)
        assert found.index(together.title) < found.index(scattered.title), query


def test_words_only_in_an_unpublished_draft_are_not_findable(client, site_tree):
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình tổ hòa giải", summary="Hòa giải ở cơ sở.")
    story.summary = "Bản nháp nhắc tới xoài cát Hòa Lộc."
    story.save_revision()  # a draft on a live page, not published
    assert titles(client, q="xoai cat") == []
    assert titles(client, q="hoa giai") == [story.title]
    story.get_latest_revision().publish()
    assert titles(client, q="xoai cat") == [story.title]


def test_an_unpublished_page_leaves_search(client, site_tree):
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình chợ phiên vùng cao")
    assert titles(client, q="cho phien") == [story.title]
    story.unpublish()
    assert titles(client, q="cho phien") == []


def test_a_page_behind_a_password_is_not_findable(client, site_tree):
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình nuôi ong lấy mật")
    assert titles(client, q="nuoi ong") == [story.title]
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.PASSWORD, password="mat-ong")
    assert titles(client, q="nuoi ong") == []


def test_newest_first_and_a_date_range(client, site_tree):
    for year, title in ((2019, "Học phí năm học 2019"), (2024, "Quy định về học phí"), (2021, "Miễn học phí 2021")):
        PolicyPageFactory(parent=site_tree["policies"], title=title, issued_on=datetime.date(year, 8, 1))
    assert titles(client, q="hoc phi", order="date") == [
        "Quy định về học phí",
        "Miễn học phí 2021",
        "Học phí năm học 2019",
    ]
    assert titles(client, q="hoc phi", date_from="2020-01-01", date_to="2022-12-31") == ["Miễn học phí 2021"]


# --- A document number finds what cites it (issue #10, item 22) -------------------------------


def citing_pages(site_tree):
    """Pages that cite Directive 33-CT/TU, each spelling it its own way, and one that does not."""
    return {
        "story": ModelStoryPageFactory(
            parent=site_tree["stories"],
            title="Mô hình thôn Đông làm theo chỉ thị",
            summary="Một mô hình ở thôn Đông.",
            body=[("paragraph", "<p>Thực hiện Chỉ thị số 33/CT-TU của Ban Thường vụ, thôn họp dân mỗi tháng.</p>")],
        ),
        "dialogue": DialoguePageFactory(
            parent=site_tree["dialogues"],
            title="Đối thoại về cải cách hành chính",
            summary="Người dân hỏi về thủ tục.",
            conclusions="<p>Các phòng ban quán triệt Chỉ thị 33-ct/tu khi tiếp dân.</p>",
        ),
        "policy": PolicyPageFactory(
            parent=site_tree["policies"],
            title="Kế hoạch tiếp công dân năm 2026",
            summary="Kế hoạch triển khai Chỉ thị số 33 CT/TU ngày 06/6/2023.",
        ),
        # Every word of the number, more often than any citing page, but another document's.
        "other": PolicyPageFactory(
            parent=site_tree["policies"],
            title="Chỉ thị 34-CT/TU về tổng kết 33 năm tái lập tỉnh",
            document_number="34-CT/TU",
            summary="Chỉ thị 34-CT/TU thay Chỉ thị 133-CT/TU; 33 xã, 33 phường tổng kết theo 34-CT/TU.",
        ),
    }


@pytest.mark.parametrize("query", ["33-CT/TU", "33/CT-TU", "33-ct/tu", "33 CT/TU", " 33 - CT / TU "])
def test_a_document_number_finds_the_document_then_every_page_that_cites_it(client, archive, site_tree, query):
    pages = citing_pages(site_tree)
    found = titles(client, q=query)
    assert found[0] == archive["directive"].title
    assert set(found[1:4]) == {pages[kind].title for kind in ("story", "dialogue", "policy")}
    assert pages["other"].title not in found[:4]


@pytest.mark.parametrize("query", ["12/2024/NQ-HĐND", "12/2024/nq-hdnd", "12/2024/NQ-HDND"])
def test_a_document_number_with_d_finds_what_cites_it_in_either_spelling(
    client, archive, site_tree, django_capture_on_commit_callbacks, query
):
    story = ModelStoryPageFactory(
        parent=site_tree["stories"],
        title="Mô hình miễn phí tham quan cho học sinh",
        body=[("paragraph", "<p>Theo Nghị quyết 12/2024/NQ-HDND, học sinh được miễn phí.</p>")],
    )
    policy = PolicyPageFactory(parent=site_tree["policies"], title="Quy định về bảo tồn di tích", summary="Bảo tồn.")
    # Most words of the number in its title, but another document's number.
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Nghị quyết 13/2024/NQ-HĐND về học phí năm học 2024",
        document_number="13/2024/NQ-HĐND",
        summary="Nghị quyết 13/2024/NQ-HĐND thay Nghị quyết 2/2024/NQ-HĐND.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        # Cited in a published comment on another document, lower case, with đ.
        CommentFactory(page=policy, body="Đề nghị thống nhất với Nghị quyết số 12/2024/nq-hđnd về mức phí.")
    found = titles(client, q=query)
    assert found[0] == archive["resolution"].title
    assert set(found[1:3]) == {story.title, policy.title}


# --- The quick-start database (SQLite) ranks as PostgreSQL does (issue #10, item 23) ----------

# A long plan that holds hỗ, trợ, hiến, đất, làm, đường many times, mostly far apart.
SCATTERED = " ".join(
    [
        "Đất nông nghiệp được quy hoạch lại theo hướng tập trung; các hộ được trợ giúp kỹ thuật.",
        "Hiến pháp và pháp luật được tuyên truyền; đường lối của Đảng được quán triệt; làm việc với các hộ.",
        "Hỗ tương giữa các thôn được khuyến khích, đất ở được cấp giấy chứng nhận; đường điện được kéo về.",
    ]
    * 6
)


@pytest.mark.parametrize("query", ["ho tro hien dat", "hien dat lam duong", "ho tro lam duong"])
def test_a_query_without_diacritics_that_is_most_of_a_title_ranks_above_a_long_text_holding_its_words(
    client, site_tree, query
):
    titled = PolicyPageFactory(
        parent=site_tree["policies"], title="Nghị quyết hỗ trợ hiến đất làm đường", summary="Mức chi theo mét vuông."
    )
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="Kế hoạch phát triển nông thôn mới năm 2026",
        summary="Triển khai các nghị quyết về hỗ trợ hiến đất, làm đường giao thông nông thôn.",
        text=[section("article", str(n), f"Nhiệm vụ {n}", SCATTERED) for n in range(1, 4)],
    )
    assert titles(client, q=query)[0] == titled.title


@pytest.mark.parametrize(
    ("query", "exact_text", "common_summary"),
    [
        ("giá đắt", "Bà con than phiền giá đắt nên ít người mua.", "Người dân hỏi về giá đất bồi thường, giá đất ở."),
        ("dần dần", "Nhờ tổ công nghệ, người già dần dần quen dịch vụ công.", "Đời sống nhân dân dần được nâng lên."),
    ],
)
def test_exact_diacritics_in_the_text_rank_above_a_commoner_word_that_folds_the_same(
    client, site_tree, query, exact_text, common_summary
):
    exact = ModelStoryPageFactory(
        parent=site_tree["stories"],
        title="Mô hình chợ phiên vùng cao",
        summary="Phiên chợ mỗi tuần.",
        body=[("paragraph", f"<p>{exact_text}</p>")],
    )
    for n in range(4):
        DialoguePageFactory(parent=site_tree["dialogues"], title=f"Đối thoại cử tri lần {n}", summary=common_summary)
    assert titles(client, q=query)[0] == exact.title


def test_words_only_in_a_commitments_progress_update_find_the_dialogue_first(
    client, site_tree, django_capture_on_commit_callbacks
):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại với nông dân xã Thạch Hà",
        commitments=[commitment("Bảo đảm nước tưới vụ hè thu", datetime.date(2026, 6, 30))],
    )
    # Some of the words in its title: what a ranking that counts words in titles first prefers.
    PolicyPageFactory(parent=site_tree["policies"], title="Kiên cố hóa kênh mương nội đồng", summary="Mức hỗ trợ.")
    with django_capture_on_commit_callbacks(execute=True):
        CommitmentUpdate.objects.create(
            commitment=dialogue.commitments.get(), text="Đã nạo vét kênh mương thôn Trung, dài 2 km."
        )
    for query in ("nạo vét kênh mương", "nao vet kenh muong"):
        assert titles(client, q=query)[0] == dialogue.title, query


def test_words_only_in_an_answer_to_a_dialogues_published_question_find_the_dialogue(
    client, site_tree, django_capture_on_commit_callbacks
):
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"], title="Đối thoại về nước sạch", summary="Nước sạch.")
    PolicyPageFactory(parent=site_tree["policies"], title="Quy định về trạm y tế xã", summary="Trạm y tế.")
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(
            page=dialogue,
            body="Khi nào thôn tôi có nước máy?",
            response_outcome=Comment.Outcome.ACCEPTED,
            response_text="Trạm bơm tăng áp thôn Bắc hoàn thành trong quý III.",
        )
        CommentFactory(page=dialogue, body="Còn thôn Nam thì sao?", response_text="Bản nháp: khoan giếng thôn Nam.")
    for query in ("trạm bơm tăng áp", "tram bom tang ap"):
        assert titles(client, q=query)[0] == dialogue.title, query
    # An answer drafted but not given (no outcome) is not on the page, so not findable.
    assert titles(client, q="khoan gieng") == []
