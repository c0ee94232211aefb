"""Import of archived documents from JSON Lines: one policy, dialogue or story per line.

The same code loads the demo content and an agency's real archive. Each line is imported in its
own transaction: a bad line is reported with its number and skipped, the others are imported, and
nothing is half-saved. Pages are found again by their archive `id`, and a record whose content has
not changed since the last import is left alone, so importing a file twice changes nothing.

Archives come from other systems, so every field is read with the shape it must have (`Fields`)
and every value is checked against its column before anything is saved: a line of the wrong
shape is an error on that line, never the end of the run.
"""

import contextvars
import datetime
import hashlib
import itertools
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.images import ImageFile
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape

from wagtail.signal_handlers import disable_reference_index_auto_update

from consultations.models import Comment, ResponseReport
from core.text import fold, vietnamese_slug
from dialogues.models import Commitment, CommitmentUpdate, DialogueIndexPage, DialoguePage, DialogueQuestion
from images.models import CustomImage
from policies.blocks import SectionBlock
from policies.models import PolicyIndexPage, PolicyPage
from search.signals import indexing_deferred
from stories.models import ModelStoryPage, StoryIndexPage
from taxonomy.models import Agency, Area, DocumentType, Sector

# Namespace for ids derived from archive records (section blocks, imported comments).
IMPORT_NAMESPACE = uuid.UUID("6f1c2f5e-3b1a-4c55-9d57-2c3b8e0d7a41")

# A record nests five levels at most (consultation.comments[0].response.text); far deeper is a
# broken export, and would trip Python's recursion limit when the record is read or hashed.
MAX_DEPTH = 20


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
        if line.strip():
            yield _import_line(line_number, line, base_dir, bulk)


# The taxonomy entries the current line created, named in its line of the report.
_created = contextvars.ContextVar("created")
NEW_ENTRY_LABELS = {Agency: "agency", Sector: "sector", Area: "area", DocumentType: "document type"}


def _import_line(line_number, line, base_dir, bulk):
    created = []
    token = _created.set(created)
    try:
        record = _parse(line)
        with transaction.atomic():
            action, page = import_record(record, base_dir, bulk=bulk)
        new = "".join(f"; new {NEW_ENTRY_LABELS[type(entry)]} {_shown(entry.name)}" for entry in created)
        return LineResult(line_number, action, f"{record.text('type')} {page.archive_id}: {page.title}{new}")
    except (RecordError, ValidationError, KeyError, TypeError, ValueError) as error:
        return LineResult(line_number, "error", _describe(error))
    except (DataError, IntegrityError) as error:
        # What the checks did not foresee, the database refuses; the line's savepoint is
        # rolled back with it, so the next line starts clean.
        return LineResult(line_number, "error", f"refused by the database: {str(error).strip().splitlines()[0]}")
    finally:
        _created.reset(token)


def _parse(line):
    """The line's record, refused if it holds what no column can store."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(f"not valid JSON ({error.msg})") from error
    except RecursionError as error:
        raise RecordError("JSON nested too deep to read") from error
    if not isinstance(record, dict):
        raise RecordError("a line must hold one JSON object")
    _check_values(record)
    return Fields(record)


def _check_values(record):
    """Refuse NUL characters and lone surrogates, which PostgreSQL cannot store in text, and
    nesting deeper than MAX_DEPTH, wherever they are in the record (keys included)."""
    stack = [(record, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            field = path.replace("[", ".").split(".")[0]
            raise RecordError(f"{field}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{key}" if path else key
                _check_string(key, where)
                stack.append((item, where, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{position}]", depth + 1) for position, item in enumerate(value))
        elif isinstance(value, str):
            _check_string(value, path)


def _check_string(value, where):
    if "\x00" in value:
        raise RecordError(f"{where}: contains a NUL character (\\u0000), which cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise RecordError(f"{where}: not valid Unicode (an unpaired surrogate escape)") from error


def _describe(error, where=""):
    """The error as one line; `where` is the path in the record of the object it is about."""
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            _describe(ValidationError(messages), where if field == NON_FIELD_ERRORS else _join(where, field))
            for field, messages in error.message_dict.items()
        )
    message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    return f"{where}: {message}" if where else message


def _join(path, key):
    return f"{path}.{key}" if path else key


def _validated(instance, where, exclude=None):
    """The instance, checked by its model (lengths, choices, constraints) before it is saved, so
    that a bad value is named by its place in the record rather than refused by the database."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise RecordError(_describe(error, where)) from error
    return instance


