"""The words of the shared comment form and its pages, for what a page takes.

A draft takes comments that its drafting agency answers in a report; a dialogue takes questions
that its leaders answer at the dialogue. The form, the thank-you page and the refusals are the
same code for both, so each page type says its own words here (`CommentablePage.comment_wording`)
instead of the templates branching on the page type.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Wording:
    form_title: str  # the form's heading, and the link to it
    body_label: str
    body_help: str
    body_required: str
    body_too_long: str  # with %(show_value)d and %(limit_value)d
    show_name_label: str
    show_name_help: str
    contact_legend: str
    contact_hint: str
    consent_label: str
    submit: str
    not_sent_heading: str  # the error summary's heading
    not_open: str  # the form's page while the window is shut
    closed: str  # refusal: the window has closed
    upcoming: str  # refusal: the window has not opened
    sent_title: str  # the thank-you page's title
    sent_heading: str
    # The receipt (consultations.receipts) and the e-mails about each step.
    receipt_title: str
    awaiting_answer: str  # published, the answer not out yet: who answers, when
    mail_published_subject: str  # with %(title)s, the page's
    mail_rejected_subject: str  # with %(title)s
    mail_answered_subject: str  # with %(title)s
    mail_answer_out: str  # with %(title)s: the answered message's first line
    mail_answer_line: str  # with %(outcome)s


COMMENTS = Wording(
    form_title=_("Comment on the draft"),
    body_label=_("Your comment"),
    body_help=_(
        "At most 5,000 characters. Phone and ID numbers you write will be hidden when the comment is published."
    ),
    body_required=_("Write your comment before sending."),
    body_too_long=_("Your comment is %(show_value)d characters long; the limit is %(limit_value)d."),
    show_name_label=_("Show my name with my comment"),
    show_name_help=_("Unless you tick it, your comment is shown as from a citizen of your area."),
    contact_legend=_("How to send you the answer (optional)"),
    contact_hint=_(
        "Used only to tell you when the agency answers. Never published, never exported, erased after the answer."
    ),
    consent_label=_(
        "I agree that my personal data given here is processed to handle this comment and send me "
        "the answer, under the Law on Personal Data Protection."
    ),
    submit=_("Send comment"),
    not_sent_heading=_("Your comment was not sent yet"),
    not_open=_("This draft is not taking comments now. You can still read it and what has been published."),
    closed=_("Comments on this draft are closed."),
    upcoming=_("This draft is not open for comment yet."),
    sent_title=_("Comment received"),
    sent_heading=_("Thank you: your comment has been received"),
    receipt_title=_("Receipt for your comment"),
    awaiting_answer=_(
        "The drafting agency answers every published comment in its response report, after the consultation closes."
    ),
    mail_published_subject=_("Your comment on “%(title)s” is published"),
    mail_rejected_subject=_("Your comment on “%(title)s” was not published"),
    mail_answered_subject=_("The answer to your comment on “%(title)s”"),
    mail_answer_out=_("The drafting agency has published its answers to the comments on “%(title)s”."),
    mail_answer_line=_("The answer to your comment: %(outcome)s."),
)
