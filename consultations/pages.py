"""The contract between the participation engine and the pages that take comments.

A page type that takes citizens' comments or questions subclasses `CommentablePage` and says:

- `consultation`: its window (a `Consultation`) or None when it takes none;
- `sections`: the parts a comment may point at (each with `anchor`, `block_id`, `title`), or ();
- `answering_agency`: who answers when an editor does not name another agency;
- `comment_path`: the URL segment of its form ("gop-y" for drafts, "cau-hoi" for dialogues);
- `contact_retention_from`: the field (lookup path) from whose date commenters' contact details
  are kept for the retention period;
- `comment_wording` (a `consultations.wording.Wording`) and `comment_sent_message()`: the words of
  the form, its refusals, its thank-you page, its receipt and its e-mails — a draft's by default;
  a dialogue says "question" and who answers it;
- `published_comment_url(comment, answered)`: where a published comment (and its answer) is read,
  for its receipt and e-mails: the page itself by default.

The comment routes are defined here once. `consultations.checks` checks the contract at start-up.
"""

from django.urls import path as url_path
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from . import views, wording


class CommentablePage(RoutablePageMixin):
    comment_path = "gop-y"
    comment_wording = wording.COMMENTS
    # Whether the comment form shows the consultation's status line (a draft's window).
    comment_form_shows_status = True
    # Whether editors publish a response report once the window has closed.
    publishes_response_report = False
    contact_retention_from = ""
    sections = ()

    @property
    def consultation(self):
        raise NotImplementedError

    @property
    def answering_agency(self):
        raise NotImplementedError

    @classmethod
    def offline_entry_candidates(cls):
        """Pages of this type an editor may type comments received elsewhere into, before the
        rule (`services.offline_entry_refusal`) is asked of each; a type narrows it in SQL."""
        return cls.objects.live()

    def section_by_anchor(self, anchor):
        return next((s for s in self.sections if s.anchor == anchor), None) if anchor else None

    def section_by_id(self, block_id):
        return next((s for s in self.sections if s.block_id == block_id), None) if block_id else None

    @classmethod
    def get_subpage_urls(cls):
        own = (
            url_path(f"{cls.comment_path}/", cls.comment, name="comment"),
            url_path(f"{cls.comment_path}/da-gui/", cls.comment_sent, name="comment_sent"),
            # The thank-you page with the comment's receipt: private, like the receipt itself.
            url_path(f"{cls.comment_path}/da-gui/<str:token>/", cls.comment_sent, name="comment_sent_receipt"),
        )
        return own + tuple(super().get_subpage_urls())

    def comment(self, request):
        return views.comment_form(request, self)

    def comment_sent(self, request, token=None):
        return views.comment_sent(request, self, token)

    def csrf_failure_response(self, request, view_name):
        """The comment form again, with what was typed, when its security token failed."""
        if view_name == "comment" and request.method == "POST":
            return views.comment_form_after_csrf_failure(request, self)
        return None

    def comment_sent_message(self):
        """What happens next, on the thank-you page."""
        return _(
            "It is awaiting moderation and will be published once an editor has checked it. If you left an "
            "e-mail address, we will write to you when the agency publishes its answer."
        )

    @property
    def report_url(self):
        """Where the published response report is read, or "" while there is none."""
        if not self.publishes_response_report or getattr(self, "report", None) is None:
            return ""
        return self.url + self.reverse_subpage("response_report_page")

    def comment_sent_url(self, section=None, comment=None):
        """The thank-you page; with the comment's receipt when the comment is given."""
        if comment is None:
            url = self.url + self.reverse_subpage("comment_sent")
        else:
            url = self.url + self.reverse_subpage("comment_sent_receipt", kwargs={"token": comment.receipt_token})
        return url + (f"?muc={section.anchor}" if section else "")

    def published_comment_url(self, comment, answered=False):
        """Where a published comment, and its answer once given, is read: here, at its anchor."""
        return f"{self.url}#{comment.anchor}"


def commentable_page_models():
    """Page types that take comments through the participation engine."""
    return [model for model in get_page_models() if issubclass(model, CommentablePage)]
