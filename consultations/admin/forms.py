from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultations.models import Comment
from core.forms import BaseAdminModelForm, PlainLabelForm, offer_current_choices
from taxonomy.models import Agency


class RejectForm(PlainLabelForm):
    reason = forms.ChoiceField(
        label=_("Reason for not publishing"),
        choices=[("", "—")] + Comment.RejectionReason.choices,
        error_messages={"required": _("Choose why these comments are not published.")},
    )


class AnswerForm(PlainLabelForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—")] + Comment.Outcome.choices,
        error_messages={"required": _("Choose the outcome of the answer.")},
    )
    response_text = forms.CharField(
        label=_("Answer text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the answer.")},
    )
    agency = forms.ModelChoiceField(
        label=_("Answering agency"),
        queryset=Agency.objects.all(),
        required=False,
        empty_label=_("The agency of the draft or dialogue"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An agency abolished by the 2025 merger answers nothing new.
        offer_current_choices(self)


class CommentAnswerForm(BaseAdminModelForm):
    """One comment's answer: the same required fields as the bulk answer, on a published comment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_outcome"].required = True
        self.fields["response_outcome"].error_messages["required"] = _("Choose the outcome of the answer.")
        self.fields["response_text"].required = True
        self.fields["response_text"].error_messages["required"] = _("Write the answer.")

    def clean(self):
        if self.instance.state != Comment.State.PUBLISHED:
            # services.respond skips it; say so rather than report an answer that was not saved.
            raise ValidationError(_("%(n)s unpublished comment(s) were not answered.") % {"n": 1})
        return super().clean()


class PublishReportForm(PlainLabelForm):
    introduction = forms.CharField(
        label=_("Introduction (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
