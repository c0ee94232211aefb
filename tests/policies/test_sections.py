"""Section anchors and labels follow Vietnamese citation: Điều 3, khoản 1 Điều 2, Chương II."""

from wagtail.blocks import StreamValue

from policies.blocks import PolicyTextBlock
from policies.sections import outline
from tests.policies.factories import section


def text_of(*sections):
    return StreamValue(PolicyTextBlock(), list(sections))


def test_articles_and_chapters_get_citation_anchors_and_labels():
    result = outline(
        text_of(
            section("chapter", "II", "Mức hỗ trợ"),
            section("article", "3", "Nguyên tắc"),
        )
    )
    assert [(s.anchor, s.label) for s in result] == [("chuong-ii", "Chương II"), ("dieu-3", "Điều 3")]


def test_clauses_are_anchored_under_their_article_so_anchors_stay_unique():
    result = outline(
        text_of(
            section("article", "1"),
            section("clause", "1"),
            section("clause", "2"),
            section("article", "2"),
            section("clause", "1"),
            section("point", "a"),
        )
    )
    assert [s.anchor for s in result] == [
        "dieu-1",
        "dieu-1-khoan-1",
        "dieu-1-khoan-2",
        "dieu-2",
        "dieu-2-khoan-1",
        "dieu-2-khoan-1-diem-a",
    ]


def test_anchors_do_not_depend_on_position_but_on_numbering():
    before = outline(text_of(section("article", "1"), section("article", "2")))
    after = outline(text_of(section("preamble", "", "Căn cứ"), section("article", "1"), section("article", "2")))
    assert [s.anchor for s in before] == [s.anchor for s in after][1:]


def test_a_repeated_number_still_gets_a_unique_anchor():
    anchors = [s.anchor for s in outline(text_of(section("article", "5"), section("article", "5")))]
    assert anchors[0] == "dieu-5"
    assert anchors == ["dieu-5", "dieu-5-2"]


def test_heading_levels_start_at_h2_and_skip_none():
    with_chapters = outline(
        text_of(section("chapter", "I"), section("article", "1"), section("clause", "1", "Có tiêu đề"))
    )
    assert [s.heading_level for s in with_chapters] == [2, 3, 4]
    articles_only = outline(text_of(section("article", "1"), section("article", "2")))
    assert [s.heading_level for s in articles_only] == [2, 2]


def test_numbered_items_of_a_directive_read_as_numbers():
    (item,) = outline(text_of(section("item", "4")))
    assert (item.anchor, item.label) == ("noi-dung-4", "4.")


def test_a_directive_with_numbered_items_and_an_untitled_preamble_skips_no_heading_level():
    result = outline(
        text_of(
            section("preamble", "", "", "Những năm qua..."),
            section("item", "1"),
            section("item", "2"),
            section("part", "", "Tổ chức thực hiện"),
        )
    )
    assert [s.heading_level for s in result if s.title] == [2, 2, 2]