def _fits(model, field, value, where):
    """The text, if the model's column can hold it."""
    limit = model._meta.get_field(field).max_length
    if limit and len(value) > limit:
        raise RecordError(f"{where}: {len(value)} characters, more than the {limit} allowed")
    return value


def _shown(value, limit=60):
    """A value quoted in a message, cut short: the message is one line of the report."""
    value = str(value)
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return {str: "text", list: "a list", dict: "an object"}[type(value)]


class Fields:
    """One JSON object of a record, read with the shape each field must have.

    A missing field and null read as empty; a field of another shape is a RecordError naming it
    by its path in the record: "consultation.comments[2].body: expected text, got a number".
    """

    def __init__(self, data, path=""):
        if not isinstance(data, dict):
            raise RecordError(f"{path}: expected an object, got {_kind(data)}")
        self.data, self.path = data, path

    def __bool__(self):
        return bool(self.data)

    def where(self, key):
        """The path of a field, for messages."""
        return _join(self.path, key)

    def _expected(self, key, what):
        return RecordError(f"{self.where(key)}: expected {what}, got {_kind(self.data[key])}")

    def text(self, key):
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._expected(key, "text")
        return value

    def label(self, key):
        """Text, or a whole number read as text: an id, a section's number."""
        value = self.data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(key)

    def integer(self, key):
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._expected(key, "a whole number")
        return value

    def flag(self, key):
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise self._expected(key, "true or false")
        return bool(value)

    def object(self, key):
        """The object at `key`, or None when missing or null."""
        value = self.data.get(key)
        return None if value is None else Fields(value, self.where(key))

    def objects(self, key):
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._expected(key, "a list of objects")
        return [Fields(item, f"{self.where(key)}[{position}]") for position, item in enumerate(value)]

    def names(self, key):
        """[(path, name)] of a list of names, or of one name given alone; blank names are left out."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [(self.where(key), value)] if value.strip() else []
        if not isinstance(value, list):
            raise self._expected(key, "a list of names")
        names = []
        for position, name in enumerate(value):
            if not isinstance(name, str):
                raise RecordError(f"{self.where(key)}[{position}]: expected text, got {_kind(name)}")
            if name.strip():
                names.append((f"{self.where(key)}[{position}]", name))
        return names


IMPORTERS = {}


def importer(record_type, page_model, index_model, after=None):
    """Register how a record type fills its page; `after` runs once the page is published."""

    def register(function):
        IMPORTERS[record_type] = (page_model, index_model, function, after)
        return function

    return register


def import_record(record, base_dir=None, bulk=False):
    """Create or update the page for one record (`Fields`); return (action, page).

    With `bulk`, a new page is saved live directly instead of through a first revision; an
    existing page is always updated through a revision, so its history stays true.
    """
    record_type = record.text("type")
    if record_type not in IMPORTERS:
        raise RecordError(f"unknown type {_shown(record_type)} (expected one of: {', '.join(IMPORTERS)})")
    page_model, index_model, fill, after = IMPORTERS[record_type]
    archive_id = _fits(page_model, "archive_id", record.label("id").strip(), "id")
    if not archive_id:
        raise RecordError("empty id")
    if not record.text("title").strip():
        raise RecordError("empty title")
    digest = hashlib.sha256(json.dumps(record.data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    page = page_model.objects.filter(archive_id=archive_id).first()
    if page is not None and page.archive_digest == digest:
        return "unchanged", page
    action = "updated" if page else "created"
    if page is None:
        parent = index_model.objects.first()
        if parent is None:
            raise RecordError(f"there is no {index_model._meta.verbose_name} to put it under")
        page = page_model(archive_id=archive_id, slug=_free_slug(parent, record.text("title"), archive_id))
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
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:  # well formed, but no such day: 2024-13-45
        parsed = None
    if parsed is None:
        raise RecordError(f"{field}: {_shown(value)} is not a date (YYYY-MM-DD)")
    return parsed


def _datetime(value, field):
    try:
        parsed = (parse_datetime(value) or parse_date(value)) if value else None
    except ValueError:  # well formed, but no such day or time
        parsed = None
    if parsed is None:
        raise RecordError(f"{field}: {_shown(value)} is not a date and time (ISO 8601)")
    if not isinstance(parsed, datetime.datetime):
        parsed = datetime.datetime.combine(parsed, datetime.time())
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _named(model, name, where, **defaults):
    """The taxonomy entry with this name, created if missing; `where` names it in messages."""
    name = " ".join(name.split())
    if not name:
        return None
    entry = model.objects.filter(name__iexact=name).first()
    if entry is None:
        entry = _new_entry(model, name, where, **defaults)
    return entry


def _new_entry(model, name, where, **defaults):
    _fits(model, "name", name, where)
    entry = model.objects.create(name=name, slug=unique_taxonomy_slug(model, name), **defaults)
    # Outside an import (no line being read) there is no report to name it in.
    _created.get([]).append(entry)
    return entry


# What a policy without a document_type is filed as.
DEFAULT_DOCUMENT_TYPE = "Khác"


def _document_type(value, where):
    """The document type named by its slug or its name, whatever the case or diacritics
    ("cong-van", "Công văn", "CONG VAN"); created if none matches."""
    name = " ".join(value.split()) or DEFAULT_DOCUMENT_TYPE
    folded = _folded(name)
    for entry in DocumentType.objects.all():
        if name.lower() == entry.slug or folded == _folded(entry.name):
            return entry
    return _new_entry(DocumentType, name, where)


def _folded(name):
    return " ".join(fold(name).casefold().split())


def _agency(fields, key):
    """The agency named at `key`, or None."""
    return _named(Agency, fields.text(key), fields.where(key))


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


def _area(name, where):
    lowered = name.strip().lower()
    level = next((lvl for prefix, lvl in AREA_LEVEL_BY_PREFIX if lowered.startswith(prefix)), "")
    return _named(Area, name, where, level=level)


def _areas(fields, key):
    return [_area(name, where) for where, name in fields.names(key)]


def _sectors(fields, key):
    return [_named(Sector, name, where) for where, name in fields.names(key)]


def _paragraphs(text):
    """Plain text with blank-line paragraphs as rich-text HTML."""
    blocks = [" ".join(p.split()) for p in text.split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in blocks if p)


# --- Record types ---------------------------------------------------------------------------

SECTION_KINDS = [kind for kind, _label in SectionBlock.KINDS]


@importer("policy", PolicyPage, PolicyIndexPage, after=lambda page, record: after_policy(page, record))
def fill_policy(page, record, base_dir=None):
    page.title = record.text("title").strip()
    page.document_number = record.text("document_number").strip()
    page.document_type = _document_type(record.text("document_type"), "document_type")
    page.summary = record.text("summary")
    page.issued_on = _date(record.text("date"), "date")
    page.adopted_on = _date(record.text("adopted_on"), "adopted_on")
    page.withdrawn_on = _date(record.text("withdrawn_on"), "withdrawn_on")
    page.issuing_agency = _agency(record, "agency")
    page.drafting_agency = _agency(record, "drafting_agency") or page.issuing_agency
    page.sectors = _sectors(record, "sectors")
    page.areas = _areas(record, "areas")
    text = []
    for position, section in enumerate(record.objects("sections")):
        kind = section.text("kind") or "article"
        if kind not in SECTION_KINDS:
            raise RecordError(f"{section.where('kind')}: {_shown(kind)} is not one of {', '.join(SECTION_KINDS)}")
        text.append(
            {
                "type": "section",
                # Ids derived from the record keep comments attached to their section across imports.
                "id": str(uuid.uuid5(IMPORT_NAMESPACE, f"{page.archive_id}:section:{position}")),
                "value": {
                    "kind": kind,
                    "number": section.label("number"),
                    "heading": section.text("heading"),
                    "text": _paragraphs(section.text("text")),
                },
            }
        )
    page.text = text
    consultation = record.object("consultation")
    if consultation:
        page.consultation_opens_at = _datetime(consultation.text("opens"), "consultation.opens")
        page.consultation_closes_at = _datetime(consultation.text("closes"), "consultation.closes")
        if page.consultation_closes_at <= page.consultation_opens_at:
            raise RecordError("consultation: closes must be after opens")
        page.short_window_reason = consultation.text("short_window_reason")
    else:
        page.consultation_opens_at = page.consultation_closes_at = None
        page.short_window_reason = ""


def after_policy(page, record):
    """Comments and the response report, which live beside the page, not in its revisions."""
    consultation = record.object("consultation")
    if not consultation:
        return
    for position, item in enumerate(consultation.objects("comments")):
        import_comment(page, position, item)
    published = consultation.text("response_published")
    if published:
        ResponseReport.objects.update_or_create(
            page=page,
            defaults={
                "published_at": _datetime(published, "consultation.response_published"),
                "introduction": consultation.text("response_introduction"),
            },
        )


COMMENT_OUTCOMES = ["accepted", "partly", "not_accepted"]


def import_comment(page, position, item):
    """An archived comment: published already, so published here; it carries no contact data."""
    body = item.text("body").strip()
    if not body:
        raise RecordError(f"{item.path}: empty body")
    state = item.text("state") or Comment.State.PUBLISHED
    if state not in Comment.State.values:
        raise RecordError(f"{item.where('state')}: {_shown(state)} is not one of {', '.join(Comment.State.values)}")
    section = _section(page, item.label("section"), item.where("section"))
    when = _datetime(item.text("date") or page.consultation_opens_at.isoformat(), item.where("date"))
    response = item.object("response")
    outcome = response.text("outcome") if response else ""
    if response and outcome not in COMMENT_OUTCOMES:
        raise RecordError(f"{response.where('outcome')}: expected {', '.join(COMMENT_OUTCOMES[:-1])} or not_accepted")
    responded = response.text("date") if response else ""
    name = _fits(Comment, "display_name", item.text("name").strip(), item.where("name"))
    token = uuid.uuid5(IMPORT_NAMESPACE, f"{page.archive_id}:comment:{position}")
    comment = Comment.objects.filter(submission_token=token).first() or Comment(submission_token=token)
    comment.page = page
    comment.section_id = section.block_id if section else ""
    comment.section_title = section.title if section else ""
    comment.display_name, comment.show_name = name, bool(name)
    comment.area = _area(item.text("area"), item.where("area"))
    comment.body = body
    comment.consent_at = comment.submitted_at = comment.moderated_at = when
    comment.state = state
    comment.rejection_reason = item.text("rejection_reason")
    comment.response_outcome = outcome
    comment.response_text = response.text("text") if response else ""
    comment.responded_at = _datetime(responded, response.where("date")) if responded else None
    comment.response_agency = page.drafting_agency if outcome else None
    # The page, area and agency were just read from the database; the token was looked up.
    _validated(comment, item.path, exclude=["page", "area", "response_agency", "submission_token"])
    comment.save()


def _section(page, reference, where):
    """The section a comment names: by anchor ("dieu-3"), number ("3") or title ("Điều 3")."""
    reference = reference.strip()
    if not reference:
        return None
    for section in page.sections:
        if reference in {section.anchor, section.number, section.title, section.label}:
            return section
    raise RecordError(f"{where}: {_shown(reference)} is not a section of the text")


@importer("dialogue", DialoguePage, DialogueIndexPage, after=lambda page, record: after_dialogue(page, record))
def fill_dialogue(page, record, base_dir=None):
    page.title = record.text("title").strip()
    page.held_at = _datetime(record.text("date"), "date")
    page.place = record.text("place")
    page.chaired_by = record.text("chaired_by")
    page.level = record.text("level") or DialoguePage.Level.PROVINCE
    page.summary = record.text("summary")
    page.conclusions = _paragraphs(record.text("conclusions"))
    page.accepts_questions = record.flag("accepts_questions")
    page.agency = _agency(record, "agency")
    page.agencies_present = [_named(Agency, name, where) for where, name in record.names("agencies_present")]
    page.areas = _areas(record, "areas")
    page.sectors = _sectors(record, "topics")
    questions = []
    for item in record.objects("questions"):
        if not item.text("question").strip():
            raise RecordError(f"{item.path}: empty question")
        name = _fits(DialogueQuestion, "display_name", item.text("name").strip(), item.where("name"))
        question = DialogueQuestion(
            display_name=name,
            show_name=bool(name),
            area=_area(item.text("area"), item.where("area")),
            question=item.text("question").strip(),
            answer=item.text("answer").strip(),
        )
        questions.append(_validated(question, item.path, exclude=["dialogue", "area"]))
    page.questions = questions
    commitments = []
    for item in record.objects("commitments"):
        status = item.text("status") or Commitment.Status.NOT_STARTED
        if status not in Commitment.Status.values:
            raise RecordError(f"{item.where('status')}: expected one of {', '.join(Commitment.Status.values)}")
        if not item.text("text").strip():
            raise RecordError(f"{item.path}: empty text")
        deadline = _date(item.text("deadline"), item.where("deadline"))
        if deadline is None:
            raise RecordError(f"{item.path}: a deadline is required")
        commitment = Commitment(
            text=item.text("text").strip(),
            agency=_agency(item, "agency"),
            deadline=deadline,
            status=status,
            reason=item.text("reason"),
        )
        commitments.append(_validated(commitment, item.path, exclude=["dialogue", "agency"]))
    page.commitments = commitments


def after_dialogue(page, record):
    """Progress updates, and the dates a commitment was done, from the archive's own dates."""
    saved = list(page.commitments.order_by("sort_order", "pk"))
    for commitment, item in zip(saved, record.objects("commitments"), strict=False):
        dates = []
        for update in item.objects("updates"):
            day = _date(update.text("date"), update.where("date"))
            if day is None:
                raise RecordError(f"{update.path}: a date is required")
            CommitmentUpdate.objects.get_or_create(commitment=commitment, date=day, text=update.text("text"))
            dates.append(day)
        done_on = _date(item.text("done_on"), item.where("done_on")) or (max(dates) if dates else None)
        if commitment.status == Commitment.Status.DONE and done_on:
            Commitment.objects.filter(pk=commitment.pk).update(done_on=done_on, status_changed_on=done_on)
            commitment.status_changes.update(changed_on=done_on)


