import django_filters

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import ALL, PublicFilterSet, YearFilter
from taxonomy.models import Area

from .choices import StoryField


def areas_with_stories(request):
    # Only areas that have a story: an empty choice helps nobody.
    return Area.objects.filter(stories__isnull=False).distinct().order_by("name")


class StoryFilter(PublicFilterSet):
    field = django_filters.ChoiceFilter(
        label=pgettext_lazy("field of work", "Field"), choices=StoryField.choices, empty_label=_("All fields")
    )
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=areas_with_stories, empty_label=ALL)
    year = YearFilter(label=_("Year recognised"), field_name="recognition_year", lookup_expr="exact")
