from django import forms
from django.db.models import Q
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class PlainLabelForm(forms.Form):
    """A form whose labels carry no trailing colon: screen readers announce "Cơ quan", not
    "Cơ quan:", and tests and users find fields by the label they see."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _pks(value):
    """The primary keys in a form's initial value: a pk, an object, or several of either (a list, a
    queryset, or modelcluster's stand-in for one)."""
    if value is None or value == "":
        return []
    if isinstance(value, (str, int)) or not hasattr(value, "__iter__"):
        value = [value]
    return [getattr(item, "pk", item) for item in value]


def offer_current_choices(form, day=None):
    """Limit each choice of a record that has a validity (an administrative unit or an agency
    abolished by the 2025 merger: a queryset with `valid_on`) to the records valid `day` (today),
    plus whatever the form's record already points at.

    New content cannot pick a unit that no longer exists; an archived page keeps its own unit
    when it is edited. Duck-typed on `valid_on`, so the core knows no taxonomy.
    """
    day = day or timezone.localdate()
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not hasattr(queryset, "valid_on"):
            continue
        current = _pks(form.initial.get(name))
        field.queryset = queryset.filter(Q(pk__in=queryset.valid_on(day).values("pk")) | Q(pk__in=current))


class CurrentChoicesMixin:
    """`offer_current_choices` on a Wagtail admin form and on the forms of its inline panels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_current_choices(self)
        for formset in getattr(self, "formsets", {}).values():
            # Before the formset builds its forms (and its empty form, the template for a new row).
            formset.form = type(formset.form.__name__, (CurrentChoicesMixin, formset.form), {})


class BasePageForm(CurrentChoicesMixin, WagtailAdminPageForm):
    """The editor's form of every page type of the portal (`core.models.BasePage`)."""


class BaseAdminModelForm(CurrentChoicesMixin, WagtailAdminModelForm):
    """The admin form of a snippet or a record edited in a viewset."""
