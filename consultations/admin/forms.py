import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from consultations.forms import BODY_MAX_LENGTH, SenderFieldsMixin, areas_to_offer
from consultations.masking import strip_bidi_controls
from consultations.models import Comment
from core.forms import BaseAdminModelForm, PlainLabelForm, offer_current_choices
from taxonomy.models import Agency, Area


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


# --- Comments received outside the website (consultations.admin.offline) --------------------

SCAN_EXTENSIONS = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
SCAN_MAX_MEGABYTES = 10


class ChoosePageForm(PlainLabelForm):
    """First step: which draft or dialogue the comment is on (its sections come next)."""

    page = forms.ModelChoiceField(
        label=_("Draft or dialogue"),
        queryset=Page.objects.none(),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose the draft or dialogue the comment is on."),
            "invalid_choice": _("Choose the draft or dialogue the comment is on."),
        },
    )

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = Page.objects.filter(pk__in=[page.pk for page in pages]).order_by("title")


class OfflineCommentForm(SenderFieldsMixin, PlainLabelForm):
    """A comment that came by a meeting, a letter, the hotline…, typed in by an editor.

    Every refusal is a Vietnamese message beside its field, and everything typed stays in the
    form (except a chosen file, which no browser lets a page keep).
    """

    section = forms.ChoiceField(label=_("Which part of the draft"), required=False)
    body = forms.CharField(
        label=_("The comment, as received"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Phone and ID numbers in it are hidden when it is published."),
        error_messages={
            "required": _("Type in the comment."),
            "max_length": _("The comment is %(show_value)d characters long; the limit is %(limit_value)d."),
        },
    )
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[("", "—")] + [c for c in Comment.Channel.choices if c[0] != Comment.Channel.WEBSITE],
        error_messages={"required": _("Choose how the comment was received.")},
    )
    received_on = forms.DateField(
        label=_("Date received"),
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("As dd/mm/yyyy, e.g. 12/11/2026."),
        error_messages={
            "required": _("Give the date the comment was received, as dd/mm/yyyy."),
            "invalid": _("Write the date as dd/mm/yyyy, e.g. 12/11/2026."),
        },
    )
    sender_organisation = forms.CharField(
        label=_("Sending organisation (optional, published)"),
        max_length=200,
        required=False,
        help_text=_(
            "A body, not a person, e.g. the Fatherland Front committee of a commune: its name is published with "
            "the comment."
        ),
    )
    display_name = forms.CharField(label=_("Sender's name (optional)"), max_length=100, required=False)
    show_name = forms.BooleanField(
        label=_("The sender agreed that their name be published"),
        required=False,
        help_text=_("Without this, the comment is shown as from a citizen (of their area, if given)."),
    )
    area = forms.ModelChoiceField(
        label=_("Where the sender lives (optional)"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    contact_email = forms.EmailField(
        label=_("E-mail (optional, never published)"),
        required=False,
        error_messages={"invalid": _("This e-mail address does not look right, e.g. ten@example.com.")},
    )
    contact_phone = forms.CharField(label=_("Phone (optional, never published)"), max_length=20, required=False)
    scan = forms.FileField(
        label=_("Scanned letter or minutes (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["section"].choices = [("", _("The whole, no particular part"))] + [
            (s.anchor, s.title or s.label) for s in page.sections if s.title
        ]
        self.fields["area"].queryset = areas_to_offer()
        self.fields["scan"].help_text = _(
            "PDF, JPEG or PNG, at most %(n)s MB. Kept private: only people signed in to the admin can open it, "
            "and it is erased with the sender's contact details."
        ) % {"n": SCAN_MAX_MEGABYTES}
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_section(self):
        anchor = self.cleaned_data["section"]
        return self.page.section_by_anchor(anchor) if anchor else None

    def clean_body(self):
        body = strip_bidi_controls(self.cleaned_data["body"]).strip()
        if not body:
            raise ValidationError(self.fields["body"].error_messages["required"])
        return body

    def clean_sender_organisation(self):
        return strip_bidi_controls(self.cleaned_data["sender_organisation"]).strip()

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(
                _("The date received cannot be in the future (today is %(today)s).")
                % {"today": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}
            )
        return received_on

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if not scan:
            return None
        extension = scan.name.rsplit(".", 1)[-1].lower() if "." in scan.name else ""
        signature = SCAN_EXTENSIONS.get(extension)
        scan.seek(0)
        head = scan.read(8)
        scan.seek(0)
        if signature is None or not head.startswith(signature):
            raise ValidationError(
                _("“%(name)s” is not a PDF, JPEG or PNG file. Scan the document to one of these and choose it again.")
                % {"name": scan.name}
            )
        if scan.size > SCAN_MAX_MEGABYTES * 1024 * 1024:
            raise ValidationError(
                _(
                    "“%(name)s” is %(size)s MB; the limit is %(n)s MB. Scan it at a lower resolution and "
                    "choose it again."
                )
                % {
                    "name": scan.name,
                    "size": formats.number_format(scan.size / 1024 / 1024, 1),
                    "n": SCAN_MAX_MEGABYTES,
                }
            )
        return scan
