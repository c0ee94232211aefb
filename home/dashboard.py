"""What an agency's people have to do today, counted for the admin dashboard (`home/wagtail_hooks.py`).

Each count is taken by the same rule as the admin list its link opens, so that following the link
shows exactly the rows counted: comments awaiting moderation (the comment queue), questions sent
for dialogues still to be held, consultations closing within a week, response reports due and
overdue (the consultations overview, by `consultations.status`), commitments falling due within a
month and overdue (the commitments list, by `dialogues.commitments`).

Everything is narrowed to the agencies a person works for (`taxonomy.roles.agencies_of`) by
`for_agencies`, the one place that says which agency a record belongs to. Five queries in all,
however many records there are (`tests/home/test_dashboard.py` holds it to that).
"""

import datetime
import functools
import operator
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from consultations.models import Comment, ConsultationSettings
from consultations.status import Status, closing_within_filter, status_filter
from dialogues.commitments import Commitment, due_between, overdue_on
from dialogues.models import DialoguePage
from policies.models import PolicyPage

# "Closing soon" and "falling due soon", in days, counting today.
CLOSING_WITHIN_DAYS = 7
COMMITMENTS_DUE_WITHIN_DAYS = 30

# Whose a record is: a draft is its drafting or its issuing agency's, a dialogue its organising
# agency's, a commitment its responsible agency's or its dialogue's.
AGENCY_FIELDS = {
    PolicyPage: ("drafting_agency", "issuing_agency"),
    DialoguePage: ("agency",),
    Commitment: ("agency", "dialogue__agency"),
}


def for_agencies(queryset, agencies):
    """`queryset` narrowed to the records of `agencies` (Agency objects, ids or a queryset); None
    means every agency. A comment or question is its page's."""
    if agencies is None:
        return queryset
    if queryset.model is Comment:
        pages = [for_agencies(model.objects.all(), agencies).values("pk") for model in (PolicyPage, DialoguePage)]
        return queryset.filter(Q(page__in=pages[0]) | Q(page__in=pages[1]))
    fields = AGENCY_FIELDS[queryset.model]
    return queryset.filter(functools.reduce(operator.or_, (Q(**{f"{field}__in": agencies}) for field in fields)))


@dataclass(frozen=True)
class ComingDialogue:
    """A dialogue still to be held that takes questions in advance, and the questions it has."""

    page: DialoguePage
    questions: int
    pending: int


@dataclass(frozen=True)
class Today:
    comments_pending: int
    coming_dialogues: list
    consultations_closing: int
    reports_due: int
    reports_overdue: int
    commitments_due: int
    commitments_overdue: int

    closing_within_days: int = CLOSING_WITHIN_DAYS
    commitments_due_within_days: int = COMMITMENTS_DUE_WITHIN_DAYS


def today_for(agencies, moment=None):
    """The counts for `agencies` (None: all) at `moment` (default: now)."""
    moment = moment or timezone.now()
    today = timezone.localdate(moment)
    limit = ConsultationSettings.load().response_limit_days

    comments_pending = for_agencies(Comment.objects.pending(), agencies).count()

    consultations = for_agencies(PolicyPage.objects.all(), agencies).aggregate(
        closing=Count("pk", filter=closing_within_filter(moment, CLOSING_WITHIN_DAYS)),
        due=Count("pk", filter=status_filter(Status.AWAITING_RESPONSE, moment, limit)),
        overdue=Count("pk", filter=status_filter(Status.OVERDUE, moment, limit)),
    )

    dialogues = (
        for_agencies(DialoguePage.objects.live(), agencies)
        .filter(accepts_questions=True, held_at__gt=moment)
        .annotate(
            questions_received=Count("public_comments"),
            questions_pending=Count("public_comments", filter=Q(public_comments__state=Comment.State.PENDING)),
        )
        .order_by("held_at", "pk")
    )

    last_day = today + datetime.timedelta(days=COMMITMENTS_DUE_WITHIN_DAYS)
    commitments = for_agencies(Commitment.objects.all(), agencies).aggregate(
        due=Count("pk", filter=due_between(today, last_day)),
        overdue=Count("pk", filter=overdue_on(today)),
    )

    return Today(
        comments_pending=comments_pending,
        coming_dialogues=[ComingDialogue(page, page.questions_received, page.questions_pending) for page in dialogues],
        consultations_closing=consultations["closing"],
        reports_due=consultations["due"],
        reports_overdue=consultations["overdue"],
        commitments_due=commitments["due"],
        commitments_overdue=commitments["overdue"],
    )
