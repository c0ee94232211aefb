from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from consultations.status import Status
from core.forms import PlainLabelForm
from taxonomy.models import Agency, Area, Sector


class RegisterFilterForm(PlainLabelForm):
    """The register's filters; every field optional, bad values simply ignored."""

    NOT_CONSULTED = "not_consulted"
    ADOPTED_WITHOUT_CONSULTATION = "adopted_without_consultation"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [
        ("", _("Any status")),
        *Status.choices,
        (NOT_CONSULTED, _("not consulted")),
        (ADOPTED_WITHOUT_CONSULTATION, _("adopted without consultation")),
        (ADOPTED, _("adopted")),
        (WITHDRAWN, _("withdrawn")),
    ]

    q = forms.CharField(label=_("Title or number contains"), required=False, max_length=200)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("agency", "sector", "area"):
            self.fields[field].empty_label = _("All")


class PolicyPageForm(WagtailAdminPageForm):
    """The editor's form: a comment window shorter than the minimum needs a written reason.

    Archive imports bypass this form: a past window's length is a fact, flagged publicly anyway.
    """

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("consultation_opens_at"), cleaned.get("consultation_closes_at")
        if opens and closes and closes > opens and not cleaned.get("short_window_reason", "").strip():
            page = self.instance
            page.consultation_opens_at, page.consultation_closes_at = opens, closes
            page.document_type = cleaned.get("document_type") or page.document_type
            window = page.consultation_for(page.consultation_rules())
            if window.is_shorter_than_minimum:
                self.add_error(
                    "short_window_reason",
                    _(
                        "The window is %(days)s days, shorter than the minimum of %(minimum)s days for this type "
                        "of document: say why."
                    )
                    % {"days": window.length_in_days, "minimum": window.minimum_days},
                )
        return cleaned
