"""What each figure of the scorecard is, exactly: the table's columns, the exports' keys and the
method page are all written from `FIGURES`, so the three say the same thing.

A definition's text is the method a journalist follows to recompute the figure from the open
data (/api/v2/pages/, /api/v2/comments/, /api/v2/commitments/): what is counted, which date puts
a record in a year, which agency it counts for, how a median is taken. The rules common to every
figure are in `METHOD` (a year, the public records, attribution, medians).
"""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import Comment


class Kind:
    COUNT = "count"
    SHARE = "share"
    DAYS = "days"


@dataclass(frozen=True)
class Group:
    key: str
    label: str


DOCUMENTS = "documents"
COMMENTS = "comments"
REPORTS = "reports"
DIALOGUES = "dialogues"
COMMITMENTS = "commitments"
CHANNELS = "channels"

GROUPS = [
    Group(DOCUMENTS, pgettext_lazy("scorecard group", "Documents and consultations")),
    Group(COMMENTS, pgettext_lazy("scorecard group", "Comments and answers")),
    Group(REPORTS, pgettext_lazy("scorecard group", "Response reports")),
    Group(DIALOGUES, pgettext_lazy("scorecard group", "Dialogues")),
    Group(COMMITMENTS, pgettext_lazy("scorecard group", "Commitments")),
    Group(CHANNELS, pgettext_lazy("scorecard group", "Comments by channel")),
]


@dataclass(frozen=True)
class Definition:
    """One figure. `source` names where its value is read on a `Figures`: the attribute of the
    same name as `key` by default; `(attribute, code)` for one entry of a dict of counts (a
    reason, an outcome, a channel); a dict attribute read whole gives the sum of its counts."""

    key: str
    label: str
    short_label: str
    group: str
    kind: str
    definition: str
    source: tuple | str | None = None

    def value_of(self, figures):
        """The figure's value on `figures`: an int, a share from 0 to 1, days, or None."""
        source = self.source or self.key
        if isinstance(source, tuple):
            attribute, code = source
            return getattr(figures, attribute).get(code, 0)
        value = getattr(figures, source)
        if isinstance(value, dict):
            return sum(value.values())
        return value


# --- The rules every figure follows ---------------------------------------------------------

PUBLIC_RECORDS = _(
    "Only public records count: pages that are published and that anyone may read (not behind a "
    "password or a login), the comments published on them, the questions and commitments of "
    "published dialogues. Counts of comments not (yet) published are the only exception: they are "
    "counts, never the comments themselves, and the API gives them per draft."
)
YEARS = _(
    "Dates are read in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7): a record belongs to the year of "
    "the day it is dated in Vietnam. Each figure says which date that is; a record is counted in "
    "one year only. Figures of the current year are figures so far: they grow until 31 December."
)
ATTRIBUTION = _(
    "A record counts for the agency named on it, as it is named there: a document issued for its "
    "issuing agency, a consultation and its comments for its drafting agency, a dialogue for its "
    "organising agency, a commitment for its responsible agency. An agency renamed, merged or "
    "abolished keeps the records that name it, before and after; a commune merged into another "
    "(the 2025 reorganisation) keeps the records of its own People's Committee, and the commune "
    "that took it over is credited only with what names it. The province's figures count each "
    "record once, including records that name no agency. The table lists every agency that existed "
    "on at least one day of the year, and any other agency named on a record of that year."
)
MEDIANS = _(
    "A median is the middle value of the list sorted from smallest to largest; with an even number "
    "of values it is the mean of the two middle ones (so it may end in .5). With no value there is "
    "no median (shown as empty). Shares are a count divided by another, as a decimal from 0 to 1 "
    "in the files and as a percentage on the page; with nothing to divide by there is no share."
)
METHOD = [
    (_("Public records only"), PUBLIC_RECORDS),
    (_("Which year"), YEARS),
    (_("Which agency"), ATTRIBUTION),
    (_("Medians and shares"), MEDIANS),
]

# --- The figures ------------------------------------------------------------------------------

