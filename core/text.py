"""Vietnamese text helpers shared by slugs, imports, masking and search.

One function per name across the project: `plain` is always "HTML or text to one line of plain
text", `fold` always "without diacritics".
"""

import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import slugify

WORD = re.compile(r"\w+", re.UNICODE)
# A Vietnamese document number: digits, an optional /year, then groups of letters (an issuer's
# abbreviation may end in digits: QH14) joined by - and /: 33-CT/TU, 1234/QĐ-UBND, 30/2020/NĐ-CP.
_GROUP = r"[^\W\d_][^\W_]*"
# As typed into a search box: any case, with spaces around the separators ("33 CT/TU").
DOCUMENT_NUMBER = re.compile(rf"\s*\d+(?:\s*/\s*\d{{4}})?(?:\s*[-/]\s*|\s+){_GROUP}(?:\s*[-/]\s*{_GROUP})*\s*")
# As cited in running text. A space before the letters only before a capital ("Chỉ thị 33 CT/TU"):
# "3 năm/lần" is not a number. Not inside a date or another number ("31/12/2024").
CITED_NUMBER = re.compile(rf"(?<![\w/-])\d+(?:/\d{{4}})?(?:[-/]|\s(?=[A-ZĐ])){_GROUP}(?:[-/]{_GROUP})*")


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
    """A document number in one canonical form: its letters and digits, folded, lower case, joined
    by "-". "12/2024/NQ-HĐND" and "12/2024/nq-hdnd" agree, and so do "33-CT/TU", "33/CT-TU" and
    "33 CT/TU": people write the separators either way round."""
    return "-".join(re.findall(r"[^\W_]+", fold(nfc(number)).lower()))


def looks_like_document_number(query):
    """Whether a query reads like "33-CT/TU" rather than words (not a date, not "2021-2025")."""
    query = nfc(query)
    return bool(DOCUMENT_NUMBER.fullmatch(query)) and bool(re.search(r"[-/]", query))


def cited_document_numbers(text):
    """The canonical keys (document_key) of the document numbers cited in a text, in the order
    they first appear."""
    found = (match.group() for match in CITED_NUMBER.finditer(nfc(text)))
    return list(dict.fromkeys(document_key(number) for number in found if "/" in number or "-" in number))


def without_controls(text):
    """NFC text with control and format characters (NUL, escape sequences, bidirectional
    controls, zero-width spaces) turned into spaces: what XML and every search backend accept."""
    text = nfc(text)
    # Printable text (most text; the ASCII space is printable) has none: no look at each letter.
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)


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
