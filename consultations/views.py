"""The public side of the participation engine: the comment form, published comments, the
report and its open data. Each view takes the page (any `CommentablePage`) it is served for."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.exports import export_response
from core.http import client_address

from .forms import CommentForm
from .models import Comment
from .services import MINIMUM_FILL_SECONDS, Refusal, submit_comment
from .status import Status


def _is_open(page):
    return page.consultation is not None and page.consultation.status == Status.OPEN


@never_cache
def comment_form(request, page):
    """The comment form for a page, on the whole of it or on one section (`?muc=dieu-3`)."""
    consultation = page.consultation
    is_open = _is_open(page)
    status = 200
    if request.method == "POST":
        # Even when the window has closed meanwhile, the form comes back with the text in it.
        form = CommentForm(request.POST, page=page)
        if form.is_honeypot_filled:
            # Say nothing to the bot; store nothing.
            return HttpResponseRedirect(page.comment_sent_url())
        status = 400
        if form.is_valid():
            elapsed = form.seconds_since_shown()
            if elapsed is None or elapsed < MINIMUM_FILL_SECONDS:
                form.add_error(None, _("Please read your comment over once more, then press Send again."))
                form.fresh_stamp()
            else:
                try:
                    comment, _created = submit_comment(
                        page,
                        form.cleaned_data,
                        client_address(request),
                        form.cleaned_data["submission_token"],
                    )
                except Refusal as refusal:
                    form.add_error(None, str(refusal))
                else:
                    section = page.section_by_id(comment.section_id)
                    return HttpResponseRedirect(page.comment_sent_url(section))
    else:
        section = page.section_by_anchor(request.GET.get("muc", ""))
        form = CommentForm(page=page, initial={"section": section.anchor if section else ""})
    return TemplateResponse(
        request,
        "consultations/comment_form.html",
        {"page": page, "form": form, "consultation": consultation, "is_open": is_open},
        status=status,
    )


@never_cache
def comment_form_after_csrf_failure(request, page):
    """The form as it was sent, with a fresh security token and stamp, and a message that says
    what happened: nothing was stored, nothing typed is lost."""
    form = CommentForm(request.POST, page=page)
    form.is_valid()  # so that the form shows what was typed, cleaned
    form.fresh_stamp()
    form.errors.clear()
    form.add_error(
        None,
        _(
            "Your comment was not sent: the page had been open too long or your browser did not keep "
            "its security cookie. Everything you typed is below; press Send again."
        ),
    )
    return TemplateResponse(
        request,
        "consultations/comment_form.html",
        {"page": page, "form": form, "consultation": page.consultation, "is_open": _is_open(page)},
        status=403,
    )


@never_cache
def comment_sent(request, page):
    section = page.section_by_anchor(request.GET.get("muc", ""))
    return TemplateResponse(request, "consultations/comment_sent.html", {"page": page, "section": section})


def comments_page(request, page):
    """All published comments on a page, or on one section (`?muc=dieu-3`), a page at a time."""
    if page.consultation is None:
        raise Http404
    section = page.section_by_anchor(request.GET.get("muc", ""))
    comments = page.public_comments.published().select_related("area", "response_agency").order_by("submitted_at", "pk")
    if section:
        comments = comments.filter(section_id=section.block_id)
    return TemplateResponse(
        request,
        "consultations/comments_page.html",
        {
            "page": page,
            "section": section,
            "comments": Paginator(comments, 50).get_page(request.GET.get("page")),
            "query_prefix": f"muc={section.anchor}" if section else "",
        },
    )


def response_report(request, page):
    """The agency's answers, grouped by section, in the four columns people know."""
    report = page.report
    if report is None:
        raise Http404
    rows = report_rows(page)
    return TemplateResponse(
        request,
        "consultations/response_report.html",
        {
            "page": page,
            "report": report,
            "rows": rows,
            "totals": report_totals(rows),
            "consultation": page.consultation,
        },
    )


def report_totals(rows):
    """How many comments got each outcome, overall and section by section, for the report.

    {"by_outcome": [(label, n)], "by_section": [(section title, {outcome: n}, total)],
    "outcomes": [(value, label)], "unanswered": n}
    """
    outcomes = list(Comment.Outcome.choices)
    overall = dict.fromkeys(Comment.Outcome.values, 0)
    by_section = []
    unanswered = 0
    for title, comments in rows:
        counts = dict.fromkeys(Comment.Outcome.values, 0)
        for comment in comments:
            if comment.response_outcome in counts:
                counts[comment.response_outcome] += 1
                overall[comment.response_outcome] += 1
            else:
                unanswered += 1
        by_section.append((title, [counts[value] for value, _label in outcomes], len(comments)))
    return {
        "outcomes": outcomes,
        "by_outcome": [(label, overall[value]) for value, label in outcomes],
        "by_section": by_section,
        "total": sum(len(comments) for _title, comments in rows),
        "unanswered": unanswered,
    }


def report_rows(page):
    """(section title, comments) in the order of the text, the page as a whole last."""
    comments = page.public_comments.published().select_related("area", "response_agency").order_by("submitted_at", "pk")
    order = {s.block_id: i for i, s in enumerate(page.sections)}
    titles = {s.block_id: s.title for s in page.sections}
    groups = {}
    for comment in comments:
        groups.setdefault(comment.section_id, []).append(comment)
    keys = sorted(groups, key=lambda key: order.get(key, len(order)))
    return [(titles.get(key) or groups[key][0].section_title or _("The draft as a whole"), groups[key]) for key in keys]


EXPORT_FIELDS = [
    "id",
    "section",
    "commenter",
    "area",
    "comment",
    "submitted_on",
    "outcome",
    "response",
    "responded_on",
    "response_edited_on",
    "responding_agency",
]


def export_records(page):
    """Published comments and answers, as open data: never a contact detail."""
    for section_title, comments in report_rows(page):
        for comment in comments:
            yield {
                "id": comment.pk,
                "section": section_title,
                "commenter": str(comment.public_name),
                "area": comment.area.name if comment.area else "",
                "comment": comment.public_body,
                "submitted_on": timezone.localdate(comment.submitted_at).isoformat(),
                "outcome": comment.response_outcome,
                "response": comment.public_response if comment.has_response else "",
                "responded_on": timezone.localdate(comment.responded_at).isoformat() if comment.responded_at else "",
                "response_edited_on": timezone.localdate(comment.response_edited_at).isoformat()
                if comment.response_edited_at
                else "",
                "responding_agency": comment.response_agency.name if comment.response_agency else "",
            }


def comments_export(request, page, export_format):
    """The published comments as CSV or JSON (`…/y-kien/csv/`, `…/y-kien/json/`)."""
    if export_format not in {"csv", "json"} or page.consultation is None:
        raise Http404
    return export_response(
        export_format,
        f"y-kien-{page.slug}",
        EXPORT_FIELDS,
        export_records(page),
        policy=page.title,
        url=page.full_url,
        records_key="comments",
    )
