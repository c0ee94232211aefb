"""The contract between content and search: what a searchable page type declares about itself.

Search sits above the content apps and imports none of them; each page type that appears in
search results subclasses `SearchablePage` and declares:

- `search_type`: its key in filters and exports ("policy"), and `search_type_label`, its name
  in the filters ("Documents");
- `search_facts()`: a `SearchFacts` with its text, date, taxonomies and consultation dates.

A system check (search/checks.py) names any page type that declares one without the other.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.models import get_page_models

from core.text import fold, nfc


@dataclass
class SearchFacts:
    """What one page tells search: its words, the date it is known by, what it is filed under."""

    parts: list
    date: datetime.date | None = None
    agency_ids: set = field(default_factory=set)
    sector_ids: set = field(default_factory=set)
    area_ids: set = field(default_factory=set)
    # The agency shown beside the result; `byline` when there is none (a story's unit).
    agency_id: int | None = None
    byline: str = ""
    document_number: str = ""
    consultation_opens_at: datetime.datetime | None = None
    consultation_closes_at: datetime.datetime | None = None
    response_published_at: datetime.datetime | None = None
    adopted_on: datetime.date | None = None
    withdrawn_on: datetime.date | None = None

    @cached_property
    def text(self):
        # Computed once: indexing reads it for the index, its folded copy, the vectors and the
        # cited numbers. NFC: text pasted in decomposed form must index as the same words as typed.
        return nfc(" ".join(str(part) for part in self.parts if part))


def local_date(value):
    """A date, or the site-local date of a datetime, or None."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def ids(related):
    """The primary keys of a many-to-many value (in memory while a page is being saved)."""
    return {item.pk for item in related.all()}


class SearchablePage:
    """Indexed callables for Wagtail's index, built from the page's declared `search_facts()`."""

    search_type = ""
    search_type_label = ""
    # Where the type comes among search's filters: by this number, then as its app is installed.
    search_type_order = 0

    def search_facts(self):
        """Page types override this; see SearchFacts."""
        raise NotImplementedError

    def facts_for_search(self):
        """`search_facts()`, computed once per instance: the indexer asks for the text and its
        folded copy in turn, on an instance it has just loaded."""
        cached = self.__dict__.get("_search_facts")
        if cached is None:
            cached = self.__dict__["_search_facts"] = self.search_facts()
        return cached

    def search_text(self):
        return self.facts_for_search().text

    def folded_search_text(self):
        return fold(self.search_text()).lower()

    def save(self, *args, **kwargs):
        # What is about to be saved may differ from what was last indexed from this instance.
        self.__dict__.pop("_search_facts", None)
        return super().save(*args, **kwargs)


def searchable_page_models():
    """Page types that appear in search results, by `search_type_order`, then in the order their
    apps are installed."""
    models = [model for model in get_page_models() if issubclass(model, SearchablePage) and model.search_type]
    return sorted(models, key=lambda model: model.search_type_order)
