"""Long questions (issue #16, item 2): people paste a sentence into the search box.

Through HTTP, like the behaviour suite; `make test` runs this file on PostgreSQL and, with the
behaviour suite, on SQLite too (see the Makefile).
"""

import json

import pytest

from core.text import folded_words, words
from search import questions
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory

QUESTION = "người dân có được hỗ trợ khi nhà nước thu hồi đất ở không"


def titles(client, query):
    response = client.get("/tim-kiem/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return [result["title"] for result in json.loads(response.content)["results"]]


@pytest.fixture
def land(site_tree):
    return {
        # The question word for word, as a citizen asked it at a dialogue.
        "asked": DialoguePageFactory(
            parent=site_tree["dialogues"],
            title="Đối thoại với cử tri xã Thạch Hà",
            summary="Cử tri hỏi: người dân có được hỗ trợ khi Nhà nước thu hồi đất ở không? Lãnh đạo xã trả lời.",
        ),
        # Every word of the question, more often, but never in its order.
        "scattered": PolicyPageFactory(
            parent=site_tree["policies"],
            title="Quy định về bồi thường, tái định cư",
            summary=(
                "Nhà nước bồi thường theo giá thị trường. Người dân được hỗ trợ ổn định đời sống; "
                "hỗ trợ người dân học nghề khi bị thu hồi đất nông nghiệp, thu hồi đất ở của Nhà nước."
            ),
        ),
        # Only the question's little words: no answer to it.
        "little_words": PolicyPageFactory(
            parent=site_tree["policies"],
            title="Lịch làm việc của tổ tư vấn pháp luật",
            summary="Ai cũng có thể đến: có được không, khi nào, ở đâu.",
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("query", [QUESTION, "nguoi dan co duoc ho tro khi nha nuoc thu hoi dat o khong"])
def test_the_page_holding_the_whole_question_comes_first(client, land, query):
    found = titles(client, query)
    assert found[0] == land["asked"].title
    assert land["scattered"].title in found


@pytest.mark.django_db
def test_a_page_sharing_only_the_little_words_of_a_question_is_not_an_answer(client, land):
    assert land["little_words"].title not in titles(client, QUESTION)


@pytest.mark.django_db
def test_the_page_holding_most_of_the_words_is_found_first(client, site_tree):
    most = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Nghị quyết về giá vé tham quan Khu di tích Nguyễn Du",
        summary="Giá vé tham quan được giảm một nửa đối với học sinh.",
    )
    one_word = PolicyPageFactory(
        parent=site_tree["policies"], title="Kế hoạch thu hoạch lúa vụ hè", summary="Thu hoạch sớm, tránh bão."
    )
    # No page holds every word that matters ("mức thu phí tham quan di tích"); one holds four.
    found = titles(client, "cho tôi hỏi mức thu phí tham quan di tích là bao nhiêu vậy")
    assert found[0] == most.title
    assert found.index(most.title) < found.index(one_word.title)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        # "chợ" for "trợ" (a common slip), and a polite opening.
        "cho em hỏi người dân có được hỗ chợ khi nhà nước thu hồi đất không ạ",
        # Typed without marks, with an extra word at the end.
        "nguoi dan co duoc ho tro khi nha nuoc thu hoi dat khong vay a",
    ],
)
def test_a_question_with_a_slip_or_extra_words_still_finds_the_page(client, site_tree, query):
    page = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Hướng dẫn hỗ trợ tái định cư",
        summary="Người dân được hỗ trợ khi Nhà nước thu hồi đất ở, theo mức Ủy ban nhân dân tỉnh quy định.",
    )
    PolicyPageFactory(parent=site_tree["policies"], title="Quy hoạch đô thị mới", summary="Đất ở đô thị.")
    assert titles(client, query)[0] == page.title


# --- The rule itself ---------------------------------------------------------------------------


def test_a_short_query_is_asked_as_typed():
    asked = questions.words_of(["giá", "đất", "ở"], ["gia", "dat", "o"])
    assert asked.key_typed == asked.typed == ("giá", "đất", "ở") and asked.at_least == 0


def test_a_long_question_is_asked_by_its_key_words_the_rarest_first():
    question = "cho tôi hỏi mức thu phí tham quan di tích là bao nhiêu vậy"
    typed, folded = words(question), folded_words(question)
    asked = questions.words_of(typed, folded)
    assert asked.typed == tuple(typed)  # the whole phrase is still asked first
    assert asked.key_typed == ("mức", "thu", "phí", "tham", "quan", "di", "tích")
    assert asked.at_least == 4
    common = {"thu": 0.9, "quan": 0.8, "di": 0.7, "tham": 0.6}
    rarest = questions.words_of(typed, folded, lambda word: common.get(word, 0.0))
    assert rarest.key_typed == ("mức", "phí", "tích", "tham", "di", "quan", "thu")


def test_words_typed_without_marks_that_fold_like_a_subject_are_kept():
    folded = words("gia thue dien tich ban hang tai cho duoc tinh nhu the nao")
    asked = questions.words_of(folded, folded)
    # "ban" (bán), "tai" (tái), "cho" (chợ) may be what the question is about.
    assert {"ban", "tai", "cho"} <= set(asked.key_folded)
    assert not {"duoc", "nhu", "nao"} & set(asked.key_folded)
