import django_filters

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page

from consultations.models import Comment, normalise_receipt_code
from consultations.status import Status, closing_within_filter, status_filter

from .permissions import moderation_policy


def pages_with_comments(request):
    """Called on each request, so a page commented on since start-up is offered too; only the
    pages of the moderator's agencies."""
    pages = Page.objects.filter(pk__in=Comment.objects.values("page")).order_by("-latest_revision_created_at")
    return moderation_policy.pages_user_moderates(request.user, pages)


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

    # A citizen on the phone reads out their receipt's code (consultations.receipts), as they
    # hear it: with or without the dash, in capitals or not.
    receipt_code = django_filters.CharFilter(label=_("Receipt code"), method="filter_receipt_code")

    class Meta:
        model = Comment
        fields = []

    def filter_receipt_code(self, queryset, name, value):
        return queryset.filter(receipt_code=normalise_receipt_code(value))

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(response_outcome="")
        return queryset.filter(response_outcome="")


class ConsultationFilterSet(django_filters.FilterSet):
    """The consultations overview's filters, by the same rules as the public status
    (`consultations.status`): a stage, or open and closing within so many days.

    It filters a queryset of one page type that publishes response reports (a draft policy's
    `consultation_opens_at`, `consultation_closes_at`, `response_report`); the overview applies
    it to each such type. `moment` and `response_limit_days` are those of the request.
    """

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All"), method="filter_status"
    )
    closing_within = django_filters.NumberFilter(
        label=_("Open and closing within (days)"), min_value=0, max_value=366, method="filter_closing_within"
    )

    def __init__(self, *args, moment, response_limit_days, **kwargs):
        super().__init__(*args, **kwargs)
        self.moment = moment
        self.response_limit_days = response_limit_days

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_filter(value, self.moment, self.response_limit_days))

    def filter_closing_within(self, queryset, name, value):
        return queryset.filter(closing_within_filter(self.moment, int(value)))
