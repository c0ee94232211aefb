"""What each page says, for search: its text as typed, the same folded, and query helpers.

Every backend (SQLite FTS5, PostgreSQL, Elasticsearch) indexes the folded copy, so a query typed
without diacritics finds text with them the same way everywhere; ranking between exact and
folded matches is then done here, in Python, identically for all backends.
"""

import re
import unicodedata

from django.utils.html import strip_tags

from core.text import fold

WORD = re.compile(r"\w+", re.UNICODE)
DOCUMENT_NUMBER = re.compile(r"^\s*[\w.]+(?:\s*[-/]\s*[\w.]+)+\s*$", re.UNICODE)


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


def plain(html_or_text):
    return " ".join(strip_tags(str(html_or_text or "")).split())


def words(text):
    """Lower-case words of NFC text."""
    return WORD.findall(nfc(text).lower())


def folded_words(text):
    return WORD.findall(fold(nfc(text)).lower())


def document_key(number):
    """A document number in one canonical form: "12/2024/NQ-HĐND" and "12/2024/nq-hdnd" agree."""
    return re.sub(r"\s+", "", fold(nfc(number)).lower())


def looks_like_document_number(query):
    return bool(DOCUMENT_NUMBER.match(query or "")) and any(ch.isdigit() for ch in query)


class SearchText:
    """Indexed callables shared by every searchable page type."""

    def search_text(self):
        """The page's own words, for search. Page types add what they publish.

        Kept on the instance: the indexer asks for this and for the folded copy in turn, on an
        instance it has just loaded.
        """
        cached = self.__dict__.get("_search_text")
        if cached is None:
            # NFC: text pasted in decomposed form must index as the same words as typed text.
            cached = self.__dict__["_search_text"] = nfc(" ".join(part for part in self.search_parts() if part))
        return cached

    def search_parts(self):
        return [self.title, getattr(self, "summary", "")]

    def save(self, *args, **kwargs):
        # What is about to be saved may differ from what was last indexed from this instance.
        self.__dict__.pop("_search_text", None)
        return super().save(*args, **kwargs)

    def folded_search_text(self):
        return fold(nfc(self.search_text())).lower()
