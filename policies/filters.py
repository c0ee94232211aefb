import django_filters

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.status import Status, status_filter
from core.filters import ALL, PublicFilterSet, YearFilter
from taxonomy.models import Agency, Area, DocumentType, Sector


class PolicyFilter(PublicFilterSet):
    """The register's filters; every one optional, a value that does not validate ignored."""

    NOT_CONSULTED = "not_consulted"
    ADOPTED_WITHOUT_CONSULTATION = "adopted_without_consultation"
    ADOPTED = "adopted"
    STATUS_CHOICES = [
        *Status.choices,
        (NOT_CONSULTED, _("not consulted")),
        (ADOPTED_WITHOUT_CONSULTATION, _("adopted without consultation")),
        (ADOPTED, _("adopted")),
    ]

    q = django_filters.CharFilter(label=_("Title or number contains"), max_length=200, method="filter_text")
    # By slug, so that a link such as ?document_type=chi-thi reads as what it lists; only the
    # types some published document has, not every type an agency could issue.
    document_type = django_filters.ModelChoiceFilter(
        label=_("Document type"),
        queryset=lambda request: DocumentType.objects.filter(policies__live=True).distinct(),
        to_field_name="slug",
        empty_label=ALL,
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=Agency.objects.all(), empty_label=ALL, method="filter_agency"
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), field_name="sectors", queryset=Sector.objects.all(), empty_label=ALL
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), field_name="areas", queryset=Area.objects.all(), empty_label=ALL
    )
    year = YearFilter(label=_("Year"), method="filter_year")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("Any status"), method="filter_status"
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value))

    def filter_agency(self, queryset, name, value):
        return queryset.filter(Q(issuing_agency=value) | Q(drafting_agency=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            Q(consultation_opens_at__year=value) | Q(issued_on__year=value) | Q(adopted_on__year=value)
        )

    def filter_status(self, queryset, name, value):
        not_consulted = Q(consultation_opens_at__isnull=True)
        if value in Status.values:
            return queryset.filter(status_filter(value, timezone.now(), self.rules.response_limit_days))
        if value == self.NOT_CONSULTED:
            return queryset.filter(not_consulted)
        if value == self.ADOPTED_WITHOUT_CONSULTATION:
            return queryset.filter(not_consulted, adopted_on__isnull=False)
        return queryset.filter(adopted_on__isnull=False)
