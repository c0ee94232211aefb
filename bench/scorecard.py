"""The agency scorecard at scale: 50 agencies and 10,000 documents over seven years, with their
comments, response reports, dialogues and commitments; time `scorecard_for_year` and the
scorecard page (uncached, then from the page cache), against a "hello" view in the same run.

The records are written in bulk (pages with their tree paths computed here, one multi-row INSERT
per table), not through the archive importer, which publishes pages one by one (about 10 a
second): 10,000 documents load in well under a minute. The set is made once per database: a run
finds it by its slug prefix and only measures.
"""

import datetime
import random
import statistics
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from consultations.models import Comment, ResponseReport
from core import pagecache
from dialogues.models import Commitment, DialogueIndexPage, DialoguePage, DialogueQuestion
from home.demo import ensure_site
from policies.models import PolicyIndexPage, PolicyPage
from scorecard.figures import current_year, scorecard_for_year
from taxonomy.models import Agency, DocumentType

PREFIX = "bench-sc-"
AGENCIES = 50
DOCUMENTS = 10_000
YEARS = 7
COMMENTS_PER_DRAFT = 5
DIALOGUES = 700


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain; charset=utf-8")


def bench_urls():
    """The site's URLs with the hello view in front (as bench/urls.py, for the test client)."""
    from config.urls import urlpatterns

    return [path("_bench/hello", hello), *urlpatterns]


class urls:  # noqa: N801 - a module-like object for override_settings(ROOT_URLCONF=…)
    urlpatterns = None


def add_pages(parent, pages):
    """`pages` (unsaved specific instances) as live children of `parent`: the base rows in one
    bulk INSERT with their tree paths, then the specific rows in one multi-row INSERT (Django's
    bulk_create refuses models with a parent table)."""
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    bases = []
    for offset, page in enumerate(pages, start=1):
        bases.append(
            Page(
                title=page.title,
                draft_title=page.title,
                slug=page.slug,
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, step + offset),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{page.slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(bases, batch_size=1000)
    for base, page in zip(bases, pages, strict=True):
        page.page_ptr_id = base.pk
        page.id = base.pk
    fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), 1000):
        model._base_manager._insert(pages[start : start + 1000], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)
    return pages


def local(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def home_page():
    ensure_site()
    return Site.objects.get(is_default_site=True).root_page


def generate(rnd):
    """The records, once per database."""
    home = home_page()
    policies = PolicyIndexPage.objects.first() or home.add_child(
        instance=PolicyIndexPage(title="Văn bản", slug="van-ban")
    )
    dialogues = DialogueIndexPage.objects.first() or home.add_child(
        instance=DialogueIndexPage(title="Đối thoại", slug="doi-thoai")
    )
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Cơ quan thử tải số {n:02d}", slug=f"{PREFIX}agency-{n:02d}") for n in range(AGENCIES)
    )
    types = list(DocumentType.objects.all()) or [DocumentType.objects.create(name="Nghị quyết", slug="nghi-quyet")]
    first_year = current_year() - YEARS + 1
    drafts = []
    for n in range(DOCUMENTS):
        year = first_year + n % YEARS
        opens = datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randrange(330))
        consulted = n % 3 != 0
        agency = agencies[n % AGENCIES]
        closes = opens + datetime.timedelta(days=rnd.choice([15, 20, 30, 31, 45]))
        drafts.append(
            PolicyPage(
                title=f"Dự thảo thử tải số {n}",
                slug=f"{PREFIX}{n}",
                document_type=types[n % len(types)],
                issuing_agency=agencies[(n * 7) % AGENCIES],
                drafting_agency=agency,
                consultation_opens_at=local(opens) if consulted else None,
                consultation_closes_at=local(closes, 17) if consulted else None,
                short_window_reason="Cần ban hành gấp." if consulted and n % 5 == 0 else "",
                adopted_on=closes + datetime.timedelta(days=40) if n % 2 == 0 else None,
                text=[],
            )
        )
    add_pages(policies, drafts)
    moment = timezone.now()
    reports, comments = [], []
    outcomes = ["", *Comment.Outcome.values]
    for n, draft in enumerate(drafts):
        if draft.consultation_closes_at is None:
            continue
        if draft.consultation_closes_at < moment and n % 4:
            published = draft.consultation_closes_at + datetime.timedelta(days=rnd.randrange(10, 45))
            reports.append(ResponseReport(page_id=draft.pk, published_at=min(published, moment)))
        for c in range(COMMENTS_PER_DRAFT):
            rejected = c == 4 and n % 2
            comments.append(
                Comment(
                    page_id=draft.pk,
                    body=f"Ý kiến thử tải {c} về dự thảo {n}.",
                    consent_at=draft.consultation_opens_at,
                    submitted_at=draft.consultation_opens_at + datetime.timedelta(days=1),
                    received_on=draft.consultation_opens_at.date(),
                    state=Comment.State.REJECTED if rejected else Comment.State.PUBLISHED,
                    rejection_reason=Comment.RejectionReason.SPAM if rejected else "",
                    response_outcome="" if rejected else outcomes[(n + c) % len(outcomes)],
                    channel=Comment.Channel.values[(n + c) % len(Comment.Channel.values)],
                )
            )
    ResponseReport.objects.bulk_create(reports, batch_size=2000)
    Comment.objects.bulk_create(comments, batch_size=2000)

    held = []
    for n in range(DIALOGUES):
        day = datetime.date(first_year + n % YEARS, 1, 1) + datetime.timedelta(days=rnd.randrange(340))
        held.append(
            DialoguePage(
                title=f"Đối thoại thử tải số {n}",
                slug=f"{PREFIX}d{n}",
                held_at=local(day, 8),
                agency=agencies[n % AGENCIES],
            )
        )
    add_pages(dialogues, held)
    today = timezone.localdate()
    questions, promises = [], []
    for n, dialogue in enumerate(held):
        questions += [
            DialogueQuestion(dialogue_id=dialogue.pk, question=f"Câu hỏi {q}", sort_order=q) for q in range(3)
        ]
        for c in range(2):
            deadline = dialogue.held_at.date() + datetime.timedelta(days=rnd.randrange(30, 200))
            status = Commitment.Status.values[(n + c) % len(Commitment.Status.values)]
            done_on = deadline + datetime.timedelta(days=rnd.randrange(-20, 20)) if status == "done" else None
            promises.append(
                Commitment(
                    dialogue_id=dialogue.pk,
                    text=f"Cam kết {c}",
                    agency=agencies[(n + c) % AGENCIES],
                    deadline=deadline,
                    status=status,
                    reason="Không đủ kinh phí." if status == "cannot_be_done" else "",
                    done_on=min(done_on, today) if done_on else None,
                    sort_order=c,
                )
            )
    DialogueQuestion.objects.bulk_create(questions, batch_size=2000)
    Commitment.objects.bulk_create(promises, batch_size=2000)
    return len(drafts), len(comments), len(held)


