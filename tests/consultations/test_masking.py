"""Phone and ID numbers never published, whatever their form; money, dates and document numbers
kept; direction controls in citizens' text never reach a page."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.utils import timezone

from consultations import services
from consultations.masking import MASK, mask_personal_numbers, strip_bidi_controls
from consultations.models import Comment
from dialogues.models import DialogueQuestion
from tests.consultations.factories import CommentFactory, comment_post_data
from tests.dialogues.factories import DialoguePageFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi tôi 0912345678 nhé", "Gọi tôi [đã ẩn] nhé"),
        ("Số 0912 345 678.", "Số [đã ẩn]."),
        ("ĐT: 0912.345.678", "ĐT: [đã ẩn]"),
        ("+84 912 345 678", "[đã ẩn]"),
        ("Máy bàn 0239 3855 000", "Máy bàn [đã ẩn]"),
        ("CCCD 042090001234 của tôi", "CCCD [đã ẩn] của tôi"),
        ("CCCD 042 090 001234", "CCCD [đã ẩn]"),
    ],
)
def test_phone_and_citizen_id_numbers_are_masked(text, expected):
    assert mask_personal_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hỗ trợ 50.000 đồng/m² cho 1.250 hộ",
        "Nghị quyết số 12/2024/NQ-HĐND ngày 12/07/2024",
        "Năm 2026, 300 m², 20.000 đồng",
    ],
)
def test_amounts_dates_and_document_numbers_are_left_alone(text):
    assert mask_personal_numbers(text) == text


# (what a citizen typed, what is published): the formats people really type, and what must stay.
M = MASK
CASES = [
    # Mobiles, as typed.
    ("Liên hệ 0912345678.", f"Liên hệ {M}."),
    ("SĐT 0912-345-678", f"SĐT {M}"),
    ("gọi 0912 - 345 - 678 giúp", f"gọi {M} giúp"),
    ("số 09 12 34 56 78", f"số {M}"),
    ("(+84) 912 345 678", M),
    ("(+84)912345678", M),
    ("+84912345678", M),
    ("+84 (0) 912 345 678", M),
    ("+84 0912 345 678", M),
    ("0084 912 345 678", M),
    ("84912345678", M),
    ("Zalo: 84912345678.", f"Zalo: {M}."),
    ("(091) 234 5678", M),
    ("(0912) 345 678", M),
    # Landlines with their area code, and the old 10-digit ones.
    ("0239 3855 000", M),
    ("(0239) 3.855.000", M),
    ("(0239)3855000", M),
    ("024 3825 1234", M),
    ("(024) 3825 1234", M),
    ("+84 24 3825 1234", M),
    ("04 3825 1234", M),
    # Citizen ID numbers, in one run or grouped.
    ("0420 9000 1234", M),
    ("042 090 001234", M),
    ("042.090.001.234", M),
    ("042-090-001234", M),
    ("căn cước công dân số 042090001234", f"căn cước công dân số {M}"),
    # The old 9-digit card, where it is named as such.
    ("CMND 183456789", f"CMND {M}"),
    ("CMND số: 183 456 789", f"CMND số: {M}"),
    ("chứng minh nhân dân 183456789", f"chứng minh nhân dân {M}"),
    ("CHỨNG MINH NHÂN DÂN: 183.456.789", f"CHỨNG MINH NHÂN DÂN: {M}"),
    ("số chứng minh thư 183456789", f"số chứng minh thư {M}"),
    ("cmnd cũ 183456789 đã hết hạn", f"cmnd cũ {M} đã hết hạn"),
    # Full-width digits, invisible characters and non-breaking spaces between the digits.
    ("０９１２３４５６７８", M),
    ("（０２３９）３８５５ ０００", M),
    ("０４２０９０００１２３４", M),
    ("0912\u200b345\u200b678", M),
    ("09\u200c12\u200d345\u2060678\ufeff", f"{M}\ufeff"),
    ("\ufeff0912345678", f"\ufeff{M}"),
    ("0912\u00a0345\u00a0678", M),
    ("0912\u202f345\u202f678", M),
    ("042\u00a0090\u00a0001234", M),
    # A direction control between the digits does not hide the number.
    ("0912\u202e345678", M),
    # Several in one text, next to other numbers.
    ("Thôn 3 0912 345 678, nhà số 12", f"Thôn 3 {M}, nhà số 12"),
    ("0912345678 hoặc 0987654321", f"{M} hoặc {M}"),
    ("gọi 0912345678, đồng thời báo xã", f"gọi {M}, đồng thời báo xã"),
    # Money, dates, counts and document numbers stay as written.
    ("5.000.000.000 đồng", None),
    ("5.000.000.000.000 đồng", None),
    ("5 000 000 000 000 đồng", None),
    ("100.000.000.000 đồng", None),
    ("84.500.000.000 đồng", None),
    ("Mức 1.500.000 đồng/tháng", None),
    ("12/2024/NQ-HĐND", None),
    ("ngày 12/07/2024", None),
    ("ngày 03.05.2024", None),
    ("từ 08:00 đến 11:30", None),
    ("1.250 hộ", None),
    ("300 m²", None),
    ("năm 2026", None),
    ("Quyết định 1234/QĐ-UBND", None),
    ("Công văn 0912/UBND-KT", None),
    ("Tờ bản đồ số 12, thửa 345, diện tích 1.234,5 m²", None),
    # A bare 9-digit number may be anything: only a named card is masked.
    ("Mã hồ sơ 183456789", None),
    ("mã 012345678", None),
    ("CMND cấp ngày 1/1/2010", None),
    # Too long or too short for a phone or an ID number.
    ("0912345678901234", None),
    ("091234567", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_personal_numbers_in_every_form_are_masked_and_nothing_else(text, expected):
    assert mask_personal_numbers(text) == (text if expected is None else expected)


def test_masking_is_idempotent():
    for text, _ in CASES:
        once = mask_personal_numbers(text)
        assert mask_personal_numbers(once) == once


def test_a_long_text_full_of_digits_is_masked_in_one_pass():
    chunk = "Hộ 12, 1.250 m², 5.000.000 đồng, gọi 0912 345 678; CCCD 042 090 001234. "
    noise = "0 1. 2-3 (4) +5 " * 40
    text = (chunk + noise) * 30
    assert len(text) >= 20_000
    masked = mask_personal_numbers(text)
    expected_chunk = f"Hộ 12, 1.250 m², 5.000.000 đồng, gọi {M}; CCCD {M}. "
    assert masked == (expected_chunk + noise) * 30
    assert mask_personal_numbers("0" * 20_000) == "0" * 20_000
    assert mask_personal_numbers("0\u200b" * 10_000) == "0\u200b" * 10_000


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_direction_controls_are_stripped_and_nothing_else():
    text = "Nguyễn\u200dVăn\u00a0A 👨\u200d👩\u200d👧"
    assert strip_bidi_controls(BIDI.join(["", *text, ""])) == text
    assert mask_personal_numbers("\u202eNguyễn\u2066 A\u2069") == "Nguyễn A"
    assert strip_bidi_controls("") == "" and strip_bidi_controls(None) is None


def test_the_name_is_masked_and_a_name_of_controls_only_falls_back_to_citizen():
    comment = Comment(display_name="Lan 0912 345 678", show_name=True, body="x")
    assert comment.public_name == f"Lan {M}"
    comment.display_name = "\u202e\u2066 "
    assert str(comment.public_name) == "Người dân"
    comment.display_name, comment.show_name = "Lan 0912345678", False
    assert str(comment.public_name) == "Người dân"


def test_a_dialogue_question_and_answer_are_published_masked():
    question = DialogueQuestion(
        display_name="\u202eBà Hoa, 0912345678",
        show_name=True,
        question="Tôi gọi (0239) 3.855.000 mãi không ai nghe.",
        answer="Cán bộ sẽ gọi lại bà theo số 0912 345 678.",
    )
    assert question.public_name == f"Bà Hoa, {M}"
    assert question.public_question == f"Tôi gọi {M} mãi không ai nghe."
    assert question.public_answer == f"Cán bộ sẽ gọi lại bà theo số {M}."


# --- Through the site -------------------------------------------------------------------------

PHONE = "0912 345 678"


def api_titles(client, query):
    return [page["title"] for page in client.get("/api/v2/pages/", {"search": query}).json()["items"]]


@pytest.mark.django_db
def test_a_published_comment_is_found_by_its_words_but_never_by_the_phone_number_in_it(
    client, open_draft, django_capture_on_commit_callbacks
):
    assert connection.vendor == "postgresql"
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(page=open_draft, body=f"Đề nghị bổ sung đường dây nóng, gọi {PHONE} hoặc (091) 234 5678.")

    def found(query):
        html = BeautifulSoup(client.get("/tim-kiem/", {"q": query}).content.decode(), "html.parser")
        return [a.get_text(strip=True) for a in html.select(".results h3 a")], html.select_one(".results")

    titles, results = found("đường dây nóng")
    assert titles == [open_draft.title]
    assert "345" not in results.get_text() and "5678" not in results.get_text()
    for query in ["0912345678", PHONE, "0912", "345 678", "2345678", "(091) 234 5678", "5678"]:
        titles, _ = found(query)
        assert titles == [], query
    # The API's ?search= reads Wagtail's own index, built from the same masked text.
    assert api_titles(client, "đường dây nóng") == [open_draft.title]
    assert api_titles(client, "0912345678") == api_titles(client, "5678") == []


@pytest.mark.django_db
def test_a_dialogue_question_is_searchable_without_the_numbers_in_it(
    client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dialogue = DialoguePageFactory(
            parent=site_tree["dialogues"],
            title="Đối thoại về cấp nước sạch",
            questions=[
                DialogueQuestion(
                    question="Nước máy đục, tôi đã gọi 0912345678 nhiều lần.",
                    answer="Công ty cấp nước sẽ súc rửa đường ống; liên hệ ông Nam (0239) 3.855.000.",
                )
            ],
        )
        dialogue.save_revision().publish()

    def titles(query):
        html = BeautifulSoup(client.get("/tim-kiem/", {"q": query}).content.decode(), "html.parser")
        return [a.get_text(strip=True) for a in html.select(".results h3 a")]

    assert titles("nước máy đục") == [dialogue.title]
    assert titles("súc rửa đường ống") == [dialogue.title]
    for query in ["0912345678", "3855000", "3.855.000", "0239"]:
        assert titles(query) == [], query
        assert api_titles(client, query) == [], query
    assert api_titles(client, "súc rửa") == [dialogue.title]
    text = dialogue.search_text()
    assert "0912345678" not in text and "855" not in text


@pytest.mark.django_db
def test_direction_controls_sent_through_the_form_are_neither_stored_nor_published(client, open_draft, moderator):
    body = "Tôi \u202eđồng ý\u202c với \u2066Điều 3\u2069, gọi 0912\u202e345678."
    data = comment_post_data(display_name="\u202eNguyễn Văn Hùng\u200f", body=body)
    assert client.post(open_draft.url + "gop-y/", data).status_code == 302
    stored = Comment.objects.get()
    assert stored.display_name == "Nguyễn Văn Hùng"
    assert stored.body == "Tôi đồng ý với Điều 3, gọi 0912345678."

    services.approve(Comment.objects.filter(pk=stored.pk), moderator)
    for url in [open_draft.url, open_draft.url + "y-kien/", open_draft.url + "y-kien/json/"]:
        html = client.get(url).content.decode()
        assert "Nguyễn Văn Hùng" in html, url
        assert not set(BIDI) & set(html), url
        assert "0912345678" not in html, url


@pytest.mark.django_db
def test_imported_or_typed_text_with_direction_controls_is_published_without_them(client, site_tree):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        held_at=timezone.now() + datetime.timedelta(days=3),
        accepts_questions=True,
        questions=[DialogueQuestion(display_name="\u202eÔng Ba", show_name=True, question="Hỏi", answer="Đáp")],
    )
    # As the archive import or the admin stores it: straight into the database, no form.
    CommentFactory(page=dialogue, display_name="\u202eNguyễn", show_name=True, body="Câu \u2066hỏi\u2069 trước")
    html = client.get(dialogue.url).content.decode()
    assert "Nguyễn" in html and "Ông Ba" in html and "Câu hỏi trước" in html
    assert not set(BIDI) & set(html)
