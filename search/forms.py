from collections import Counter

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.status import Status
from core import shellcache
from core.filters import ALL
from core.forms import PlainLabelForm
from core.text import clean_query
from taxonomy.models import Agency, Area, Sector

from . import service

DATE_INVALID = _("Enter a real date as dd/mm/yyyy, for example 15/01/2026.")
# The fields that narrow a search, as against the query itself.
FILTERS = ("type", "agency", "sector", "area", "status", "date_from", "date_to", "order")


def _shown(value):
    """A value as `{{ value }}` shows it: localised, as text, escaped unless already safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value):
    """A value as `{{ value|stringformat:'s' }}` shows it (the filter keeps what is safe safe)."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 - the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 - safe input only


def _attrs(attrs):
    """Django's django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {_shown(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """Django's Select, written out in Python to exactly the HTML of its templates (select.html,
    one select_option.html per option, attrs.html): the search page's five lists of filters took
    a template include per option, a large part of the page's rendering."""

    def _render(self, template_name, context, renderer=None):
        if (template_name, self.option_template_name) != (
            forms.Select.template_name,
            forms.Select.option_template_name,
        ):
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        html = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in options:
                value, attrs, label = _formatted(option["value"]), _attrs(option["attrs"]), _shown(option["label"])
                html.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value escaped above


def _names(model):
    """[(pk, name)] of every record of a taxonomy, in its order: read once per worker while the
    site does not change (saving a taxonomy bumps it: core.shellcache), not once per search."""
    return shellcache.kept(("taxonomy-names", model._meta.label), lambda: list(model.objects.values_list("pk", "name")))


class SearchForm(PlainLabelForm):
    """The query and its filters. The types offered are the searchable page types (each says its
    own label), so a new page type needs nothing here."""

    STATUS_CHOICES = [*Status.choices, ("adopted_without_consultation", _("adopted without consultation"))]

    q = forms.CharField(label=_("Search the archive"), required=False, max_length=200)
    type = forms.MultipleChoiceField(label=pgettext_lazy("kind of content", "Type"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.all(), required=False, empty_label=ALL, widget=QuickSelect
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False, empty_label=ALL, widget=QuickSelect
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=ALL, widget=QuickSelect
    )
    status = forms.ChoiceField(label=_("Consultation status"), required=False, widget=QuickSelect)
    # A date picker sends yyyy-mm-dd; a date typed by hand (or where there is no picker) is
    # dd/mm/yyyy: the Vietnamese input formats (config/formats/vi) accept both.
    date_from = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"), required=False, error_messages={"invalid": DATE_INVALID}
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"), required=False, error_messages={"invalid": DATE_INVALID}
    )
    order = forms.ChoiceField(
        label=pgettext_lazy("sort order", "Order"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
        widget=QuickSelect,
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
            # Only what is shown changes: the form was validated against every taxonomy entry.
            field.choices = [
                ("", field.empty_label),
                *((pk, f"{name} ({counts[pk]})") for pk, name in _names(field.queryset.model) if pk in counts),
            ]
        statuses = Counter(hit.status for hit in hits if hit.status)
        self.fields["status"].choices = [("", ALL)] + [
            (value, f"{label} ({statuses[value]})") for value, label in self.STATUS_CHOICES if statuses[value]
        ]

    def is_filtered(self):
        """Whether the visitor set a filter or an order (valid or not): the filter panel then stays open."""
        return self.is_bound and any(self.data.get(name) for name in FILTERS)

    def query(self):
        """The query as typed, even when a filter is wrong: a bad date must not lose the search."""
        return clean_query(self.data.get("q", "")) if self.is_bound else ""

    def filters(self):
        """The filters that are valid; a wrong one is left out (and reported beside its field),
        so the query's results are still shown."""
        self.is_valid()
        data = self.cleaned_data
        return service.Filters(
            types=frozenset(data.get("type") or ()),
            agency=data["agency"].pk if data.get("agency") else None,
            sector=data["sector"].pk if data.get("sector") else None,
            area=data["area"].pk if data.get("area") else None,
            status=data.get("status") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def ordering(self):
        self.is_valid()
        return self.cleaned_data.get("order") or "relevance"
