from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BasePageForm


class PolicyPageForm(BasePageForm):
    """The editor's form: a comment window shorter than the minimum needs a written reason, and a
    draft put out for comment is published with its text and its drafting agency.

    Archive imports bypass this form: a past window's length is a fact, flagged publicly anyway.
    """

    def clean(self):
        cleaned = super().clean()
        # Saving a draft defers what publishing needs (Wagtail's deferred validation).
        if not self.is_deferred_validation:
            self.require_what_a_consultation_shows(cleaned)
        opens, closes = cleaned.get("consultation_opens_at"), cleaned.get("consultation_closes_at")
        if opens and closes and closes > opens and not cleaned.get("short_window_reason", "").strip():
            page = self.instance
            page.consultation_opens_at, page.consultation_closes_at = opens, closes
            if cleaned.get("document_type"):
                page.document_type = cleaned["document_type"]
            window = page.consultation_for(page.consultation_rules())
            if window.is_shorter_than_minimum:
                self.add_error(
                    "short_window_reason",
                    _(
                        "The window is %(days)s days, shorter than the minimum of %(minimum)s days for this type "
                        "of document: say why."
                    )
                    % {"days": window.length_in_days, "minimum": window.minimum_days},
                )
        return cleaned

    def require_what_a_consultation_shows(self, cleaned):
        """A window that is open, or opens later, asks citizens to read something and someone to
        answer: nothing opens empty."""
        closes = cleaned.get("consultation_closes_at")
        if not closes or closes <= timezone.now():
            return
        if not cleaned.get("drafting_agency"):
            self.add_error("drafting_agency", _("A draft open for comment needs the agency that drafted it."))
        has_sections = any(block.block_type == "section" for block in cleaned.get("text") or [])
        attachments = self.formsets.get("attachments")
        has_attachment = attachments is not None and any(
            form.cleaned_data.get("document") and not form.cleaned_data.get("DELETE")
            for form in attachments.forms
            if hasattr(form, "cleaned_data")
        )
        if not (has_sections or has_attachment):
            # Not on the text field: the StreamField shows its own errors block by block.
            self.add_error(
                None, _("A draft open for comment needs its text: add at least one section, or attach the draft.")
            )
