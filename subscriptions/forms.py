from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Agency, Area, Sector

from .models import Subscriber, Subscription
from .services import page_target


class SubscribeForm(forms.Form):
    """Follow sectors, areas, agencies or one draft or dialogue, by e-mail, without an account.

    Every refusal is a Vietnamese message next to its field, and the form comes back with
    everything ticked and typed still in it."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Write the e-mail address the news should go to."),
            "invalid": _("This e-mail address does not look right, e.g. ten@example.com."),
        },
    )
    # The draft or dialogue the form was opened from (`?page=`), kept through the sending.
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    follow_page = forms.BooleanField(required=False, initial=True)
    areas = forms.ModelMultipleChoiceField(
        label=_("Communes and wards"), queryset=Area.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies"), queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[
            (Subscriber.Frequency.DAILY, _("Every day (only on days with news)")),
            (Subscriber.Frequency.WEEKLY, _("Once a week, on Monday (only in weeks with news)")),
        ],
        initial=Subscriber.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my e-mail address is kept and used only to send me the news I asked for, until I "
            "unsubscribe, under the Law on Personal Data Protection."
        ),
        error_messages={
            "required": _("Tick the box to agree to the processing of your address, or we cannot send news.")
        },
    )
    # Never shown to people; a bot that fills every field fills this one too.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, target_page=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["areas"].queryset = Area.objects.valid_on(today).filter(
            level__in=[Area.Level.COMMUNE, Area.Level.WARD]
        )
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["agencies"].queryset = Agency.objects.valid_on(today)
        self.target_page = target_page
        if target_page is not None:
            self.fields["follow_page"].label = target_page.title
            self.initial["page"] = target_page.pk
        else:
            del self.fields["follow_page"]

    @property
    def is_honeypot_filled(self):
        return bool(self.data.get("website", "").strip())

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.targets():
            raise forms.ValidationError(
                _("Choose at least one thing to follow: a commune or ward, a sector or an agency.")
            )
        return cleaned

    def targets(self):
        """[(kind, object)] chosen."""
        data = self.cleaned_data
        follow_page = self.target_page is not None and data.get("follow_page")
        chosen = [(Subscription.Kind.PAGE, self.target_page)] if follow_page else []
        chosen += [(Subscription.Kind.AREA, area) for area in data.get("areas", [])]
        chosen += [(Subscription.Kind.SECTOR, sector) for sector in data.get("sectors", [])]
        chosen += [(Subscription.Kind.AGENCY, agency) for agency in data.get("agencies", [])]
        return chosen

    @classmethod
    def initial_from(cls, query):
        """What a link preselects: `?area=`, `?sector=`, `?agency=` (ids, as the register's filters
        write them) and `?page=`."""
        initial = {}
        for name, field in (("area", "areas"), ("sector", "sectors"), ("agency", "agencies")):
            ids = [value for value in query.getlist(name) if value.isdigit()]
            if ids:
                initial[field] = ids
        return initial

    @staticmethod
    def page_from(query):
        value = query.get("page", "")
        return page_target(int(value)) if value.isdigit() else None


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = Subscriber
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
