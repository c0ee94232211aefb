import logging
import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from wagtail.models import Page

from core.models import searchable_page_models

logger = logging.getLogger(__name__)

# Search backends choke on stray quotes and operators (SQLite FTS5 raises on `dân "vận`):
# only words reach them.
WORDS = re.compile(r"\w+(?:[-/.]\w+)*", re.UNICODE)


def clean_query(raw):
    """The words of what the user typed, without operators or punctuation around them."""
    return " ".join(WORDS.findall(raw or ""))[:200]


@never_cache
def search(request):
    raw_query = request.GET.get("q", "").strip()
    query = clean_query(raw_query)
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().type(*searchable_page_models()).specific().search(query)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"search_query": raw_query, "search_results": page, "has_query": bool(query)},
    )
