"""The rules of commenting, moderation and response, each in one place."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction, Page, get_page_models

from core import prepared, shellcache
from core.http import public_url
from core.memo import once_per_request

from . import receipts
from .models import Comment, ConsultationSettings, PublishedCommentRules, ResponseReport, new_receipt_code
from .status import Status

# Abuse limits. A household or an office may share one address, so the per-address limit is
# generous; the per-contact limit stops one person flooding a draft.
MAX_COMMENTS_PER_SENDER_PER_HOUR = 10
MAX_COMMENTS_PER_CONTACT_PER_DAY = 20
MAX_LINKS_PER_COMMENT = 2
# A form sent sooner than this after it was shown is held back once, as a script's might be
# (consultations.forms.CommentForm.hold_back_reason). It is counted from when the server made the
# form to when the sending arrives, so a slow connection only adds to it; a person who pastes a
# prepared text must still open the page, paste, tick the consent box and press Send, which takes
# longer than this, while scripts post within a fraction of a second. Being held back costs a
# person one more press, never what they typed.
MINIMUM_FILL_SECONDS = 2
LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)


class Refusal(Exception):
    """A submission the site will not take; the message is shown to the commenter."""


@dataclass(frozen=True)
class OutcomeTotals:
    """What came of the comments on a page, in the numbers its report opens with.

    `not_published` are those moderation refused; `pending` those still waiting (none once a
    report is published); `unanswered` the published ones without an outcome yet.
    """

    received: int = 0
    published: int = 0
    pending: int = 0
    accepted: int = 0
    partly: int = 0
    not_accepted: int = 0

    @property
    def unanswered(self):
        return self.published - self.accepted - self.partly - self.not_accepted

    @property
    def not_published(self):
        return self.received - self.published - self.pending

    def rows(self):
        """(key, label, number) in the order a reader follows: in, published, what came of them."""
        outcomes = dict(Comment.Outcome.choices)
        rows = [
            ("received", gettext_lazy("Received"), self.received),
            ("published", Comment.State.PUBLISHED.label, self.published),
            ("accepted", outcomes[Comment.Outcome.ACCEPTED], self.accepted),
            ("partly", outcomes[Comment.Outcome.PARTLY], self.partly),
            ("not_accepted", outcomes[Comment.Outcome.NOT_ACCEPTED], self.not_accepted),
            ("unanswered", gettext_lazy("not answered"), self.unanswered),
            ("not_published", Comment.State.REJECTED.label, self.not_published),
        ]
        if self.pending:
            rows.insert(2, ("pending", Comment.State.PENDING.label, self.pending))
        return rows


def comment_tallies(page):
    """How many comments the page has, by section, state, outcome and rejection reason: rows of
    (section_id, state, response_outcome, rejection_reason, n), from one query once per request.
    `comment_counts` and `comments_preview` both read them; their sizes grow with the sections,
    never with the comments."""
    return once_per_request(
        ("comment_tallies", page.pk),
        lambda: shellcache.kept(
            ("comment_tallies", page.pk),
            # Its SQL compiled once per process (core.prepared).
            lambda: prepared.run(
                "comment_tallies",
                lambda pk: (
                    Comment.objects.filter(page_id=pk)
                    .order_by()
                    .values_list("section_id", "state", "response_outcome", "rejection_reason")
                    .annotate(n=Count("pk"))
                ),
                page.pk,
            ),
            # Kept between requests until a comment is moderated or a page changes (as the page
            # cache: a comment just sent shows in the "received" count within that time).
            content=True,
        ),
    )


def comment_counts(page):
    """Received, published, pending, not published by reason (`rejected_by_code`, and
    `rejected_by_reason` named), and the outcomes (`outcomes`, an
    `OutcomeTotals`) — from the records' tallies (`comment_tallies`)."""
    totals = dict.fromkeys(["received", "published", "pending", "rejected", "answered", *Comment.Outcome.values], 0)
    by_reason = {}
    for _section, state, outcome, reason, n in comment_tallies(page):
        totals["received"] += n
        if state == Comment.State.PUBLISHED:
            totals["published"] += n
            if outcome:
                totals["answered"] += n
                if outcome in totals:
                    totals[outcome] += n
        elif state == Comment.State.PENDING:
            totals["pending"] += n
        elif state == Comment.State.REJECTED:
            totals["rejected"] += n
            by_reason[reason] = by_reason.get(reason, 0) + n
    reasons = dict(Comment.RejectionReason.choices)
    # Every reason by its code, none left out (open data); by its name, those given (the page).
    totals["rejected_by_code"] = {**dict.fromkeys(Comment.RejectionReason.values, 0), **by_reason}
    totals["rejected_by_reason"] = [(reasons.get(reason, ""), by_reason[reason]) for reason in sorted(by_reason)]
    totals["outcomes"] = OutcomeTotals(
        received=totals["received"],
        published=totals["published"],
        pending=totals["pending"],
        accepted=totals[Comment.Outcome.ACCEPTED],
        partly=totals[Comment.Outcome.PARTLY],
        not_accepted=totals[Comment.Outcome.NOT_ACCEPTED],
    )
    return totals


