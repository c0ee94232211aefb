from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from consultations.models import Comment
from core.forms import PlainLabelForm
from taxonomy.models import Agency


class QueueFilterForm(PlainLabelForm):
    policy = forms.ModelChoiceField(
        label=_("Draft or dialogue"), queryset=None, required=False, empty_label=_("All drafts and dialogues")
    )
    state = forms.ChoiceField(label=_("Moderation"), choices=[("", _("All"))] + Comment.State.choices, required=False)
    answered = forms.ChoiceField(
        label=_("Answer status"),
        choices=[("", _("All")), ("no", _("not answered yet")), ("yes", _("answered"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Page.objects.filter(pk__in=Comment.objects.values("page").distinct()).order_by(
            "-latest_revision_created_at"
        )


class BulkActionForm(PlainLabelForm):
    """Approve, reject with a reason, or answer several comments at once."""

    APPROVE, REJECT, RESPOND = "approve", "reject", "respond"
    comments = forms.ModelMultipleChoiceField(
        queryset=Comment.objects.all(),
        error_messages={"required": _("Select at least one comment.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(APPROVE, _("Approve and publish")), (REJECT, _("Do not publish")), (RESPOND, _("Answer"))],
    )
    reason = forms.ChoiceField(
        label=_("Reason for not publishing"),
        choices=[("", "—")] + Comment.RejectionReason.choices,
        required=False,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—")] + Comment.Outcome.choices, required=False)
    response_text = forms.CharField(label=_("Answer text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    agency = forms.ModelChoiceField(
        label=_("Answering agency"),
        queryset=Agency.objects.all(),
        required=False,
        empty_label=_("The drafting agency"),
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.REJECT and not data.get("reason"):
            self.add_error("reason", _("Choose why these comments are not published."))
        if action == self.RESPOND:
            if not data.get("outcome"):
                self.add_error("outcome", _("Choose the outcome of the answer."))
            if not data.get("response_text", "").strip():
                self.add_error("response_text", _("Write the answer."))
        return data


class PublishReportForm(PlainLabelForm):
    introduction = forms.CharField(
        label=_("Introduction (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
