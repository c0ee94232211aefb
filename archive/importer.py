"""Import of archived documents from JSON Lines: one policy, dialogue or story per line.

The same code loads the demo content and an agency's real archive. Each line is imported in its
own transaction: a bad line is reported with its number and skipped, the others are imported, and
nothing is half-saved. Pages are found again by their archive `id`, and a record whose content has
not changed since the last import is left alone, so importing a file twice changes nothing.
"""

import datetime
import hashlib
import itertools
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape

from wagtail.signal_handlers import disable_reference_index_auto_update

from consultations.models import Comment, ResponseReport
from core.text import vietnamese_slug
from dialogues.models import Commitment, CommitmentUpdate, DialogueIndexPage, DialoguePage, DialogueQuestion
from images.models import CustomImage
from policies.models import PolicyIndexPage, PolicyPage
from search.signals import indexing_deferred
from stories.models import ModelStoryPage, StoryIndexPage
from taxonomy.models import Agency, Area, Sector

# Namespace for ids derived from archive records (section blocks, imported comments).
IMPORT_NAMESPACE = uuid.UUID("6f1c2f5e-3b1a-4c55-9d57-2c3b8e0d7a41")


class RecordError(ValueError):
    """A record that cannot be imported; the message says why, in the editor's words."""


@dataclass
class LineResult:
    line_number: int
    action: str  # "created", "updated", "unchanged" or "error"
    message: str

    @property
    def ok(self):
        return self.action != "error"


def import_lines(lines, base_dir=None, bulk=False, batch_size=500):
    """Import each JSON line; return one LineResult per non-blank line (a generator with `bulk`).

    `base_dir` is where relative image paths in the records are found (the file's folder).

    `bulk` is for loading a large archive into a new site: records are committed `batch_size`
    at a time (each line still in its own savepoint, so a bad line leaves nothing behind), new
    pages are published without a first revision, and search indexing waits for the end of each
    batch, where it is done in bulk. The reference index (the admin's "usage" counts) is not kept
    up to date: run `manage.py rebuild_references_index` afterwards.
    """
    if not bulk:
        return list(_import_each(enumerate(lines, start=1), base_dir, bulk=False))
    return _import_in_batches(lines, base_dir, batch_size)


def _import_in_batches(lines, base_dir, batch_size):
    numbered = enumerate(lines, start=1)
    while batch := list(itertools.islice(numbered, batch_size)):
        with disable_reference_index_auto_update(), indexing_deferred(), transaction.atomic():
            results = list(_import_each(batch, base_dir, bulk=True))
        yield from results


def _import_each(numbered_lines, base_dir, bulk):
    for line_number, line in numbered_lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise RecordError("a line must hold one JSON object")
            with transaction.atomic():
                action, page = import_record(record, base_dir, bulk=bulk)
            yield LineResult(line_number, action, f"{record['type']} {record['id']}: {page.title}")
        except json.JSONDecodeError as error:
            yield LineResult(line_number, "error", f"not valid JSON ({error.msg})")
        except (RecordError, ValidationError, KeyError, TypeError, ValueError) as error:
            yield LineResult(line_number, "error", _describe(error))


def _describe(error):
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


IMPORTERS = {}


def importer(record_type, page_model, index_model, after=None):
    """Register how a record type fills its page; `after` runs once the page is published."""

    def register(function):
        IMPORTERS[record_type] = (page_model, index_model, function, after)
        return function

    return register