def published_totals(page):
    """{section_id: number of published comments}, from the tallies (`comment_tallies`)."""
    totals = {}
    for section_id, state, _outcome, _reason, n in comment_tallies(page):
        if state == Comment.State.PUBLISHED:
            totals[section_id] = totals.get(section_id, 0) + n
    return totals


class LazyPreview:
    """`comments_preview(page, per_section)`'s comments, read from the database only when
    something looks at them: a page whose rendered sections are kept (core.shellcache) does
    not read them at all."""

    def __init__(self, page, per_section):
        self.page, self.per_section = page, per_section

    @cached_property
    def by_section(self):
        return comments_preview(self.page, self.per_section)[0]

    def of_section(self, section_id):
        return _LazyComments(self, section_id)


class _LazyComments(Sequence):
    def __init__(self, preview, section_id):
        self._preview, self._section_id = preview, section_id

    @cached_property
    def _comments(self):
        return self._preview.by_section.get(self._section_id, [])

    def __getitem__(self, index):
        return self._comments[index]

    def __len__(self):
        return len(self._comments)


# What a comment shown under its section reads (consultations.rendering.comment_list_html): only
# these columns are read, of the thirty-odd a comment has (its contact details among them).
PREVIEW_FIELDS = (
    "pk",
    "section_id",
    "display_name",
    "show_name",
    "area_id",
    "sender_organisation",
    "channel",
    "received_on",
    "submitted_at",
    "body",
    "response_outcome",
    "response_text",
    "response_edited_at",
)


@dataclass(frozen=True)
class Named:
    """An area or an agency as a previewed comment shows it: its name."""

    name: str

    def __str__(self):
        return self.name


# The same few area and agency names on every draft: one (immutable) object each per process.
_named = lru_cache(maxsize=2048)(Named)


class PreviewComment(PublishedCommentRules):
    """A published comment as a draft's page shows it under its section: the preview's columns
    (PREVIEW_FIELDS), its area's and its answering agency's names, and the comment's own rules
    of what the public sees (`PublishedCommentRules`). Made from a row rather than as a model
    with its area and agency: for a large draft's 180 previewed comments, making those 360
    model instances took twice as long as reading their rows."""

    def __init__(self, row):
        *columns, area_name, agency_name = row
        self.__dict__.update(zip(PREVIEW_FIELDS, columns, strict=True))
        self.area = _named(area_name) if area_name is not None else None
        self.response_agency = _named(agency_name) if agency_name is not None else None

    def get_channel_display(self):
        # As the model's own: an unknown value shows as it is stored.
        return dict(Comment.Channel.choices).get(self.channel, self.channel)


