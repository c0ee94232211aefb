import django_filters

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.status import Status, report_timeliness_filter, status_filter
from core.filters import ALL, PublicFilterSet, YearFilter
from taxonomy.models import Agency, Area, DocumentType, Sector


class PolicyFilter(PublicFilterSet):
    """The register's filters; every one optional, a value that does not validate ignored."""

    NOT_CONSULTED = "not_consulted"
    ADOPTED_WITHOUT_CONSULTATION = "adopted_without_consultation"
    ADOPTED = "adopted"
    ADOPTED_AFTER_CONSULTATION = "adopted_after_consultation"
    # The scorecard's reports on time and overdue (scorecard.definitions).
    REPORT_ON_TIME = "report_on_time"
    REPORT_LATE = "report_late"
    STATUS_CHOICES = [
        *Status.choices,
        (NOT_CONSULTED, _("not consulted")),
        (ADOPTED_WITHOUT_CONSULTATION, _("adopted without consultation")),
        (ADOPTED_AFTER_CONSULTATION, _("adopted after consultation")),
        (ADOPTED, _("adopted")),
        (REPORT_ON_TIME, _("response report published on time")),
        (REPORT_LATE, _("response report late or overdue")),
    ]
    # Which of a document's agencies the agency filter matches: as the scorecard counts a
    # document issued for its issuing agency and a consultation for its drafting agency (each
    # falling back on the other when it names none).
    ISSUING = "issuing"
    DRAFTING = "drafting"

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
    agency_role = django_filters.ChoiceFilter(
        label=_("The agency"),
        choices=[(ISSUING, _("issued it")), (DRAFTING, _("drafted it"))],
        empty_label=_("issued or drafted it"),
        method="filter_nothing",
    )
    year = YearFilter(label=_("Year"), method="filter_year")
    # The years the scorecard puts a record in (scorecard.definitions): a document by the day it
    # was adopted, a consultation by the day its window closed (windows still open excluded).
    adopted_in = YearFilter(label=_("Adopted in (year)"), field_name="adopted_on")
    closed_in = YearFilter(label=_("Comment window closed in (year)"), method="filter_closed_in")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("Any status"), method="filter_status"
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value))

    def filter_agency(self, queryset, name, value):
        role = self.form.cleaned_data.get("agency_role")
        if role == self.ISSUING:
            return queryset.filter(Q(issuing_agency=value) | Q(issuing_agency__isnull=True, drafting_agency=value))
        if role == self.DRAFTING:
            return queryset.filter(Q(drafting_agency=value) | Q(drafting_agency__isnull=True, issuing_agency=value))
        return queryset.filter(Q(issuing_agency=value) | Q(drafting_agency=value))

    def filter_nothing(self, queryset, name, value):
        # Read by filter_agency.
        return queryset

    def filter_closed_in(self, queryset, name, value):
        return queryset.filter(consultation_closes_at__year=value, consultation_closes_at__lte=timezone.now())

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
        if value == self.ADOPTED_AFTER_CONSULTATION:
            return queryset.filter(consultation_opens_at__isnull=False, adopted_on__isnull=False)
        if value in (self.REPORT_ON_TIME, self.REPORT_LATE):
            late = value == self.REPORT_LATE
            return queryset.filter(report_timeliness_filter(late, timezone.now(), self.rules.response_limit_days))
        return queryset.filter(adopted_on__isnull=False)
