"""Vietnamese document numbers: how a query is recognised as one, and how a text cites one."""

import pytest

from core.text import cited_document_numbers, document_key, looks_like_document_number


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("33-CT/TU", "33-ct-tu"),
        ("33/CT-TU", "33-ct-tu"),
        ("33-ct/tu", "33-ct-tu"),
        ("33 CT/TU", "33-ct-tu"),
        (" 33 - CT / TU ", "33-ct-tu"),
        ("12/2024/NQ-HĐND", "12-2024-nq-hdnd"),
        ("12/2024/nq-hdnd", "12-2024-nq-hdnd"),
        ("30/2020/NĐ-CP", "30-2020-nd-cp"),
        ("45/2019/QH14", "45-2019-qh14"),
        ("33/CT-TTg", "33-ct-ttg"),
    ],
)
def test_every_spelling_of_a_number_is_recognised_and_has_one_key(spelling, key):
    assert looks_like_document_number(spelling)
    assert document_key(spelling) == key


@pytest.mark.parametrize("query", ["31/12/2024", "2021-2025", "98/120", "33 CT", "dân vận", "Chỉ thị 33-CT/TU", ""])
def test_dates_ranges_and_words_are_not_document_numbers(query):
    assert not looks_like_document_number(query)


def test_the_numbers_a_text_cites_in_any_spelling_and_nothing_else():
    text = (
        "Thực hiện Chỉ thị số 33/CT-TU và Chỉ thị 33 CT/TU (nhắc lại), Nghị quyết 12/2024/nq-hđnd; "
        "họp 3 năm/lần, từ ngày 31/12/2024, giai đoạn 2021-2025, đạt 98/120 điểm. Luật 45/2019/QH14."
    )
    assert cited_document_numbers(text) == ["33-ct-tu", "12-2024-nq-hdnd", "45-2019-qh14"]
