from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class PolicyPageForm(WagtailAdminPageForm):
    """The editor's form: a comment window shorter than the minimum needs a written reason.

    Archive imports bypass this form: a past window's length is a fact, flagged publicly anyway.
    """

    def clean(self):
        cleaned = super().clean()
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