_ISSUED = _(
    "Documents whose adoption date (adopted_on) falls in the year, counted for the agency that "
    "issued them (issuing agency; the drafting agency when none is named)."
)
_CONSULTED = _(
    "A consultation is a draft's public comment window (consultation_opens_at to "
    "consultation_closes_at). It belongs to the year of the day it closed, so a window open across "
    "New Year counts once, in the year it closes; windows still open are not counted yet. It counts "
    "for the drafting agency (the issuing agency when none is named)."
)
_WINDOW = _(
    "The length of a window is counted in days from the moment it opens to the moment it closes, "
    "a part of a day counting as a whole day (as the register shows it): 09:00 on 1 March to 17:00 "
    "on 31 March is 31 days."
)
_COMMENTS_OF = _(
    "Comments on the drafts whose window closed in the year (see consultations), counted for "
    "their drafting agency. Questions sent before a dialogue are not comments: see dialogues."
)
_REPORTS_OF = _(
    "Of the consultations closed in the year, less drafts withdrawn: a response report is due "
    "within the number of days the consultation rules allow (days allowed to publish the response) "
    "from the moment the window closed, to the minute, as the register says: a window closing at 17:00 on 1 March with "
    "30 days allowed is answered on time by 17:00 on 31 March."
)
_DIALOGUES_OF = _(
    "Published dialogues held in the year (by the day held_at in Vietnam), up to today, counted "
    "for their organising agency."
)
_COMMITMENTS_OF = _(
    "Commitments made at the dialogues held in the year (by the day of the dialogue), counted for "
    "the responsible agency (the organising agency when none is named)."
)


def _comment_reason(reason):
    return Definition(
        key=f"comments_not_published_{reason.value}",
        label=format_lazy(_("Not published: {reason}"), reason=reason.label),
        short_label=reason.label,
        group=COMMENTS,
        kind=Kind.COUNT,
        definition=format_lazy(
            "{} {}",
            _COMMENTS_OF,
            format_lazy(
                _('Comments the moderators declined to publish for the reason "{reason}".'), reason=reason.label
            ),
        ),
        source=("comments_not_published", reason.value),
    )


def _channel(channel):
    return Definition(
        key=f"comments_by_channel_{channel.value}",
        label=format_lazy(_("Published comments received by {channel}"), channel=channel.label),
        short_label=channel.label,
        group=CHANNELS,
        kind=Kind.COUNT,
        definition=format_lazy(
            "{} {}",
            _COMMENTS_OF,
            format_lazy(
                _(
                    'Published comments whose channel is "{channel}" (the channel field of '
                    "/api/v2/comments/): how they reached the agency."
                ),
                channel=channel.label,
            ),
        ),
        source=("comments_by_channel", channel.value),
    )


def _outcome(outcome, key):
    return Definition(
        key=key,
        label=format_lazy(_("Answered: {outcome}"), outcome=outcome.label),
        short_label=outcome.label,
        group=COMMENTS,
        kind=Kind.COUNT,
        definition=format_lazy(
            "{} {}",
            _COMMENTS_OF,
            format_lazy(_('Published comments answered with the outcome "{outcome}".'), outcome=outcome.label),
        ),
        source=("outcomes", outcome.value),
    )


def _share_of_outcome(key, outcome):
    return Definition(
        key=key,
        label=format_lazy(_("Share {outcome}"), outcome=outcome.label),
        short_label=format_lazy(pgettext_lazy("scorecard short label", "Share {outcome}"), outcome=outcome.label),
        group=COMMENTS,
        kind=Kind.SHARE,
        definition=format_lazy(
            _('Published comments answered "{outcome}", divided by the published comments answered.'),
            outcome=outcome.label,
        ),
    )


