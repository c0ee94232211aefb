from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from taxonomy.roles import AgencyScopedPageForm


class PolicyPageForm(AgencyScopedPageForm):
    """The editor's form: a comment window shorter than the minimum needs a written reason, a
    draft put out for comment is published with its text and its drafting agency, and a draft is
    public for the whole of its window (scheduled go-live and expiry around it).

    Archive imports bypass this form: a past window's length is a fact, flagged publicly anyway.
    """

    def clean(self):
        cleaned = super().clean()
        # Saving a draft defers what publishing needs (Wagtail's deferred validation).
        if not self.is_deferred_validation:
            self.require_what_a_consultation_shows(cleaned)
            self.keep_public_through_the_window(cleaned)
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

    def keep_public_through_the_window(self, cleaned):
        """A draft is public for the whole of its window: scheduled to go live no later than its
        comments open, and to expire no earlier than they close.

        The window is what the page says and what its status, its length and the minimum are
        counted from; a draft that went live after its opening would take comments for fewer days
        than it says. A page already live is public whatever a scheduled revision's go-live says,
        so only a draft not yet public is held to its go-live.
        """
        opens, closes = cleaned.get("consultation_opens_at"), cleaned.get("consultation_closes_at")
        if not (opens and closes) or closes <= timezone.now():
            return
        go_live, expire = cleaned.get("go_live_at"), cleaned.get("expire_at")
        # A new page's `live` says nothing yet (Wagtail's default is True until it is saved).
        already_public = self.instance.pk is not None and self.instance.live
        if go_live and go_live > opens and not already_public:
            self.add_error(
                "go_live_at",
                _(
                    "Comments open on %(opens)s, before this draft goes live on %(go_live)s: citizens could not "
                    "comment until then, so the window would be shorter than it says. Make it go live no later "
                    "than the opening, or move the opening."
                )
                % {"opens": local_datetime(opens), "go_live": local_datetime(go_live)},
            )
        if expire and expire < closes:
            self.add_error(
                "expire_at",
                _(
                    "Comments close on %(closes)s, after this draft expires on %(expire)s: it would be taken down "
                    "while it is still open for comment. Make it expire after the closing, or leave expiry empty."
                )
                % {"closes": local_datetime(closes), "expire": local_datetime(expire)},
            )


def local_datetime(moment):
    """dd/mm/yyyy hh:mm in the site's time zone."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
