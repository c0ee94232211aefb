import django_filters

from django.utils.translation import gettext_lazy as _

from core.filters import ALL, PublicFilterSet, YearFilter
from taxonomy.models import Agency, Area

from .commitments import Commitment


class CommitmentFilter(PublicFilterSet):
    """The tracker's filters: agency, area, status (overdue included), year, and the order."""

    OVERDUE = "overdue"
    STATUS_CHOICES = [*Commitment.Status.choices, (OVERDUE, _("overdue"))]
    ORDER_CHOICES = [("deadline", _("Deadline, earliest first")), ("-deadline", _("Deadline, latest first"))]

    agency = django_filters.ModelChoiceFilter(
        label=_("Responsible agency"), queryset=Agency.objects.all(), empty_label=ALL, method="filter_agency"
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), field_name="dialogue__areas", queryset=Area.objects.all(), empty_label=ALL
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("Any status"), method="filter_status"
    )
    year = YearFilter(label=_("Year of the dialogue"), field_name="dialogue__held_at")
    order = django_filters.ChoiceFilter(label=_("Sort by"), choices=ORDER_CHOICES, empty_label=None, method="order_by")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_agency(self, queryset, name, value):
        return queryset.answerable_by(value)

    def filter_status(self, queryset, name, value):
        if value == self.OVERDUE:
            return queryset.overdue_on(self.today)
        return queryset.filter(status=value)

    def order_by(self, queryset, name, value):
        return queryset.order_by(value, "pk")


def agencies_with_dialogues(request):
    # Only agencies that organised a dialogue: an empty choice helps nobody.
    return Agency.objects.filter(dialogues__isnull=False).distinct().order_by("name")


class DialogueFilter(PublicFilterSet):
    """The dialogue list's filters: the organising agency and the year held (as the scorecard
    counts an agency's dialogues and their questions)."""

    agency = django_filters.ModelChoiceFilter(
        label=_("Organising agency"), queryset=agencies_with_dialogues, empty_label=ALL
    )
    year = YearFilter(label=_("Year held"), field_name="held_at")
