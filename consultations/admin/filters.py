import django_filters

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page

from consultations.models import Comment


def pages_with_comments(request):
    """Called on each request, so a page commented on since start-up is offered too."""
    return Page.objects.filter(pk__in=Comment.objects.values("page")).order_by("-latest_revision_created_at")


class CommentFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Draft or dialogue"), queryset=pages_with_comments, empty_label=_("All drafts and dialogues")
    )
    state = django_filters.ChoiceFilter(
        label=_("Moderation"), choices=Comment.State.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    answered = django_filters.ChoiceFilter(
        label=_("Answer status"),
        choices=[("no", _("not answered yet")), ("yes", _("answered"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_answered",
    )
    channel = django_filters.ChoiceFilter(
        label=_("Received through"), choices=Comment.Channel.choices, empty_label=_("All")
    )

    class Meta:
        model = Comment
        fields = []

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(response_outcome="")
        return queryset.filter(response_outcome="")
