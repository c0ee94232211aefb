"""The search page, and the same search as JSON, CSV and an Atom feed (`format=`).

Every format answers with the results the page shows for the same address: the same search, the
same page of PAGE_SIZE results in the same order (a feed: newest first, as `order=date` shows
them), made by the same code. A format never reads more pages, marks more snippets or works out
more addresses than the page it stands for; only the page itself reads the filters' choices and
their counts, which the formats do not show.
"""

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
# Results on a page, in every format: a feed follows the newest page of its search.
PAGE_SIZE = 20


def facet_count(count, approximate):
    return _("about %(count)s") % {"count": count} if approximate and count else count


def result_record(result):
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
    page = Paginator(found.hits, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = service.results(page.object_list, raw_query, request)

    if export_format == "atom":
        if wants_page(request):
            return feed_page(request, raw_query, page.object_list)
        return SearchFeed()(request, raw_query=raw_query, results=page.object_list, page_url=page_url(request))
    if export_format in ("json", "csv"):
        records = [result_record(result) for result in page.object_list]
        return export_response(
            export_format,
            "tim-kiem",
            EXPORT_FIELDS,
            records,
            download=False,
            **pages_of(request, raw_query, found, page),
        )

    if form.is_bound:
        form.with_counts(found.hits)
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
            # The list taken away is the page shown (its page number kept); a feed is the newest.
            "format_prefix": prefix(query_without(request, "format")),
            "feed_prefix": prefix(query_without(request, "format", "page")),
            "filtered": form.is_filtered(),
        },
    )


def prefix(query):
    return query + ("&" if query else "")


def pages_of(request, raw_query, found, page):
    """What JSON gives beside its results: how many match, and the addresses of the pages around."""

    def page_address(number):
        query = request.GET.copy()
        query["page"] = number
        return public_url(f"{request.path}?{query.urlencode()}")

    return {
        "query": raw_query,
        "total": found.total,
        "approximate": found.approximate,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_address(page.next_page_number()) if page.has_next() else None,
        "previous": page_address(page.previous_page_number()) if page.has_previous() else None,
    }


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
