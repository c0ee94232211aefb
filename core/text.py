"""Vietnamese text helpers shared by slugs, imports, masking and search.

One function per name across the project: `plain` is always "HTML or text to one line of plain
text", `fold` always "without diacritics".
"""

import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import slugify

WORD = re.compile(r"\w+", re.UNICODE)
DOCUMENT_NUMBER = re.compile(r"^\s*[\w.]+(?:\s*[-/]\s*[\w.]+)+\s*$", re.UNICODE)


def nfc(text):
    """Text in composed form: pasted decomposed text must read as the same words as typed text."""
    return unicodedata.normalize("NFC", text or "")


def fold(text):
    """Vietnamese without diacritics: "Đối thoại" -> "Doi thoai".

    Combining marks are dropped after NFD decomposition; đ and Đ have no decomposition, so
    they are mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def plain(html_or_text):
    """HTML or text as one line of plain text: tags dropped, white space collapsed."""
    return " ".join(strip_tags(str(html_or_text or "")).split())


def words(text):
    """Lower-case words of NFC text."""
    return WORD.findall(nfc(text).lower())


def folded_words(text):
    """Lower-case words of the text, folded."""
    return WORD.findall(fold(nfc(text)).lower())


def document_key(number):
    """A document number in one canonical form: "12/2024/NQ-HĐND" and "12/2024/nq-hdnd" agree."""
    return re.sub(r"\s+", "", fold(nfc(number)).lower())


def looks_like_document_number(query):
    """Whether a query reads like "33-CT/TU" rather than words."""
    return bool(DOCUMENT_NUMBER.match(query or "")) and any(ch.isdigit() for ch in query)


def without_controls(text):
    """NFC text with control and format characters (NUL, escape sequences, bidirectional
    controls, zero-width spaces) turned into spaces: what XML and every search backend accept."""
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in nfc(text))


def clean_query(text, max_length=200):
    """What someone typed into a search box, made safe for every backend: no control characters,
    white space collapsed, cut to `max_length` characters."""
    return " ".join(without_controls(text).split())[:max_length]


def vietnamese_slug(text, max_length=80):
    """An ASCII slug that keeps every letter: "Đối thoại đất đai" -> "doi-thoai-dat-dai"."""
    slug = slugify(fold(text))
    if len(slug) > max_length:
        # Cut at a word boundary: "...-nam-20" reads as a wrong year.
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug.strip("-")
