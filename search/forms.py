from collections import Counter

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.status import Status
from core.filters import ALL
from core.forms import PlainLabelForm
from taxonomy.models import Agency, Area, Sector

from . import service


class SearchForm(PlainLabelForm):
    """The query and its filters. The types offered are the searchable page types (each says its
    own label), so a new page type needs nothing here."""

    STATUS_CHOICES = [*Status.choices, ("adopted_without_consultation", _("adopted without consultation"))]

    q = forms.CharField(label=_("Search the archive"), required=False, max_length=200)
    type = forms.MultipleChoiceField(label=_("Type"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False, empty_label=ALL)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False, empty_label=ALL)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=ALL)
    status = forms.ChoiceField(label=_("Consultation status"), required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    order = forms.ChoiceField(
        label=_("Order"), required=False, choices=[("relevance", _("Relevance")), ("date", _("Newest first"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_labels = {key: model.search_type_label for key, model in service.search_types().items()}
        self.fields["type"].choices = list(self.type_labels.items())
        self.fields["status"].choices = [("", ALL), *self.STATUS_CHOICES]

    def with_counts(self, hits):
        """Each taxonomy choice labelled with how many hits it has, the empty ones dropped."""
        for name, key in (("agency", "agency_ids"), ("sector", "sector_ids"), ("area", "area_ids")):
            counts = Counter(value for hit in hits for value in getattr(hit, key))
            field = self.fields[name]
            field.queryset = field.queryset.filter(pk__in=counts)
            field.label_from_instance = lambda obj, counts=counts: f"{obj.name} ({counts[obj.pk]})"
        statuses = Counter(hit.status for hit in hits if hit.status)
        self.fields["status"].choices = [("", ALL)] + [
            (value, f"{label} ({statuses[value]})") for value, label in self.STATUS_CHOICES if statuses[value]
        ]

    def filters(self):
        data = self.cleaned_data
        return service.Filters(
            types=frozenset(data["type"]),
            agency=data["agency"].pk if data["agency"] else None,
            sector=data["sector"].pk if data["sector"] else None,
            area=data["area"].pk if data["area"] else None,
            status=data["status"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
