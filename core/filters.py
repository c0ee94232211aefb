"""What the public lists' filters share (django-filter).

A value that does not validate (a year of 20245, an agency that does not exist) is left out of
the filtering; the other filters still apply, and the list is never an error page.
"""

import django_filters

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import PlainLabelForm

ALL = _("All")


class YearFilter(django_filters.NumberFilter):
    """A year between 1990 and 2100, matched against the year of a date field."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1990)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class PublicFilterSet(django_filters.FilterSet):
    """A filter form with the site's plain labels (no trailing colon)."""

    class Meta:
        form = PlainLabelForm
