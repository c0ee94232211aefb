"""Vietnamese text helpers shared by slugs, imports and search."""

import unicodedata

from django.utils.text import slugify


def fold(text):
    """Vietnamese without diacritics: "Đối thoại" -> "Doi thoai".

    Combining marks are dropped after NFD decomposition; đ and Đ have no decomposition, so
    they are mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def vietnamese_slug(text, max_length=80):
    """An ASCII slug that keeps every letter: "Đối thoại đất đai" -> "doi-thoai-dat-dai"."""
    slug = slugify(fold(text))
    if len(slug) > max_length:
        # Cut at a word boundary: "...-nam-20" reads as a wrong year.
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug.strip("-")