FIGURES = [
    # Documents and consultations
    Definition(
        "documents_issued",
        _("Documents issued"),
        pgettext_lazy("scorecard short label", "Issued"),
        DOCUMENTS,
        Kind.COUNT,
        _ISSUED,
    ),
    Definition(
        "adopted_after_consultation",
        _("Adopted after public consultation"),
        pgettext_lazy("scorecard short label", "After consultation"),
        DOCUMENTS,
        Kind.COUNT,
        format_lazy("{} {}", _ISSUED, _("Of these, those that had a public comment window.")),
    ),
    Definition(
        "share_adopted_after",
        _("Share adopted after public consultation"),
        pgettext_lazy("scorecard short label", "Share consulted"),
        DOCUMENTS,
        Kind.SHARE,
        _("Documents adopted after public consultation, divided by the documents issued."),
    ),
    Definition(
        "adopted_without_consultation",
        _("Adopted without public consultation"),
        pgettext_lazy("scorecard short label", "Without consultation"),
        DOCUMENTS,
        Kind.COUNT,
        format_lazy("{} {}", _ISSUED, _("Of these, those that had no public comment window on this portal.")),
    ),
    Definition(
        "share_adopted_without",
        _("Share adopted without public consultation"),
        pgettext_lazy("scorecard short label", "Share not consulted"),
        DOCUMENTS,
        Kind.SHARE,
        _("Documents adopted without public consultation, divided by the documents issued."),
    ),
    Definition(
        "consultations",
        _("Consultations closed"),
        pgettext_lazy("scorecard short label", "Consultations"),
        DOCUMENTS,
        Kind.COUNT,
        _CONSULTED,
    ),
    Definition(
        "short_windows",
        _("Consultations shorter than the rule"),
        pgettext_lazy("scorecard short label", "Short windows"),
        DOCUMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {} {}",
            _CONSULTED,
            _WINDOW,
            _(
                "A window is short when its length is below the minimum for its document type "
                "(minimum_days of the type), or, for a type without one, the consultation rules' "
                "default minimum."
            ),
        ),
    ),
    Definition(
        "short_windows_with_reason",
        _("Short consultations with a reason given"),
        pgettext_lazy("scorecard short label", "Short, with reason"),
        DOCUMENTS,
        Kind.COUNT,
        _("Of the consultations shorter than the rule, those whose draft gives a reason (short_window_reason)."),
    ),
    Definition(
        "median_window_days",
        _("Median length of the comment window (days)"),
        pgettext_lazy("scorecard short label", "Median window"),
        DOCUMENTS,
        Kind.DAYS,
        format_lazy("{} {} {}", _CONSULTED, _WINDOW, _("The median of the lengths of the consultations counted.")),
    ),
    # Comments and answers
    Definition(
        "comments_received",
        _("Comments received"),
        pgettext_lazy("scorecard short label", "Received"),
        COMMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _COMMENTS_OF,
            _(
                "Every comment received, published or not, still awaiting moderation included, "
                "through every channel (comments_received in the consultation_record of /api/v2/pages/)."
            ),
        ),
    ),
    Definition(
        "comments_published",
        _("Comments published"),
        pgettext_lazy("scorecard short label", "Published"),
        COMMENTS,
        Kind.COUNT,
        format_lazy("{} {}", _COMMENTS_OF, _("The comments published (those in /api/v2/comments/).")),
    ),
    Definition(
        "comments_not_published",
        _("Comments not published"),
        pgettext_lazy("scorecard short label", "Not published"),
        COMMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _COMMENTS_OF,
            _(
                "Comments the moderators declined to publish, whatever the reason (comments_not_published "
                "in the consultation_record of /api/v2/pages/); comments still awaiting moderation are "
                "neither published nor refused."
            ),
        ),
    ),
    *[_comment_reason(reason) for reason in Comment.RejectionReason],
    Definition(
        "comments_answered",
        _("Comments answered"),
        pgettext_lazy("scorecard short label", "Answered"),
        COMMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {}", _COMMENTS_OF, _("Published comments the agency answered with an outcome (outcome not empty).")
        ),
    ),
    Definition(
        "share_answered",
        _("Share of published comments answered"),
        pgettext_lazy("scorecard short label", "Share answered"),
        COMMENTS,
        Kind.SHARE,
        _("Comments answered, divided by the comments published."),
    ),
    _outcome(Comment.Outcome.ACCEPTED, "comments_accepted"),
    _outcome(Comment.Outcome.PARTLY, "comments_partly_accepted"),
    _outcome(Comment.Outcome.NOT_ACCEPTED, "comments_not_accepted"),
    _share_of_outcome("share_accepted", Comment.Outcome.ACCEPTED),
    _share_of_outcome("share_partly_accepted", Comment.Outcome.PARTLY),
    _share_of_outcome("share_not_accepted", Comment.Outcome.NOT_ACCEPTED),
    # Response reports
    Definition(
        "reports_published",
        _("Response reports published"),
        pgettext_lazy("scorecard short label", "Reports"),
        REPORTS,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _REPORTS_OF,
            _("Those whose response report is published (response_published_at in /api/v2/pages/), on time or not."),
        ),
    ),
    Definition(
        "reports_on_time",
        _("Response reports published on time"),
        pgettext_lazy("scorecard short label", "On time"),
        REPORTS,
        Kind.COUNT,
        format_lazy("{} {}", _REPORTS_OF, _("Those whose report was published by the moment it was due.")),
    ),
    Definition(
        "reports_overdue",
        _("Response reports overdue"),
        pgettext_lazy("scorecard short label", "Overdue"),
        REPORTS,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _REPORTS_OF,
            _("Those whose report was published after it was due, or is still missing after it was due."),
        ),
    ),
    Definition(
        "median_days_to_report",
        _("Median days from close to the response report"),
        pgettext_lazy("scorecard short label", "Median days to report"),
        REPORTS,
        Kind.DAYS,
        format_lazy(
            "{} {}",
            _REPORTS_OF,
            _(
                "For each published report, the number of calendar days from the day the window "
                "closed to the day the report was published (both read in Vietnam); the median of "
                "those numbers."
            ),
        ),
    ),
    # Dialogues
    Definition(
        "dialogues_held",
        _("Dialogues held"),
        pgettext_lazy("scorecard short label", "Dialogues"),
        DIALOGUES,
        Kind.COUNT,
        _DIALOGUES_OF,
    ),
    Definition(
        "questions_before",
        _("Questions sent before the dialogues"),
        pgettext_lazy("scorecard short label", "Questions before"),
        DIALOGUES,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _DIALOGUES_OF,
            _(
                "The questions citizens sent in advance and that were published (the comments of "
                'type "dialogue" in /api/v2/comments/).'
            ),
        ),
    ),
    Definition(
        "questions_during",
        _("Questions raised during the dialogues"),
        pgettext_lazy("scorecard short label", "Questions during"),
        DIALOGUES,
        Kind.COUNT,
        format_lazy(
            "{} {}", _DIALOGUES_OF, _("The questions and opinions recorded on the dialogue's page (its questions).")
        ),
    ),
    # Commitments
    Definition(
        "commitments_made",
        _("Commitments made"),
        pgettext_lazy("scorecard short label", "Commitments"),
        COMMITMENTS,
        Kind.COUNT,
        _COMMITMENTS_OF,
    ),
    Definition(
        "commitments_done_on_time",
        _("Commitments done on time"),
        pgettext_lazy("scorecard short label", "Done on time"),
        COMMITMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {}", _COMMITMENTS_OF, _("Those done on or before their deadline (done_on no later than deadline).")
        ),
    ),
    Definition(
        "commitments_done_late",
        _("Commitments done late"),
        pgettext_lazy("scorecard short label", "Done late"),
        COMMITMENTS,
        Kind.COUNT,
        format_lazy("{} {}", _COMMITMENTS_OF, _("Those done after their deadline (done_on later than deadline).")),
    ),
    Definition(
        "commitments_overdue",
        _("Commitments overdue"),
        pgettext_lazy("scorecard short label", "Overdue"),
        COMMITMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _COMMITMENTS_OF,
            _("Those past their deadline today, neither done nor declared impossible (overdue in the API)."),
        ),
    ),
    Definition(
        "commitments_cannot_be_done",
        _("Commitments that cannot be done"),
        pgettext_lazy("scorecard short label", "Cannot be done"),
        COMMITMENTS,
        Kind.COUNT,
        format_lazy(
            "{} {}",
            _COMMITMENTS_OF,
            _("Those the agency declared impossible, each with its reason (the reason field in the API)."),
        ),
    ),
    Definition(
        "share_commitments_on_time",
        _("Share of commitments kept on time"),
        pgettext_lazy("scorecard short label", "Share on time"),
        COMMITMENTS,
        Kind.SHARE,
        _(
            "Commitments done on time, divided by those whose outcome is due: done (on time or late) "
            "or overdue. Commitments not yet due and those declared impossible are left out."
        ),
    ),
    # Channels
    *[_channel(channel) for channel in Comment.Channel],
]

FIGURES_BY_KEY = {definition.key: definition for definition in FIGURES}


def figures_in(group):
    """The definitions of one group, in order."""
    return [definition for definition in FIGURES if definition.group == group]