def import_record(record, base_dir=None, bulk=False):
    """Create or update the page for one record; return (action, page).

    With `bulk`, a new page is saved live directly instead of through a first revision; an
    existing page is always updated through a revision, so its history stays true.
    """
    record_type = record.get("type")
    if record_type not in IMPORTERS:
        raise RecordError(f"unknown type {record_type!r} (expected one of: {', '.join(IMPORTERS)})")
    archive_id = str(record["id"]).strip()
    if not archive_id:
        raise RecordError("empty id")
    if not str(record.get("title", "")).strip():
        raise RecordError("empty title")
    page_model, index_model, fill, after = IMPORTERS[record_type]
    digest = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    page = page_model.objects.filter(archive_id=archive_id).first()
    if page is not None and page.archive_digest == digest:
        return "unchanged", page
    action = "updated" if page else "created"
    if page is None:
        parent = index_model.objects.first()
        if parent is None:
            raise RecordError(f"there is no {index_model._meta.verbose_name} to put it under")
        page = page_model(archive_id=archive_id, slug=_free_slug(parent, record["title"], archive_id))
        fill(page, record, base_dir)
        page.archive_digest = digest
        if bulk:
            # Page.save() validates the page (full_clean) once it is in the tree.
            page.first_published_at = page.last_published_at = timezone.now()
            page.live, page.has_unpublished_changes = True, False
        parent.add_child(instance=page)
    else:
        fill(page, record, base_dir)
        page.archive_digest = digest
        bulk = False
    if not bulk:
        page.full_clean()
        page.save_revision().publish()
    if after:
        after(page, record)
    return action, page


def _free_slug(parent, title, archive_id):
    slug = vietnamese_slug(title) or vietnamese_slug(archive_id) or "trang"
    if parent.get_children().filter(slug=slug).exists():
        suffix = vietnamese_slug(archive_id)[:40]
        slug = f"{slug[: 79 - len(suffix)]}-{suffix}"
    return slug


# --- Field helpers --------------------------------------------------------------------------


def _date(value, field):
    if value in (None, ""):
        return None
    parsed = parse_date(str(value))
    if parsed is None:
        raise RecordError(f"{field}: {value!r} is not a date (YYYY-MM-DD)")
    return parsed


def _datetime(value, field):
    parsed = parse_datetime(str(value)) if value else None
    if parsed is None:
        day = parse_date(str(value)) if value else None
        if day is None:
            raise RecordError(f"{field}: {value!r} is not a date and time (ISO 8601)")
        parsed = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _named(model, name, **defaults):
    """The taxonomy entry with this name, created if missing."""
    name = " ".join(str(name).split())
    if not name:
        return None
    entry = model.objects.filter(name__iexact=name).first()
    if entry is None:
        entry = model.objects.create(name=name, slug=unique_taxonomy_slug(model, name), **defaults)
    return entry


def unique_taxonomy_slug(model, name):
    base = vietnamese_slug(name, max_length=200) or "muc"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


AREA_LEVEL_BY_PREFIX = [
    ("tỉnh", Area.Level.PROVINCE),
    ("thành phố", Area.Level.DISTRICT),
    ("thị xã", Area.Level.DISTRICT),
    ("huyện", Area.Level.DISTRICT),
    ("phường", Area.Level.WARD),
    ("xã", Area.Level.COMMUNE),
]


def _area(name):
    lowered = str(name).strip().lower()
    level = next((lvl for prefix, lvl in AREA_LEVEL_BY_PREFIX if lowered.startswith(prefix)), "")
    return _named(Area, name, level=level)


def _names(record, key):
    values = record.get(key) or []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise RecordError(f"{key}: expected a list of names")
    return values


def _paragraphs(text):
    """Plain text with blank-line paragraphs as rich-text HTML."""
    blocks = [" ".join(p.split()) for p in str(text or "").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in blocks if p)


# --- Record types ---------------------------------------------------------------------------


