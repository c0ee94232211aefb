"""Wagtail's read-only API v2 at /api/v2/: published pages only, and only their declared fields."""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from core.text import clean_query


class CleanSearchFilter(SearchFilter):
    """Wagtail's `?search=`, with the query cleaned first: a NUL byte or a control character
    typed into the box must give results or none, never a server error (PostgreSQL refuses NUL)."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            query = request.GET.copy()
            query["search"] = clean_query(query["search"])
            # DRF reads the query string from the Django request it wraps.
            request._request.GET = query
        return super().filter_queryset(request, queryset, view)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        CleanSearchFilter if backend is SearchFilter else backend for backend in PagesAPIViewSet.filter_backends
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