def comments_preview(page, per_section, lateral=None):
    """The first `per_section` published comments of each section (as `PreviewComment`s), and
    each section's total.

    The totals come from the tallies (`comment_tallies`); then at most one query whatever the
    number of sections or comments: none when nothing is published, all of them plainly when
    every section's fit in its preview (most drafts), otherwise only the first few of each
    section. On PostgreSQL those are read section by section from the index of published
    comments (`_first_of_each_section`); elsewhere (SQLite has no LATERAL join) a window function
    numbers every published comment within its section. `lateral` forces one way (tests).
    """
    totals = published_totals(page)
    if not totals:
        return {}, totals
    numbered = max(totals.values()) > per_section
    if lateral is None:
        lateral = connection.vendor == "postgresql"
    if numbered and lateral:
        rows = _first_of_each_section(page.pk, sorted(totals), per_section)
    else:
        # Its SQL compiled once per process for each of its two shapes (core.prepared).
        rows = prepared.run(("comments_preview", numbered, per_section), _preview_query(numbered, per_section), page.pk)
    preview = {}
    for row in rows:
        comment = PreviewComment(row)
        preview.setdefault(comment.section_id, []).append(comment)
    return preview, totals


def _preview_query(numbered, per_section):
    def query(pk):
        shown = Comment.objects.filter(page_id=pk).published()
        if numbered:
            first = shown.annotate(
                position=Window(RowNumber(), partition_by=[F("section_id")], order_by=[F("submitted_at"), F("pk")])
            ).filter(position__lte=per_section)
            shown = Comment.objects.filter(page_id=pk, pk__in=first.values("pk"))
        return shown.order_by("submitted_at", "pk").values_list(*PREVIEW_FIELDS, "area__name", "response_agency__name")

    return query


def _first_of_each_section(page_id, sections, per_section):
    """The preview's rows (PREVIEW_FIELDS, the area's and the agency's names) of the first
    `per_section` published comments of each of `sections`, on PostgreSQL: for each section in
    turn, its first few from the index of published comments by section and time
    (`comment_published_in_section`), then their areas and agencies. For a draft of sixty
    sections and 3,000 comments, about 1 ms against 3–4 ms for the window function numbering
    them all, or for these ids as a subquery of the ORM's query (planned and joined again)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _first_of_each_section_sql(len(sections)), (*sections, page_id, Comment.State.PUBLISHED.value, per_section)
        )
        return cursor.fetchall()


@lru_cache(maxsize=64)
def _first_of_each_section_sql(sections):
    """`_first_of_each_section`'s SQL for so many sections, written once per process."""
    quote = connection.ops.quote_name
    column = {field.attname: field.column for field in Comment._meta.concrete_fields}
    column["pk"] = Comment._meta.pk.column
    area, agency = (Comment._meta.get_field(name).related_model._meta for name in ("area", "response_agency"))
    columns = ", ".join(f"comment.{quote(column[name])}" for name in PREVIEW_FIELDS)
    # Only the public columns are read, even inside the statement (never a contact detail).
    read = ", ".join(quote(column[name]) for name in (*PREVIEW_FIELDS, "response_agency_id"))
    section_rows = ", ".join(["(%s)"] * sections)
    # Only placeholders and quoted names from the models go into the SQL; every value is a parameter.
    return (
        f"SELECT {columns}, area.{quote(area.get_field('name').column)}, "  # noqa: S608
        f"agency.{quote(agency.get_field('name').column)} "
        f"FROM (VALUES {section_rows}) AS section(id) CROSS JOIN LATERAL ("
        f"SELECT {read} FROM {quote(Comment._meta.db_table)} AS comment WHERE comment.{quote(column['page_id'])} = %s "
        f"AND comment.{quote(column['section_id'])} = section.id AND comment.{quote(column['state'])} = %s "
        f"ORDER BY comment.{quote(column['submitted_at'])}, comment.{quote(column['pk'])} LIMIT %s) AS comment "
        f"LEFT JOIN {quote(area.db_table)} AS area "
        f"ON area.{quote(area.pk.column)} = comment.{quote(column['area_id'])} "
        f"LEFT JOIN {quote(agency.db_table)} AS agency "
        f"ON agency.{quote(agency.pk.column)} = comment.{quote(column['response_agency_id'])} "
        f"ORDER BY comment.{quote(column['submitted_at'])}, comment.{quote(column['pk'])}"
    )


