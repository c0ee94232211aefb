"""Open data of the participation engine: every published comment and its answer, as one record.

One record per comment (`comment_record`), written by every download of the site — the bulk
file of all consultations (`/du-lieu-mo/y-kien.csv|json`), each draft's own file
(`…/y-kien/csv/`) — and served by the API (`/api/v2/comments/`, `consultations.api`). Its columns
are described once, here (`COLUMNS`), and the schema page (`/du-lieu-mo/`) is written from that
list, so the page documents exactly the columns the file has.

Only what the site itself shows: published comments on live pages that anyone may read; the
commenter by name only with consent (`PublicNameRule.public_name`), the text with phone and ID
numbers masked. Never an e-mail, a phone, the sender's hash, the submission token, who typed it
in, or the scan of a letter.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import Page

from core import pagecache
from core.exports import streaming_export
from core.http import public_url
from core.pages import private_q

from .models import Comment

# How many comments are read from the database at a time while a bulk file is written: the whole
# set never sits in memory (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000

# Open data: free to reuse with the source cited. No particular licence law is named.
TERMS = _(
    "Open data: free to copy, publish, adapt and reuse, for any purpose, provided the source is cited "
    "(the name of this portal and the address of the file)."
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    codes: list = field(default_factory=list)


TEXT = pgettext_lazy("data type", "text")
DATE = pgettext_lazy("data type", "date (YYYY-MM-DD)")
NUMBER = pgettext_lazy("data type", "whole number")
CODE = pgettext_lazy("data type", "code")
ADDRESS = pgettext_lazy("data type", "web address")

COLUMNS = [
    Column(
        "id",
        NUMBER,
        _("The comment's number, the same in every file and in the API (/api/v2/comments/<id>/)."),
    ),
    Column("page_id", NUMBER, _("The number of the draft or dialogue commented on (/api/v2/pages/<id>/).")),
    Column("page_title", TEXT, _("The title of the draft or dialogue.")),
    Column(
        "page_type",
        CODE,
        _("What was commented on."),
        [("policy", _("a draft policy document")), ("dialogue", _("a question sent before a dialogue"))],
    ),
    Column("page_url", ADDRESS, _("Where the draft or dialogue is read on this portal.")),
    Column(
        "section",
        TEXT,
        _("The article or clause the comment is about; empty when it is about the text as a whole."),
    ),
    Column(
        "commenter",
        TEXT,
        _(
            "Who sent it, as the portal shows it: the person's name only if they asked for it to be "
            "published, or the sending organisation; otherwise a citizen of their area."
        ),
    ),
    Column("area", TEXT, _("The commune, ward or district the commenter gave; may be empty.")),
    Column("comment", TEXT, _("The comment as published, with phone and ID numbers hidden.")),
    Column("submitted_on", DATE, _("The day it was sent on this portal, or typed in by the agency.")),
    Column(
        "channel",
        CODE,
        _("How it reached the agency."),
        Comment.Channel.choices,
    ),
    Column("received_on", DATE, _("The day the agency received it (for the portal, the day it was sent).")),
    Column(
        "outcome",
        CODE,
        _("What the agency did with it; empty while it has not answered."),
        Comment.Outcome.choices,
    ),
    Column("response", TEXT, _("The agency's answer; empty while it has not answered.")),
    Column("responded_on", DATE, _("The day of the answer.")),
    Column("response_edited_on", DATE, _("The day the answer was changed after the response report was published.")),
    Column("responding_agency", TEXT, _("The agency that answered.")),
]
COLUMN_NAMES = [column.name for column in COLUMNS]


def public_pages():
    """Live pages that anyone may read (not behind a password or a login)."""
    return Page.objects.live().exclude(private_q())


def public_comments():
    """Published comments on public pages: what the site shows, and nothing else."""
    return Comment.objects.published().filter(page__in=public_pages().values("pk"))


@dataclass(frozen=True)
class PageFacts:
    title: str
    url: str
    type: str
    section_titles: dict


def page_facts(page_id, memo):
    """What the records of one page's comments say of it, looked up once per page."""
    pages = memo.setdefault("pages", {})
    if page_id not in pages:
        page = Page.objects.get(pk=page_id).specific
        pages[page_id] = PageFacts(
            title=page.title,
            url=public_url(page.url) if page.url else "",
            type=getattr(page, "search_type", ""),
            section_titles={section.block_id: section.title for section in getattr(page, "sections", ())},
        )
    return pages[page_id]