@importer("policy", PolicyPage, PolicyIndexPage, after=lambda page, record: after_policy(page, record))
def fill_policy(page, record, base_dir=None):
    document_type = record.get("document_type") or PolicyPage.DocumentType.OTHER
    if document_type not in PolicyPage.DocumentType.values:
        raise RecordError(f"document_type: {document_type!r} is not one of {', '.join(PolicyPage.DocumentType.values)}")
    page.title = record["title"].strip()
    page.document_number = (record.get("document_number") or "").strip()
    page.document_type = document_type
    page.summary = record.get("summary") or ""
    page.issued_on = _date(record.get("date"), "date")
    page.adopted_on = _date(record.get("adopted_on"), "adopted_on")
    page.withdrawn_on = _date(record.get("withdrawn_on"), "withdrawn_on")
    page.issuing_agency = _named(Agency, record["agency"]) if record.get("agency") else None
    page.drafting_agency = (
        _named(Agency, record["drafting_agency"]) if record.get("drafting_agency") else page.issuing_agency
    )
    page.sectors = [_named(Sector, name) for name in _names(record, "sectors")]
    page.areas = [_area(name) for name in _names(record, "areas")]
    page.text = [
        {
            "type": "section",
            # Ids derived from the record keep comments attached to their section across imports.
            "id": str(uuid.uuid5(IMPORT_NAMESPACE, f"{page.archive_id}:section:{position}")),
            "value": {
                "kind": section.get("kind") or "article",
                "number": str(section.get("number") or ""),
                "heading": section.get("heading") or "",
                "text": _paragraphs(section.get("text")),
            },
        }
        for position, section in enumerate(record.get("sections") or [])
    ]
    consultation = record.get("consultation")
    if consultation:
        page.consultation_opens_at = _datetime(consultation.get("opens"), "consultation.opens")
        page.consultation_closes_at = _datetime(consultation.get("closes"), "consultation.closes")
        if page.consultation_closes_at <= page.consultation_opens_at:
            raise RecordError("consultation: closes must be after opens")
        page.short_window_reason = consultation.get("short_window_reason") or ""
    else:
        page.consultation_opens_at = page.consultation_closes_at = None
        page.short_window_reason = ""


def after_policy(page, record):
    """Comments and the response report, which live beside the page, not in its revisions."""
    consultation = record.get("consultation") or {}
    for position, item in enumerate(consultation.get("comments") or []):
        import_comment(page, position, item)
    published = consultation.get("response_published")
    if published:
        ResponseReport.objects.update_or_create(
            page=page,
            defaults={
                "published_at": _datetime(published, "consultation.response_published"),
                "introduction": consultation.get("response_introduction") or "",
            },
        )


def import_comment(page, position, item):
    """An archived comment: published already, so published here; it carries no contact data."""
    if not str(item.get("body") or "").strip():
        raise RecordError(f"consultation.comments[{position}]: empty body")
    section = _section(page, item.get("section"))
    when = _datetime(item.get("date") or page.consultation_opens_at.isoformat(), f"comments[{position}].date")
    response = item.get("response") or {}
    outcome = {"accepted": "accepted", "partly": "partly", "not_accepted": "not_accepted"}.get(
        response.get("outcome", ""), ""
    )
    if response and not outcome:
        raise RecordError(
            f"consultation.comments[{position}].response.outcome: expected accepted, partly or not_accepted"
        )
    name = str(item.get("name") or "").strip()
    Comment.objects.update_or_create(
        submission_token=uuid.uuid5(IMPORT_NAMESPACE, f"{page.archive_id}:comment:{position}"),
        defaults={
            "page": page,
            "section_id": section.block_id if section else "",
            "section_title": section.title if section else "",
            "display_name": name,
            "show_name": bool(name),
            "area": _area(item["area"]) if item.get("area") else None,
            "body": item["body"].strip(),
            "consent_at": when,
            "submitted_at": when,
            "state": item.get("state") or Comment.State.PUBLISHED,
            "rejection_reason": item.get("rejection_reason") or "",
            "moderated_at": when,
            "response_outcome": outcome,
            "response_text": response.get("text") or "",
            "responded_at": _datetime(response["date"], f"comments[{position}].response.date")
            if response.get("date")
            else None,
            "response_agency": page.drafting_agency if outcome else None,
        },
    )


def _section(page, reference):
    """The section a comment names: by anchor ("dieu-3"), number ("3") or title ("Điều 3")."""
    if reference in (None, ""):
        return None
    reference = str(reference).strip()
    for section in page.sections:
        if reference in {section.anchor, section.number, section.title, section.label}:
            return section
    raise RecordError(f"comment section {reference!r} is not in the text")