def submit_comment(page, cleaned, sender_address, submission_token, now=None):
    """Store a citizen's comment, or refuse it with a message; return (comment, created).

    The same submission token stores one comment however often the form is sent, so a double
    tap on a slow connection does not post twice.
    """
    now = now or timezone.now()
    existing = Comment.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    consultation = page.consultation
    if consultation is None:
        raise Refusal(_("This document was not put out for public comment."))
    status = consultation.status_at(now)
    if status == Status.WITHDRAWN:
        raise Refusal(
            _("This draft was withdrawn on %(date)s; it no longer takes comments.")
            % {"date": formats.date_format(consultation.withdrawn_on, "SHORT_DATE_FORMAT")}
        )
    # A draft speaks of comments, a dialogue of questions (consultations.wording).
    if status == Status.UPCOMING:
        raise Refusal(str(page.comment_wording.upcoming))
    if status != Status.OPEN:
        raise Refusal(str(page.comment_wording.closed))
    if len(LINK.findall(cleaned["body"])) > MAX_LINKS_PER_COMMENT:
        raise Refusal(
            _("A comment may contain at most %(n)s links. Please remove some and send again.")
            % {"n": MAX_LINKS_PER_COMMENT}
        )
    sender_hash = Comment.hash_sender(sender_address)
    hour_ago = now - datetime.timedelta(hours=1)
    if Comment.objects.filter(sender_hash=sender_hash, submitted_at__gte=hour_ago).count() >= (
        MAX_COMMENTS_PER_SENDER_PER_HOUR
    ):
        raise Refusal(_("Too many comments have been sent from this connection in the last hour. Please try later."))
    contact = Q()
    if cleaned.get("contact_email"):
        contact |= Q(contact_email__iexact=cleaned["contact_email"])
    if cleaned.get("contact_phone"):
        contact |= Q(contact_phone=cleaned["contact_phone"])
    if contact and (
        Comment.objects.filter(contact, submitted_at__gte=now - datetime.timedelta(days=1)).count()
        >= MAX_COMMENTS_PER_CONTACT_PER_DAY
    ):
        raise Refusal(_("Too many comments have been sent with these contact details today. Please try tomorrow."))

    section = cleaned.get("section")
    comment = Comment(
        page=page,
        section_id=section.block_id if section else "",
        section_title=section.title if section else "",
        display_name=cleaned.get("display_name", ""),
        show_name=cleaned.get("show_name", False),
        area=cleaned.get("area"),
        body=cleaned["body"],
        contact_email=cleaned.get("contact_email", ""),
        contact_phone=cleaned.get("contact_phone", ""),
        consent_at=now,
        submitted_at=now,
        submission_token=submission_token,
        sender_hash=sender_hash,
    )
    try:
        insert_with_receipt(comment)
    except IntegrityError:
        # The same form arrived twice at the same moment: the other request stored it.
        return Comment.objects.get(submission_token=submission_token), False
    return comment, True


# Draws of a new receipt code when the one drawn is already taken (consultations.models).
RECEIPT_CODE_DRAWS = 5


def insert_with_receipt(comment):
    """Store a new comment. Its receipt code is drawn at random among 2·10^11: with a million
    comments stored, one new comment in 200,000 draws a code already given, and draws again
    (any other conflict, such as the same form sent twice, is raised for the caller)."""
    for draw in range(1, RECEIPT_CODE_DRAWS + 1):
        try:
            with transaction.atomic():
                comment.save()
            return comment
        except IntegrityError:
            if draw == RECEIPT_CODE_DRAWS or not Comment.objects.filter(receipt_code=comment.receipt_code).exists():
                raise
            comment.receipt_code = new_receipt_code()


# Scanned letters and minutes name their senders: they are kept in a collection that only people
# logged in to the admin can open, and never linked from a public page.
SCANS_COLLECTION = "Ý kiến nhận ngoài cổng (không công khai)"


def scans_collection():
    """The private collection of scanned comments, made (and kept private) on first use."""
    collection = Collection.objects.filter(name=SCANS_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=SCANS_COLLECTION)
    if not collection.get_view_restrictions().exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def offline_entry_refusal(page, now=None):
    """Why comments received outside the website cannot be entered on this page now, or None."""
    consultation = page.consultation
    if consultation is None:
        return _("This page does not take comments.")
    if consultation.status_at(now or timezone.now()) == Status.WITHDRAWN:
        return _("This draft was withdrawn; it no longer takes comments.")
    if page.publishes_response_report and page.report is not None:
        return _("The response report on this draft is already published; no comment can be added to it.")
    return None


