import pytest

from consultations.masking import mask_personal_numbers


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
