"""The search page, and the same search as JSON, CSV and an Atom feed (`format=`)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import pagecache
from core.exports import export_response
from core.http import public_url, query_without

from . import service
from .feeds import SearchFeed, vary_on_accept, wants_page
from .forms import SearchForm
from .rendering import results_html

EXPORT_FIELDS = ["title", "url", "type", "date", "agency", "snippet"]
# A feed follows the newest matches; a reader does not need the whole archive in it.
FEED_SIZE = 50


def facet_count(count, approximate):
    return _("about %(count)s") % {"count": count} if approximate and count else count


def result_record(result, request):
    return {
        "title": result.title,
        "url": result.full_url,
        "type": result.type,
        "date": result.date.isoformat() if result.date else None,
        "agency": result.agency,
        "snippet": result.plain_snippet,
    }


# Search results are cached briefly, keyed by the full query string (core.pagecache); any page
# published or answered makes them stale at once (`listings`). The feed varies on Accept and so
# is never cached.
SEARCH_FRESH_SECONDS = 60


def search(request):
    pagecache.declare(request, pagecache.LISTINGS, fresh_for=SEARCH_FRESH_SECONDS)
    form = SearchForm(request.GET or None)
    export_format = request.GET.get("format")
    found, raw_query = service.Found(), ""
    if form.is_bound:
        # Control characters (NUL, escapes, direction marks) find nothing and break XML feeds.
        raw_query = form.query()
        # A feed follows what is new: newest first, whatever order the page was showing.
        order = "date" if export_format == "atom" else form.ordering()
        found = service.find(raw_query, form.filters(), order)
        form.with_counts(found.hits)

    if export_format == "atom":
        entries = service.results(found.hits[:FEED_SIZE], raw_query, request)
        if wants_page(request):
            return feed_page(request, raw_query, entries)
        return SearchFeed()(request, raw_query=raw_query, results=entries, page_url=page_url(request))
    if export_format in ("json", "csv"):
        records = (result_record(result, request) for result in service.results(found.hits, raw_query, request))
        return export_response(export_format, "tim-kiem", EXPORT_FIELDS, records, download=False)

    page = Paginator(found.hits, 20).get_page(request.GET.get("page"))
    page.object_list = service.results(page.object_list, raw_query, request)
    query = query_without(request, "page")
    ticked = form.cleaned_data.get("type", []) if form.is_bound else []
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "search_query": raw_query,
            "search_results": page,
            # Each result's <li>, written in Python (search/rendering.py).
            "results_html": results_html(page.object_list),
            "found": found,
            "has_query": bool(service.query_terms(raw_query)[1]),
            "facets": [
                (key, label, facet_count(found.type_counts.get(key, 0), found.approximate), key in ticked)
                for key, label in form.type_labels.items()
            ],
            "query_prefix": query,
            "format_prefix": query + ("&" if query else ""),
            "filtered": form.is_filtered(),
        },
    )


def page_url(request):
    """The search as a web page: the request's address without `format`."""
    query = query_without(request, "format")
    return request.path + (f"?{query}" if query else "")


def feed_page(request, raw_query, entries):
    """What a person sees on opening the feed's address in a browser: what a feed is, the address
    to give a feed reader, and the entries the reader would get."""
    response = render(
        request,
        "search/feed.html",
        {
            "search_query": raw_query,
            "entries": entries,
            "feed_url": public_url(request.get_full_path()),
            "search_url": page_url(request),
        },
    )
    return vary_on_accept(response)
