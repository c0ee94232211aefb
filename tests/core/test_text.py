"""Control and format characters are taken out of text bound for XML and search backends
(core.text.without_controls), while every letter and space a reader typed is kept."""

import unicodedata

import pytest

from core.text import without_controls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giá đất cụ thể", "Giá đất cụ thể"),
        ("Giá\x00đất\x1b[31m", "Giá đất [31m"),
        ("dân\u200bvận\u202ekhéo\ufeff", "dân vận khéo "),
        # A no-break space is a space, not a control: it stays.
        ("Số\u00a033-CT/TU", "Số\u00a033-CT/TU"),
    ],
)
def test_controls_become_spaces_and_letters_stay(text, expected):
    assert without_controls(text) == expected


def test_decomposed_vietnamese_comes_back_composed():
    assert without_controls(unicodedata.normalize("NFD", "Dân vận khéo")) == "Dân vận khéo"