def section_title(comment, titles):
    """The title its section has in the text now, else the one it had when commented on; ""
    for a comment on the text as a whole."""
    if not comment.section_id:
        return ""
    return titles.get(comment.section_id) or comment.section_title


def _day(moment):
    return timezone.localdate(moment).isoformat() if moment else ""


# What a draft's own export and the API give of each comment: the record's fields, less those
# naming the page (the export is of one page; the API nests the page as an object).
COMMENT_FIELDS = [
    "section",
    "commenter",
    "area",
    "comment",
    "submitted_on",
    "channel",
    "received_on",
    "outcome",
    "response",
    "responded_on",
    "response_edited_on",
    "responding_agency",
]


def comment_record(comment, memo):
    """The comment as open data: one row of every file, one item of the API (see `COLUMNS`).

    `memo` is a dict that lives as long as the file or the request, for what is looked up once
    per page."""
    facts = page_facts(comment.page_id, memo)
    answered = comment.has_response
    return {
        "id": comment.pk,
        "page_id": comment.page_id,
        "page_title": facts.title,
        "page_type": facts.type,
        "page_url": facts.url,
        "section": section_title(comment, facts.section_titles),
        "commenter": str(comment.public_name),
        "area": comment.area.name if comment.area_id else "",
        "comment": comment.public_body,
        "submitted_on": _day(comment.submitted_at),
        "channel": comment.channel,
        "received_on": comment.date_received.isoformat(),
        "outcome": comment.response_outcome,
        "response": comment.public_response if answered else "",
        "responded_on": _day(comment.responded_at),
        "response_edited_on": _day(comment.response_edited_at),
        "responding_agency": comment.response_agency.name if comment.response_agency_id else "",
    }


def bulk_records():
    """Every published comment with its answer, oldest first, read a chunk at a time."""
    comments = public_comments().select_related("area", "response_agency").order_by("submitted_at", "pk")
    memo = {}
    for comment in comments.iterator(chunk_size=CHUNK_SIZE):
        yield comment_record(comment, memo)


BULK_FILENAME = "y-kien-va-tra-loi"


def bulk_download(request, export_format):
    """All published comments and answers across consultations, CSV or JSON, streamed.

    Never kept by the page cache (a streamed answer is not stored): each download reads the
    records as they are at that moment.
    """
    if export_format not in {"csv", "json"}:
        raise Http404
    return streaming_export(
        export_format,
        BULK_FILENAME,
        COLUMN_NAMES,
        bulk_records(),
        records_key="comments",
        title=str(_("Published comments and answers, all consultations")),
        schema=public_url(reverse("open_data")),
        terms=str(TERMS),
        generated_at=timezone.localtime().replace(microsecond=0).isoformat(),
    )


# Other open data described on the same page by the apps that publish it (the agency scorecard's
# files: scorecard.apps), in the order registered. Each is a function(request) giving a dict
# {"id", "heading", "text", "links": [(label, url)]}, or None to show nothing; it declares to the
# page cache what it depends on beyond the site (`pagecache.declare`).
_other_sections = []


def register_section(function):
    """Add a section to the open data page (call it from an AppConfig.ready())."""
    if function not in _other_sections:
        _other_sections.append(function)
    return function


def schema_page(request):
    """The page documenting the bulk file: its columns, their types and meanings, and the terms."""
    # It shows no records, only the site's shell and the column list written here.
    pagecache.declare(request, pagecache.SITE)
    return TemplateResponse(
        request,
        "consultations/open_data.html",
        {
            "columns": COLUMNS,
            "terms": TERMS,
            "csv_url": reverse("open_data_comments", args=["csv"]),
            "json_url": reverse("open_data_comments", args=["json"]),
            "other_sections": [section for section in (function(request) for function in _other_sections) if section],
        },
    )
