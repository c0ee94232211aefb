import re
import uuid

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import plain
from taxonomy.models import Area

from .masking import strip_bidi_controls
from .services import MINIMUM_FILL_SECONDS

BODY_MAX_LENGTH = 5000
PHONE = re.compile(r"^(?:\+84|0)\d{9,10}$")
FORM_STAMP_SALT = "consultations.comment-form"


def form_stamp(submission_token, shown_at=None, checked=False):
    """A signed record of when the form was shown, for which submission. `checked` marks a form
    already held back once for speed: a person pressing Send again is not made to wait again."""
    shown_at = timezone.now().timestamp() if shown_at is None else shown_at
    stamp = {"shown": shown_at, "token": str(submission_token)}
    if checked:
        stamp["checked"] = True
    return signing.dumps(stamp, salt=FORM_STAMP_SALT)


# Why a sending is held back once; the form comes back with everything in it and a stamp that
# lets the next press through. Neither speaks of comments or questions: both forms use them.
SENT_TOO_QUICKLY = _(
    "This form was sent only a moment after it opened, quicker than a person usually fills it in, so it "
    "was held back in case a spam program sent it. Check what you wrote and press “%(button)s” again: "
    "this time it will go through."
)
STAMP_NOT_VALID = _(
    "This form arrived without its check code, as happens when a program fills it in. Check what you "
    "wrote and press “%(button)s” again: this time it will go through."
)
# A quoted part of the draft this short is shown open: a few lines even on a 320 px phone.
QUOTE_OPEN_UP_TO_WORDS = 50


def areas_to_offer():
    """The units a sender may say they live in: those that exist today (not the ones merged away)."""
    return Area.objects.valid_on(timezone.localdate()).order_by("level", "name")


class SenderFieldsMixin:
    """A sender's name and phone, cleaned the same way whoever types them in: the citizen on the
    public form, or an editor entering a comment received elsewhere."""

    def clean_contact_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["contact_phone"])
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("This phone number does not look right, e.g. 0912345678."))
        return phone

    def clean_display_name(self):
        # The name is shown beside the site's own words (the date, "Citizen in …"): a direction
        # control in it would reorder them.
        return strip_bidi_controls(self.cleaned_data["display_name"]).strip()


class CommentForm(SenderFieldsMixin, forms.Form):
    """A citizen's comment. Every refusal is a Vietnamese message next to the field, and the
    form comes back with everything typed still in it."""

    section = forms.ChoiceField(label=_("Which part of the draft"), required=False)
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "At most 5,000 characters. Phone and ID numbers you write will be hidden when the comment is published."
        ),
        error_messages={
            "required": _("Write your comment before sending."),
            "max_length": _("Your comment is %(show_value)d characters long; the limit is %(limit_value)d."),
        },
    )
    display_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    show_name = forms.BooleanField(
        label=_("Show my name with my comment"),
        required=False,
        help_text=_("Unless you tick it, your comment is shown as from a citizen of your area."),
    )
    area = forms.ModelChoiceField(
        label=_("Where you live (optional)"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    contact_email = forms.EmailField(
        label=_("E-mail (optional, never published)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("This e-mail address does not look right, e.g. ten@example.com.")},
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional, never published)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my personal data given here is processed to handle this comment and send me "
            "the answer, under the Law on Personal Data Protection."
        ),
        error_messages={
            "required": _("Tick the box to agree to the processing of your data, or we cannot take the comment.")
        },
    )
    # Never shown to people; a bot that fills every field fills this one too.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    form_stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.wording = page.comment_wording
        self._say_it_as_the_page_does()
        self.fields["section"].choices = [("", _("The draft as a whole"))] + [
            (s.anchor, s.title or s.label) for s in page.sections if s.title
        ]
        self.fields["area"].queryset = areas_to_offer()
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial["form_stamp"] = form_stamp(self.initial["submission_token"])

    def _say_it_as_the_page_does(self):
        """A draft's form speaks of comments, a dialogue's of questions (consultations.wording)."""
        words = self.wording
        body = self.fields["body"]
        body.label, body.help_text = words.body_label, words.body_help
        body.error_messages = {
            **body.error_messages,
            "required": words.body_required,
            "max_length": words.body_too_long,
        }
        self.fields["show_name"].label = words.show_name_label
        self.fields["show_name"].help_text = words.show_name_help
        self.fields["consent"].label = words.consent_label

    @property
    def asks_for_section(self):
        """Whether there is a part of the page to choose, beyond the page as a whole."""
        return len(self.fields["section"].choices) > 1

    def clean_body(self):
        body = strip_bidi_controls(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError(self.wording.body_required)
        return body

    def clean_section(self):
        anchor = self.cleaned_data["section"]
        return self.page.section_by_anchor(anchor) if anchor else None

    def _stamp(self):
        """The form's stamp, or None if it is missing, forged, or was issued with another
        submission token (one stamp cannot be replayed for many comments). It does not expire:
        a person may leave the page open for days, and the token stores one comment at most."""
        try:
            stamp = signing.loads(self.data.get("form_stamp", ""), salt=FORM_STAMP_SALT)
            float(stamp["shown"])
            token = stamp["token"]
        except (signing.BadSignature, TypeError, KeyError, ValueError):
            return None
        return stamp if token == str(self.data.get("submission_token", "")) else None

    def hold_back_reason(self):
        """Why this sending looks like a script's and is held back once, or None to take it.

        The form comes back with a checked stamp (`fresh_stamp(checked=True)`), so the person's
        next press always goes through; a script that posts blindly gets no further.
        """
        stamp = self._stamp()
        if stamp is None:
            reason = STAMP_NOT_VALID
        elif stamp.get("checked") or timezone.now().timestamp() - float(stamp["shown"]) >= MINIMUM_FILL_SECONDS:
            return None
        else:
            reason = SENT_TOO_QUICKLY
        return reason % {"button": self.wording.submit}

    @property
    def is_honeypot_filled(self):
        return bool(self.data.get("website", "").strip())

    def fresh_stamp(self, checked=False):
        """Let the re-rendered form count its time afresh; `checked` lets its next sending through."""
        data = self.data.copy()
        data["form_stamp"] = form_stamp(data.get("submission_token", ""), checked=checked)
        self.data = data

    @property
    def quoted_section(self):
        """The part of the draft the comment is on, when it has text to quote beside the form."""
        anchor = self.data.get("section", "") if self.is_bound else self.initial.get("section", "")
        section = self.page.section_by_anchor(anchor)
        return section if section is not None and section.text else None

    @property
    def quote_is_short(self):
        """A short part is quoted open; a long one closed, so the comment box stays near the top."""
        section = self.quoted_section
        return section is not None and len(plain(section.text.source).split()) <= QUOTE_OPEN_UP_TO_WORDS