def enter_offline_comment(page, cleaned, user, submission_token, now=None):
    """Store a comment that reached the agency outside the website, as typed in by an editor;
    return (comment, created).

    It is pending, like a citizen's, and goes through the same moderation, answers and report.
    It may be entered while the page takes comments and after, until the report is published
    (a letter arrives late, minutes are typed up days after the meeting); the day it was received
    may be any day up to today (`received_outside_window` says when it lies outside the window,
    which the editor is told). The same submission token stores one comment, and one scan.
    """
    now = now or timezone.now()
    existing = Comment.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    refusal = offline_entry_refusal(page, now)
    if refusal:
        raise Refusal(refusal)
    if cleaned["received_on"] > timezone.localdate(now):
        raise Refusal(_("The date received cannot be in the future."))
    if cleaned.get("channel", Comment.Channel.WEBSITE) == Comment.Channel.WEBSITE:
        raise Refusal(_("Choose how the comment was received."))
    section = cleaned.get("section")
    try:
        with transaction.atomic():
            scan = None
            if cleaned.get("scan"):
                scan = get_document_model()(
                    title=_("Scanned comment received on %(date)s")
                    % {"date": formats.date_format(cleaned["received_on"], "SHORT_DATE_FORMAT")},
                    file=cleaned["scan"],
                    collection=scans_collection(),
                    uploaded_by_user=user,
                )
                scan._set_document_file_metadata()
                scan.save()
            comment = Comment(
                page=page,
                section_id=section.block_id if section else "",
                section_title=section.title if section else "",
                display_name=cleaned.get("display_name", ""),
                show_name=cleaned.get("show_name", False),
                sender_organisation=cleaned.get("sender_organisation", ""),
                area=cleaned.get("area"),
                body=cleaned["body"],
                contact_email=cleaned.get("contact_email", ""),
                contact_phone=cleaned.get("contact_phone", ""),
                # The agency handles what it received by law; the time recorded is when it was entered.
                consent_at=now,
                submitted_at=now,
                received_on=cleaned["received_on"],
                channel=cleaned["channel"],
                entered_by=user,
                scan=scan,
                submission_token=submission_token,
            )
            insert_with_receipt(comment)
    except IntegrityError:
        # The same form arrived twice at the same moment: the other request stored it.
        return Comment.objects.get(submission_token=submission_token), False
    log(comment, "consultations.comment.enter_offline", user=user, data={"channel": comment.channel})
    return comment, True


def received_outside_window(page, received_on):
    """Whether a comment received that day came before the window opened or after it closed."""
    consultation = page.consultation
    if consultation is None:
        return False
    opens = timezone.localdate(consultation.opens_at)
    closes = timezone.localdate(consultation.closes_at)
    return not opens <= received_on <= closes


def comments_by_channel(page):
    """[(channel label, received, published)] for each channel a comment on the page came by,
    in the order of `Comment.Channel`, for the report's table."""
    counts = {
        row["channel"]: row
        for row in page.public_comments.order_by()
        .values("channel")
        .annotate(received=Count("pk"), published=Count("pk", filter=Q(state=Comment.State.PUBLISHED)))
    }
    return [
        (label, counts[value]["received"], counts[value]["published"])
        for value, label in Comment.Channel.choices
        if value in counts
    ]


def approve(comments, user, now=None):
    """Publish pending or rejected comments; every decision goes to the audit log."""
    now = now or timezone.now()
    changed = 0
    decided = []
    # All or nothing, and the pages are reindexed once when it commits (search/signals.py).
    with transaction.atomic():
        for comment in comments:
            if comment.state == Comment.State.PUBLISHED:
                continue
            comment.state = Comment.State.PUBLISHED
            comment.rejection_reason = ""
            comment.moderated_at = now
            comment.save(update_fields=["state", "rejection_reason", "moderated_at"])
            log(comment, "consultations.comment.approve", user=user)
            changed += 1
            decided.append(comment)
        email_decisions_on_commit(decided)
    return changed


