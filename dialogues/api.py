"""`/api/v2/commitments/`: every commitment of a public dialogue with its progress, read-only.

Each item is the commitment's open-data record (`dialogues.opendata`, the tracker's CSV columns
and more) with its dated progress updates. Filters: `dialogue` (id), `agency` (the responsible
agency, or the dialogue's organising agency), `status` (or `overdue`), `deadline_from`/
`deadline_to`, and `updated_from`/`updated_to` (a status change or a progress update on those
days). Earliest deadline first.
"""

import django_filters

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.api import APIField

from core.api import RecordField, RecordsAPIViewSet
from taxonomy.models import Agency

from .commitments import Commitment, CommitmentUpdate
from .opendata import commitment_record, progress_record

RECORD_FIELDS = [
    "commitment",
    "agency",
    "deadline",
    "status",
    "overdue",
    "done_on",
    "reason",
    "status_changed_on",
    "dialogue_date",
    "url",
]
OVERDUE = "overdue"


class CommitmentAPIFilter(django_filters.FilterSet):
    dialogue = django_filters.NumberFilter(field_name="dialogue_id", label=_("Dialogue (number)"))
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), method="filter_agency", label=_("Agency"))
    status = django_filters.ChoiceFilter(
        choices=[*Commitment.Status.choices, (OVERDUE, _("overdue"))], method="filter_status", label=_("Status")
    )
    deadline_from = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline from"))
    deadline_to = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("Deadline until"))
    updated_from = django_filters.DateFilter(method="filter_updated", label=_("Updated from"))
    updated_to = django_filters.DateFilter(method="filter_updated", label=_("Updated until"))

    class Meta:
        model = Commitment
        fields = []

    def filter_agency(self, queryset, name, value):
        return queryset.filter(Q(agency=value) | Q(dialogue__agency=value))

    def filter_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue_on(timezone.localdate())
        return queryset.filter(status=value)

    def filter_updated(self, queryset, name, value):
        # Both ends at once: a status change, or one progress update, within the range.
        if name == "updated_to" and self.form.cleaned_data.get("updated_from"):
            return queryset
        first, last = self.form.cleaned_data.get("updated_from"), self.form.cleaned_data.get("updated_to")
        changed, updated = Q(), Q()
        if first:
            changed &= Q(status_changed_on__gte=first)
            updated &= Q(date__gte=first)
        if last:
            changed &= Q(status_changed_on__lte=last)
            updated &= Q(date__lte=last)
        with_update = CommitmentUpdate.objects.filter(updated).values("commitment_id")
        return queryset.filter(changed | Q(pk__in=with_update))


def _record(commitment, memo):
    today = memo.setdefault("today", timezone.localdate())
    record = commitment_record(commitment, today)
    record["progress"] = [progress_record(update) for update in commitment.updates.all()]
    return record


class CommitmentsAPIViewSet(RecordsAPIViewSet):
    name = "commitments"
    model = Commitment
    filterset_class = CommitmentAPIFilter
    body_fields = [
        "id",
        APIField("dialogue"),
        *(APIField(name, serializer=RecordField(_record)) for name in [*RECORD_FIELDS, "progress"]),
    ]
    listing_default_fields = ["id", "type", "detail_url", "dialogue", *RECORD_FIELDS, "progress"]
    nested_default_fields = ["id", "type", "detail_url", *RECORD_FIELDS, "progress"]

    def get_queryset(self):
        return (
            Commitment.objects.public()
            .select_related("agency", "dialogue")
            .prefetch_related("updates__evidence")
            .order_by("deadline", "pk")
        )
