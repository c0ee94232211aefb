"""A receipt for every comment and question (issue #14, item 2).

Every comment is given, when it is stored, a short code (`Comment.receipt_code`, "K7QM-4TZP")
that the citizen reads out to the agency on the phone, and a private link to a page showing where
their comment stands: awaiting moderation, published, not published with the reason, answered
with the answer. The code is short and could be guessed, so it opens nothing: the page needs the
link's long random token (`Comment.receipt_token`). What the page shows is what the public may
see of the comment (masked as published, the name only if the citizen asked for it), never the
contact details. Whoever left an e-mail address is written to at each step, once
(consultations.services: `email_decisions`, `email_answers`).
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from core.http import public_url

from .models import Comment, ResponseReport

# What `secrets.token_urlsafe(24)` makes; anything else is not looked up.
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


class Stage:
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    ANSWERED = "answered"


def find(token):
    """The comment whose receipt the token opens, or None. A receipt code does not open it."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    return Comment.objects.select_related("area", "response_agency", "page").filter(receipt_token=token).first()


def receipt_path(comment):
    return reverse("receipt", kwargs={"token": comment.receipt_token})


def receipt_url(comment):
    """The private link, at the site's public address (for e-mails and the thank-you page)."""
    return public_url(receipt_path(comment))


def answers_are_out(page):
    """Whether the answers given on a page are out: on a page that publishes a response report (a
    draft), once the report is published, when the answers' e-mail has always gone; on any other
    (a dialogue taking questions), as soon as each is given, as its page shows them."""
    if page.publishes_response_report:
        return ResponseReport.objects.filter(page_id=page.pk).exists()
    return True


def answer_is_public(comment, page):
    # The page shows an answer as soon as it is given (consultations.rendering): the receipt shows
    # no less. The e-mail waits for `answers_are_out`: a draft's answers go out with its report.
    return comment.state == Comment.State.PUBLISHED and comment.has_response


def stage_of(comment, page):
    if comment.state == Comment.State.REJECTED:
        return Stage.REJECTED
    if comment.state == Comment.State.PENDING:
        return Stage.PENDING
    return Stage.ANSWERED if answer_is_public(comment, page) else Stage.PUBLISHED


def position_among_published(comment):
    """How many published comments on the same page come before it, in the order they are shown."""
    return (
        Comment.objects.published()
        .filter(page_id=comment.page_id)
        .filter(Q(submitted_at__lt=comment.submitted_at) | Q(submitted_at=comment.submitted_at, pk__lt=comment.pk))
        .count()
    )


@dataclass(frozen=True)
class Receipt:
    """What the receipt page shows of one comment."""

    comment: Comment
    page: object  # the specific page the comment is on
    stage: str
    section_title: str
    location_url: str  # where the published comment (and its answer) is read, or ""

    @property
    def received_on(self):
        return self.comment.date_received

    @property
    def rejection_reason(self):
        return self.comment.get_rejection_reason_display() if self.stage == Stage.REJECTED else ""

    @property
    def is_pending(self):
        return self.stage == Stage.PENDING

    @property
    def is_published(self):
        return self.stage in (Stage.PUBLISHED, Stage.ANSWERED)

    @property
    def is_rejected(self):
        return self.stage == Stage.REJECTED

    @property
    def is_answered(self):
        return self.stage == Stage.ANSWERED


def receipt_for(comment):
    page = comment.page.specific
    stage = stage_of(comment, page)
    section = page.section_by_id(comment.section_id)
    location = ""
    if stage in (Stage.PUBLISHED, Stage.ANSWERED) and page.live:
        location = page.published_comment_url(comment, answered=stage == Stage.ANSWERED)
    return Receipt(
        comment=comment,
        page=page,
        stage=stage,
        section_title=(section.title if section else "") or comment.section_title,
        location_url=location,
    )