def reject(comments, reason, user, now=None):
    """Refuse comments with one of the published reasons."""
    if reason not in Comment.RejectionReason.values:
        raise ValueError(f"Unknown rejection reason {reason!r}")
    now = now or timezone.now()
    changed = 0
    decided = []
    with transaction.atomic():
        for comment in comments:
            comment.state = Comment.State.REJECTED
            comment.rejection_reason = reason
            comment.moderated_at = now
            comment.save(update_fields=["state", "rejection_reason", "moderated_at"])
            log(comment, "consultations.comment.reject", user=user, data={"reason": reason})
            changed += 1
            decided.append(comment)
        email_decisions_on_commit(decided)
    return changed


def respond(comments, outcome, text, user, agency=None, now=None):
    """Record the agency's answer to one or several published comments.

    An answer changed after the response report was published keeps its first date, is marked
    as edited (shown to readers) and the audit log keeps what it said before.
    """
    if outcome not in Comment.Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    now = now or timezone.now()
    changed = 0
    pages = {}  # page id -> the specific page, looked up once per page
    reported = {}  # page id -> whether its report is published
    with transaction.atomic():
        for comment in comments:
            if comment.state != Comment.State.PUBLISHED:
                continue
            if comment.page_id not in pages:
                pages[comment.page_id] = comment.page.specific
            if comment.page_id not in reported:
                reported[comment.page_id] = ResponseReport.objects.filter(
                    page_id=comment.page_id, published_at__lte=now
                ).exists()
            data = {"outcome": outcome}
            if reported[comment.page_id] and comment.has_response:
                data.update(
                    edited_after_report=True,
                    previous_outcome=comment.response_outcome,
                    previous_text=comment.response_text,
                )
                comment.response_edited_at = now
            else:
                comment.responded_at = now
            comment.response_outcome = outcome
            comment.response_text = text
            comment.response_agency = agency or pages[comment.page_id].answering_agency
            comment.save(
                update_fields=[
                    "response_outcome",
                    "response_text",
                    "response_agency",
                    "responded_at",
                    "response_edited_at",
                ]
            )
            log(comment, "consultations.comment.respond", user=user, data=data)
            changed += 1
        # A page without a response report (a dialogue's questions) shows an answer as soon as
        # it is given: its askers are told then. A draft's commenters, when the report is out.
        for page in pages.values():
            if not page.publishes_response_report:
                transaction.on_commit(lambda page_id=page.pk: email_answers.enqueue(page_id))
    return changed


def publish_report(page, user, introduction="", now=None):
    """Publish the response report once, then e-mail each commenter who left an address."""
    now = now or timezone.now()
    consultation = page.consultation
    if consultation is None or now < consultation.closes_at:
        raise Refusal(_("The report can be published only after the consultation has closed."))
    if page.public_comments.pending().exists():
        raise Refusal(_("Some comments are still awaiting moderation."))
    unanswered = list(page.public_comments.published().filter(response_outcome="").order_by("submitted_at", "pk"))
    if unanswered:
        # The report tells every commenter that their comment was answered: it must be true.
        raise Refusal(
            _("These published comments have no answer yet; answer each of them first: %(comments)s")
            % {"comments": "; ".join(f"#{comment.pk} “{comment.body[:60]}”" for comment in unanswered)}
        )
    report, created = ResponseReport.objects.get_or_create(
        page=page, defaults={"published_at": now, "published_by": user, "introduction": introduction}
    )
    if created:
        log(page, "consultations.report.publish", user=user)
        transaction.on_commit(lambda: email_answers.enqueue(page.pk))
    return report, created