@importer("story", ModelStoryPage, StoryIndexPage)
def fill_story(page, record, base_dir=None):
    field = record.text("field")
    if field not in ModelStoryPage.Field.values:
        raise RecordError(f"field: {_shown(field)} is not one of {', '.join(ModelStoryPage.Field.values)}")
    areas = record.names("areas")
    page.title = record.text("title").strip()
    page.unit_name = record.text("unit")
    page.field = field
    page.recognition_year = record.integer("year")
    page.recognition_level = record.text("level") or ModelStoryPage.Level.PROVINCE
    page.featured = record.flag("featured")
    page.area = _area(areas[0][1], areas[0][0]) if areas else None
    page.summary = record.text("summary")
    body = record.text("body")
    page.body = [("paragraph", _paragraphs(body))] if body else []
    if record.text("image"):
        credit = _fits(CustomImage, "credit", record.text("image_credit"), "image_credit")
        page.image = _image(record.text("image"), base_dir, credit)
        page.image_alt = record.text("image_alt").strip()
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
    _fits(CustomImage, "title", title, "image")
    path = (Path(base_dir) / relative_path).resolve()
    if Path(base_dir).resolve() not in path.parents or not path.is_file():
        raise RecordError(f"image: {_shown(relative_path)} is not a file beside the archive")
    with path.open("rb") as handle:
        return CustomImage.objects.create(title=title, file=ImageFile(handle, name=path.name), credit=credit)
