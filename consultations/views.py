"""The public side of the participation engine: the comment form, published comments, the
report and its open data. Each view takes the page (any `CommentablePage`) it is served for."""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.exports import export_response
from core.http import client_address

from . import opendata, receipts
from .forms import CommentForm
from .models import Comment
from .services import Refusal, comment_counts, comments_by_channel, submit_comment
from .status import Status

# The name of the form's "show the text of this part" button.
SHOW_SECTION = "show_section"
# Published comments a page of `comments_page` shows (and where a receipt's link points).
COMMENTS_PER_PAGE = 50


def private_to_one_person(view):
    """For an answer that holds a receipt's secret link: kept by no cache, shared or the browser's
    (`Cache-Control: private, no-store`, and so never by the page cache), not indexed, and never
    sent on as the referrer to the pages it links to."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def _is_open(page):
    return page.consultation is not None and page.consultation.status == Status.OPEN


@never_cache
def comment_form(request, page):
    """The comment form for a page, on the whole of it or on one section (`?muc=dieu-3`)."""
    consultation = page.consultation
    is_open = _is_open(page)
    status = 200
    if request.method == "POST" and SHOW_SECTION in request.POST:
        # "Show its text" after choosing another part, without JavaScript: the same form again,
        # quoting that part, with everything typed kept, nothing checked and nothing stored.
        form = _without_errors(CommentForm(request.POST, page=page))
    elif request.method == "POST":
        # Even when the window has closed meanwhile, the form comes back with the text in it.
        form = CommentForm(request.POST, page=page)
        if form.is_honeypot_filled:
            # Say nothing to the bot; store nothing.
            return HttpResponseRedirect(page.comment_sent_url())
        status = 400
        if form.is_valid():
            hold_back = form.hold_back_reason()
            if hold_back:
                form.add_error(None, hold_back)
                form.fresh_stamp(checked=True)
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
                    # Sent twice (a double press), the same comment, so the same receipt.
                    section = page.section_by_id(comment.section_id)
                    return HttpResponseRedirect(page.comment_sent_url(section, comment))
    else:
        section = page.section_by_anchor(request.GET.get("muc", ""))
        form = CommentForm(page=page, initial={"section": section.anchor if section else ""})
    return TemplateResponse(
        request,
        "consultations/comment_form.html",
        {"page": page, "form": form, "consultation": consultation, "is_open": is_open, "show_section": SHOW_SECTION},
        status=status,
    )


def _without_errors(form):
    """The form as sent, showing what was typed (cleaned) and no error."""
    form.is_valid()
    form.errors.clear()
    return form


@never_cache
def comment_form_after_csrf_failure(request, page):
    """The form as it was sent, with a fresh security token and stamp, and a message that says
    what happened: nothing was stored, nothing typed is lost."""
    form = _without_errors(CommentForm(request.POST, page=page))
    # The person pressed Send once already: the next press is not held back for speed.
    form.fresh_stamp(checked=True)
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
        {
            "page": page,
            "form": form,
            "consultation": page.consultation,
            "is_open": _is_open(page),
            "show_section": SHOW_SECTION,
        },
        status=403,
    )


@private_to_one_person
def comment_sent(request, page, token=None):
    """The thank-you page; with a token, it shows the comment's receipt code and private link."""
    section = page.section_by_anchor(request.GET.get("muc", ""))
    context = {"page": page, "section": section}
    if token is not None:
        comment = receipts.find(token)
        if comment is None or comment.page_id != page.pk:
            return receipt_not_found(request)
        context.update(comment=comment, receipt_url=receipts.receipt_url(comment))
    return TemplateResponse(request, "consultations/comment_sent.html", context)


def receipt_not_found(request):
    return TemplateResponse(request, "consultations/receipt_not_found.html", {}, status=404)


@private_to_one_person
def receipt(request, token):
    """Where one comment or question stands, for the person who holds its private link."""
    comment = receipts.find(token)
    if comment is None:
        return receipt_not_found(request)
    found = receipts.receipt_for(comment)
    return TemplateResponse(
        request,
        "consultations/receipt.html",
        {"receipt": found, "comment": comment, "comment_as_list": [comment], "wording": found.page.comment_wording},
    )


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
            "comments": Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page")),
            "query_prefix": f"muc={section.anchor}" if section else "",
        },
    )


def response_report(request, page):
    """The agency's answers: the totals by outcome first, then section by section."""
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
            "totals": comment_counts(page)["outcomes"],
            "by_section": outcomes_by_section(rows),
            "by_channel": comments_by_channel(page),
            "outcomes": Comment.Outcome.choices,
            "consultation": page.consultation,
        },
    )


def outcomes_by_section(rows):
    """[(section title, [(outcome label, n)], published comments)] for the report's second table."""
    table = []
    for title, comments in rows:
        counts = dict.fromkeys(Comment.Outcome.values, 0)
        for comment in comments:
            if comment.response_outcome in counts:
                counts[comment.response_outcome] += 1
        table.append((title, [(label, counts[value]) for value, label in Comment.Outcome.choices], len(comments)))
    return table


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


EXPORT_FIELDS = ["id", *opendata.COMMENT_FIELDS]


def export_records(page):
    """Published comments and answers, as open data (`opendata.comment_record`), grouped by
    section as the report shows them: never a contact detail."""
    memo = {}
    for section_title, comments in report_rows(page):
        for comment in comments:
            record = opendata.comment_record(comment, memo)
            yield {**{name: record[name] for name in EXPORT_FIELDS}, "section": section_title}


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