def email_once(comment, sent_at_field, subject, template, context):
    """Send one message about a comment, unless it went already or the address was erased.

    The message is claimed (its sent-at field set) before it is sent, so that two workers never
    both send it; if sending fails, the claim is withdrawn and the task fails, to be run again.
    """
    unsent = Comment.objects.filter(pk=comment.pk, **{f"{sent_at_field}__isnull": True}).exclude(contact_email="")
    if not unsent.update(**{sent_at_field: timezone.now()}):
        return 0
    context = {"comment": comment, "receipt_url": receipts.receipt_url(comment), **context}
    try:
        EmailMessage(subject=subject, body=render_to_string(template, context), to=[comment.contact_email]).send()
    except Exception:
        Comment.objects.filter(pk=comment.pk).update(**{sent_at_field: None})
        raise
    return 1


def email_decisions_on_commit(comments):
    """Once the decisions are stored, tell those who left an address (`email_decisions`)."""
    ids = [comment.pk for comment in comments if comment.contact_email]
    if ids:
        transaction.on_commit(lambda: email_decisions.enqueue(ids))


@task
def email_decisions(comment_ids):
    """Tell each sender who left an e-mail address that their comment was published, or that it
    was not and why: one message each, with the link to their receipt."""
    sent = 0
    comments = Comment.objects.filter(pk__in=comment_ids).exclude(contact_email="").select_related("page")
    with translation.override(settings.LANGUAGE_CODE):
        for comment in comments:
            page = comment.page.specific
            words = page.comment_wording
            context = {"page": page, "words": words}
            if comment.state == Comment.State.PUBLISHED:
                context["url"] = public_url(page.published_comment_url(comment)) if page.live else ""
                subject = context["headline"] = words.mail_published_subject % {"title": page.title}
                sent += email_once(
                    comment, "published_emailed_at", subject, "consultations/email/comment_published.txt", context
                )
            elif comment.state == Comment.State.REJECTED:
                subject = context["headline"] = words.mail_rejected_subject % {"title": page.title}
                sent += email_once(
                    comment, "rejection_emailed_at", subject, "consultations/email/comment_not_published.txt", context
                )
    return sent


@task
def email_answers(page_id):
    """One message per sender with an e-mail address and a published, answered comment, once,
    when the answers are out (`receipts.answers_are_out`): a draft's when its report is
    published, a dialogue's questions' as each is answered."""
    page = Page.objects.get(pk=page_id).specific
    if not receipts.answers_are_out(page):
        return 0
    words = page.comment_wording
    answered = (
        page.public_comments.published()
        .exclude(response_outcome="")
        .filter(answer_emailed_at__isnull=True)
        .exclude(contact_email="")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for comment in answered:
            context = {
                "page": page,
                "words": words,
                "url": public_url(page.published_comment_url(comment, answered=True)) if page.live else "",
                "answer_out": words.mail_answer_out % {"title": page.title},
                "answer_line": words.mail_answer_line % {"outcome": comment.get_response_outcome_display()},
            }
            subject = words.mail_answered_subject % {"title": page.title}
            sent += email_once(
                comment, "answer_emailed_at", subject, "consultations/email/answer_published.txt", context
            )
    return sent


def erase_expired_contacts(now=None):
    """Erase commenters' contact details kept past the retention period after the report.

    Comments stay, anonymised. Safe to run every day: it touches only what is due.
    """
    now = now or timezone.now()
    rules = ConsultationSettings.load()
    cutoff = now - datetime.timedelta(days=rules.contact_retention_days)
    # Each page type that takes comments says from when (a draft: its report; a dialogue: the
    # day it was held), in `contact_retention_from` (consultations.pages.CommentablePage).
    due_pages = Q(pk__in=[])
    for model in get_page_models():
        if getattr(model, "contact_retention_from", ""):
            due_pages |= Q(pk__in=model.objects.filter(**{f"{model.contact_retention_from}__lte": cutoff}).values("pk"))
    due = Comment.objects.filter(page__in=Page.objects.filter(due_pages), contact_erased_at__isnull=True)
    # A scanned letter or minutes names its sender, with an address: it goes with the contact details.
    scans = list(due.exclude(scan=None).values_list("scan", flat=True))
    erased = due.update(contact_email="", contact_phone="", sender_hash="", scan=None, contact_erased_at=now)
    for scan in get_document_model().objects.filter(pk__in=scans):
        scan.delete()  # Wagtail deletes the file with it
    return erased
