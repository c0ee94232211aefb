import datetime

import django_filters

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

from dialogues.commitments import Commitment, due_between, overdue_on
from taxonomy.models import Agency


class CommitmentAdminFilterSet(WagtailFilterSet):
    """The admin list of commitments: by status (overdue included, by the tracker's rule), by how
    soon they fall due, and by agency."""

    OVERDUE = "overdue"

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*Commitment.Status.choices, (OVERDUE, _("overdue"))],
        empty_label=_("Any status"),
        method="filter_status",
    )
    due_within = django_filters.NumberFilter(
        label=_("Due within (days), not yet done"), min_value=0, max_value=3660, method="filter_due_within"
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Responsible agency"), queryset=Agency.objects.all(), empty_label=_("All")
    )

    class Meta:
        model = Commitment
        fields = []

    def filter_status(self, queryset, name, value):
        if value == self.OVERDUE:
            return queryset.filter(overdue_on(timezone.localdate()))
        return queryset.filter(status=value)

    def filter_due_within(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(due_between(today, today + datetime.timedelta(days=int(value))))
