"""`/api/v2/comments/`: published comments and their answers, read-only, a page at a time.

Each item is the comment's open-data record (`consultations.opendata.comment_record`: the same
values as a row of the bulk file), with its page as a nested object linking to `/api/v2/pages/`.
Filters: `page` (id), `agency` (comments on that agency's drafts and dialogues, or answered by
it), `channel`, `outcome`, `received_from`/`received_to` and `answered_from`/`answered_to`
(dates, YYYY-MM-DD or DD/MM/YYYY, both ends included). Oldest first, by the moment it was sent.
"""

import django_filters

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.api import APIField

from core.api import RecordField, RecordsAPIViewSet
from taxonomy.models import Agency
from taxonomy.roles import AgencyOwnedPage

from .models import Comment
from .opendata import COMMENT_FIELDS, comment_record, public_comments
from .pages import commentable_page_models


def owned_by(agency):
    """A Q object over comments: on a page belonging to `agency` (taxonomy.roles: a comment or
    question is its page's), or answered by it."""
    condition = Q(response_agency=agency)
    for model in commentable_page_models():
        if issubclass(model, AgencyOwnedPage):
            pages = model.objects.filter(model.agency_q([agency])).values("pk")
            condition |= Q(page__in=pages)
    return condition


class CommentFilter(django_filters.FilterSet):
    page = django_filters.NumberFilter(field_name="page_id", label=_("Page (number)"))
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), method="filter_agency", label=_("Agency"))
    channel = django_filters.ChoiceFilter(choices=Comment.Channel.choices, label=_("Received through"))
    outcome = django_filters.ChoiceFilter(field_name="response_outcome", choices=Comment.Outcome.choices)
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("Received from"))
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("Received until"))
    answered_from = django_filters.DateFilter(method="filter_answered_from", label=_("Answered from"))
    answered_to = django_filters.DateFilter(method="filter_answered_to", label=_("Answered until"))

    class Meta:
        model = Comment
        fields = []

    def filter_agency(self, queryset, name, value):
        return queryset.filter(owned_by(value))

    # The answer's moment, compared as a local day (the day a reader sees beside it).
    def filter_answered_from(self, queryset, name, value):
        return queryset.filter(responded_at__date__gte=value)

    def filter_answered_to(self, queryset, name, value):
        return queryset.filter(responded_at__date__lte=value)


def _record(comment, memo):
    return comment_record(comment, memo)


class CommentsAPIViewSet(RecordsAPIViewSet):
    name = "comments"
    model = Comment
    filterset_class = CommentFilter
    body_fields = [
        "id",
        APIField("page"),
        *(APIField(name, serializer=RecordField(_record)) for name in COMMENT_FIELDS),
    ]
    listing_default_fields = ["id", "type", "detail_url", "page", *COMMENT_FIELDS]
    nested_default_fields = ["id", "type", "detail_url"]

    def get_queryset(self):
        return public_comments().select_related("page", "area", "response_agency").order_by("submitted_at", "pk")
