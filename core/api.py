"""Wagtail's read-only API v2 at /api/v2/: published pages only, and only their declared fields.

Apps register endpoints of their own records on `api_router` from their AppConfig.ready (core
imports no higher app): `consultations` the published comments, `dialogues` the commitments.
Those endpoints are `RecordsAPIViewSet`s: each row is one open-data record, the same dict the
app's CSV and JSON downloads write, so the API and the files can never say different things.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.fields import Field

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

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


class RecordField(Field):
    """One key of an object's open-data record (`record_of(instance, memo)` → dict).

    The record is made once per object and request, however many of its keys are asked; `memo`
    is a dict kept in the serializer's context for the record function's own caches (e.g. the
    section titles of each page), shared by nested serializers (a dialogue's commitments).
    """

    def __init__(self, record_of, **kwargs):
        self.record_of = record_of
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        memo = self.context.setdefault("open_data_memo", {})
        key = (type(instance), instance.pk)
        records = memo.setdefault("records", {})
        if key not in records:
            records[key] = self.record_of(instance, memo)
        return records[key][self.field_name]


class RecordsAPIViewSet(BaseAPIViewSet):
    """A read-only endpoint over public records, in a stable order, with django-filter filters.

    Subclasses set `model`, `name`, `body_fields` (APIFields whose serializer is a RecordField),
    `filterset_class` and `get_queryset()` (public rows only, ordered). Only the filters and
    Wagtail's operations are accepted: an unknown parameter is a 400 that names it, never a
    filter silently ignored; a value that does not validate is a 400 naming the filter.
    """

    filter_backends = [DjangoFilterBackend]
    filterset_class = None
    known_query_parameters = frozenset(["limit", "offset", "fields", "_", "format"])

    def check_query_parameters(self, queryset):
        allowed = self.known_query_parameters | set(self.filterset_class.base_filters)
        unknown = set(self.request.GET) - allowed
        if unknown:
            raise BadRequestError(
                f"query parameter is not an operation or a recognised filter: {', '.join(sorted(unknown))}"
            )

    def detail_view(self, request, pk):
        self.check_query_parameters(self.get_queryset())
        return super().detail_view(request, pk)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
