"""Questions sent in advance for a dialogue: the words of the shared comment form, said of
questions and of the leaders who answer them at the dialogue (consultations.wording)."""

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.wording import Wording

QUESTIONS = Wording(
    form_title=_("Send a question for the dialogue"),
    body_label=_("Your question"),
    body_help=_(
        "At most 5,000 characters. Phone and ID numbers you write will be hidden when the question is published."
    ),
    body_required=_("Write your question before sending."),
    body_too_long=_("Your question is %(show_value)d characters long; the limit is %(limit_value)d."),
    show_name_label=_("Show my name with my question"),
    show_name_help=_("Unless you tick it, your question is shown as from a citizen of your area."),
    contact_legend=_("How the organisers can reach you (optional)"),
    contact_hint=_(
        "Used only by the dialogue's organisers to reach you about your question. Never published, never "
        "exported, erased after the dialogue."
    ),
    consent_label=_(
        "I agree that my personal data given here is processed to handle this question, under the Law on "
        "Personal Data Protection."
    ),
    submit=_("Send question"),
    not_sent_heading=_("Your question was not sent yet"),
    not_open=_("This dialogue is not taking questions now. You can still read what has been published on it."),
    closed=_("Questions for this dialogue are closed: it has begun."),
    upcoming=_("This dialogue is not taking questions yet."),
    sent_title=_("Question received"),
    sent_heading=_("Thank you: your question has been received"),
    receipt_title=_("Receipt for your question"),
    awaiting_answer=_(
        "The leaders at the dialogue answer the questions sent in advance; the answer is published on the "
        "dialogue's page and shown here."
    ),
    mail_published_subject=_("Your question for “%(title)s” is published"),
    mail_rejected_subject=_("Your question for “%(title)s” was not published"),
    mail_answered_subject=_("The answer to your question for “%(title)s”"),
    mail_answer_out=_("Your question for the dialogue “%(title)s” has been answered."),
    mail_answer_line=_("The answer to your question: %(outcome)s."),
)


def question_sent_message(dialogue):
    """What happens to a question next: who answers it, and when."""
    held_on = formats.date_format(timezone.localtime(dialogue.held_at), "SHORT_DATE_FORMAT")
    answering = dialogue.chaired_by or (dialogue.agency.name if dialogue.agency else "")
    if answering:
        return gettext(
            "It is awaiting moderation and will be published with the other questions once an editor has "
            "checked it. The leaders at the dialogue on %(date)s, chaired by %(chair)s, will answer the "
            "questions sent in advance; the answers are published on the dialogue's page."
        ) % {"date": held_on, "chair": answering}
    return gettext(
        "It is awaiting moderation and will be published with the other questions once an editor has "
        "checked it. The leaders at the dialogue on %(date)s will answer the questions sent in advance; "
        "the answers are published on the dialogue's page."
    ) % {"date": held_on}