@importer("dialogue", DialoguePage, DialogueIndexPage, after=lambda page, record: after_dialogue(page, record))
def fill_dialogue(page, record, base_dir=None):
    page.title = record["title"].strip()
    page.held_at = _datetime(record.get("date"), "date")
    page.place = record.get("place") or ""
    page.chaired_by = record.get("chaired_by") or ""
    page.level = record.get("level") or DialoguePage.Level.PROVINCE
    page.summary = record.get("summary") or ""
    page.conclusions = _paragraphs(record.get("conclusions"))
    page.accepts_questions = bool(record.get("accepts_questions"))
    page.agency = _named(Agency, record["agency"]) if record.get("agency") else None
    page.agencies_present = [_named(Agency, name) for name in _names(record, "agencies_present")]
    page.areas = [_area(name) for name in _names(record, "areas")]
    page.sectors = [_named(Sector, name) for name in _names(record, "topics")]
    questions = []
    for position, item in enumerate(record.get("questions") or []):
        if not str(item.get("question") or "").strip():
            raise RecordError(f"questions[{position}]: empty question")
        name = str(item.get("name") or "").strip()
        questions.append(
            DialogueQuestion(
                display_name=name,
                show_name=bool(name),
                area=_area(item["area"]) if item.get("area") else None,
                question=item["question"].strip(),
                answer=(item.get("answer") or "").strip(),
            )
        )
    page.questions = questions
    commitments = []
    for position, item in enumerate(record.get("commitments") or []):
        status = item.get("status") or Commitment.Status.NOT_STARTED
        if status not in Commitment.Status.values:
            raise RecordError(f"commitments[{position}].status: expected one of {', '.join(Commitment.Status.values)}")
        if not str(item.get("text") or "").strip():
            raise RecordError(f"commitments[{position}]: empty text")
        deadline = _date(item.get("deadline"), f"commitments[{position}].deadline")
        if deadline is None:
            raise RecordError(f"commitments[{position}]: a deadline is required")
        commitments.append(
            Commitment(
                text=item["text"].strip(),
                agency=_named(Agency, item["agency"]) if item.get("agency") else None,
                deadline=deadline,
                status=status,
                reason=item.get("reason") or "",
            )
        )
    page.commitments = commitments


def after_dialogue(page, record):
    """Progress updates, and the dates a commitment was done, from the archive's own dates."""
    saved = list(page.commitments.order_by("sort_order", "pk"))
    for commitment, item in zip(saved, record.get("commitments") or [], strict=False):
        dates = []
        for update in item.get("updates") or []:
            day = _date(update.get("date"), "commitments.updates.date")
            CommitmentUpdate.objects.get_or_create(commitment=commitment, date=day, text=update.get("text") or "")
            dates.append(day)
        done_on = _date(item.get("done_on"), "commitments.done_on") or (max(dates) if dates else None)
        if commitment.status == Commitment.Status.DONE and done_on:
            Commitment.objects.filter(pk=commitment.pk).update(done_on=done_on, status_changed_on=done_on)
            commitment.status_changes.update(changed_on=done_on)


@importer("story", ModelStoryPage, StoryIndexPage)
def fill_story(page, record, base_dir=None):
    field = record.get("field")
    if field not in ModelStoryPage.Field.values:
        raise RecordError(f"field: {field!r} is not one of {', '.join(ModelStoryPage.Field.values)}")
    areas = _names(record, "areas")
    page.title = record["title"].strip()
    page.unit_name = record.get("unit") or ""
    page.field = field
    page.recognition_year = record.get("year")
    page.recognition_level = record.get("level") or ModelStoryPage.Level.PROVINCE
    page.featured = bool(record.get("featured"))
    page.area = _area(areas[0]) if areas else None
    page.summary = record.get("summary") or ""
    page.body = [("paragraph", _paragraphs(record.get("body")))] if record.get("body") else []
    if record.get("image"):
        page.image = _image(record["image"], base_dir, record.get("image_credit") or "")
        page.image_alt = (record.get("image_alt") or "").strip()
        if not page.image_alt:
            raise RecordError("image_alt: an image needs its alternative text")


def _image(relative_path, base_dir, credit):
    """The library image for a file beside the archive, created once (matched by its path)."""
    title = f"archive:{relative_path}"
    existing = CustomImage.objects.filter(title=title).first()
    if existing:
        return existing
    if base_dir is None:
        raise RecordError("image: relative image paths need the archive file's folder")
    path = (Path(base_dir) / relative_path).resolve()
    if Path(base_dir).resolve() not in path.parents or not path.is_file():
        raise RecordError(f"image: {relative_path!r} is not a file beside the archive")
    with path.open("rb") as handle:
        return CustomImage.objects.create(title=title, file=ImageFile(handle, name=path.name), credit=credit)