class counted:  # noqa: N801 - used as a context manager, like CaptureQueriesContext
    """Counts the queries run inside it. (CaptureQueriesContext reads Django's query log, which
    the test client's request_started signal empties: it reports 0 for a page.)"""

    def __enter__(self):
        self.count = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _count(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self):
        return self.count


def timed(function, runs):
    function()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sorted(times)[max(0, int(len(times) * 0.95) - 1)]


def scorecard_page():
    """The scorecard page (scorecard.models.ScorecardPage) under the home page, if the app has one."""
    try:
        from scorecard.models import ScorecardPage
    except ImportError:
        return None
    page = ScorecardPage.objects.first()
    if page is None:
        page = home_page().add_child(instance=ScorecardPage(title="Bảng đánh giá cơ quan", slug="bang-danh-gia"))
        page.save_revision().publish()
    return page


def run(runs=20):
    rnd = random.Random(15)
    if not PolicyPage.objects.filter(slug__startswith=PREFIX).exists():
        start = time.perf_counter()
        with transaction.atomic():
            documents, comments, dialogues = generate(rnd)
        seconds = time.perf_counter() - start
        print(f"Generated {documents} documents, {comments} comments, {dialogues} dialogues in {seconds:.0f} s")
    year = current_year() - 1
    scorecard = scorecard_for_year(year)
    print(
        f"\nScorecard {year}: {len(scorecard.rows)} agencies, {scorecard.province.documents_issued} documents "
        f"issued, {scorecard.province.consultations} consultations, {scorecard.province.comments_received} "
        f"comments, {scorecard.province.dialogues_held} dialogues ({runs} runs each)\n"
    )
    urls.urlpatterns = bench_urls()
    client = Client()
    rows = []
    with override_settings(ROOT_URLCONF=urls, PAGE_CACHE_SECONDS=0):
        hello_ms = timed(lambda: client.get("/_bench/hello"), runs)
        rows.append(("hello view (floor)", *hello_ms, 0))
        with counted() as captured:
            scorecard_for_year(year)
        rows.append(("scorecard_for_year (function)", *timed(lambda: scorecard_for_year(year), runs), len(captured)))
        page = scorecard_page()
        if page is not None:
            url = f"{page.url}?nam={year}"
            assert client.get(url).status_code == 200
            with counted() as captured:
                client.get(url)
            rows.append(("scorecard page, uncached", *timed(lambda: client.get(url), runs), len(captured)))
    if page is not None:
        with override_settings(ROOT_URLCONF=urls, PAGE_CACHE_SECONDS=300):
            cache.clear()
            pagecache.forget()
            client.get(url)
            with counted() as captured:
                client.get(url)
            rows.append(("scorecard page, cached", *timed(lambda: client.get(url), runs), len(captured)))
    print("| what | median ms | p95 ms | queries | × hello |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, median, p95, queries in rows:
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {median / hello_ms[0]:.0f} |")
