from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainLabelForm
from taxonomy.models import Area


class StoryFilterForm(PlainLabelForm):
    field = forms.ChoiceField(label=_("Field"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    year = forms.IntegerField(label=_("Year recognised"), min_value=1990, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        from .models import ModelStoryPage

        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields")), *ModelStoryPage.Field.choices]
        # Only areas that have a story: an empty choice helps nobody.
        self.fields["area"].queryset = Area.objects.filter(stories__isnull=False).distinct().order_by("name")
        self.fields["area"].empty_label = _("All")
