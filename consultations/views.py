import csv
import json

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.http import client_address

from .forms import CommentForm
from .services import MINIMUM_FILL_SECONDS, Refusal, submit_comment
from .status import Status


@never_cache
def comment_form(request, policy):
    """The comment form for a draft, on the whole text or on one section (`?muc=dieu-3`)."""
    consultation = policy.consultation
    is_open = consultation is not None and consultation.status == Status.OPEN
    status = 200
    if request.method == "POST":
        # Even when the window has closed meanwhile, the form comes back with the text in it.
        form = CommentForm(request.POST, policy=policy)
        if form.is_honeypot_filled:
            # Say nothing to the bot; store nothing.
            return HttpResponseRedirect(policy.url + policy.reverse_subpage("comment_sent"))
        status = 400
        if form.is_valid():
            elapsed = form.seconds_since_shown()
            if elapsed is None or elapsed < MINIMUM_FILL_SECONDS:
                form.add_error(None, _("Please read your comment over once more, then press Send again."))
                form.fresh_stamp()
            else:
                try:
                    comment, _created = submit_comment(
                        policy,
                        form.cleaned_data,
                        client_address(request),
                        form.cleaned_data["submission_token"],
                    )
                except Refusal as refusal:
                    form.add_error(None, str(refusal))
                else:
                    anchor = comment.section_id and policy.section_by_id(comment.section_id)
                    url = policy.url + policy.reverse_subpage("comment_sent")
                    return HttpResponseRedirect(url + (f"?muc={anchor.anchor}" if anchor else ""))
    else:
        section = policy.section_by_anchor(request.GET.get("muc", ""))
        form = CommentForm(policy=policy, initial={"section": section.anchor if section else ""})
    return TemplateResponse(
        request,
        "consultations/comment_form.html",
        {"page": policy, "policy": policy, "form": form, "consultation": consultation, "is_open": is_open},
        status=status,
    )


@never_cache
def comment_sent(request, policy):
    section = policy.section_by_anchor(request.GET.get("muc", ""))
    return TemplateResponse(
        request, "consultations/comment_sent.html", {"page": policy, "policy": policy, "section": section}
    )


def comments_page(request, policy):
    """All published comments on a draft, or on one section (`?muc=dieu-3`), a page at a time."""
    if policy.consultation is None:
        raise Http404
    section = policy.section_by_anchor(request.GET.get("muc", ""))
    comments = (
        policy.public_comments.published().select_related("area", "response_agency").order_by("submitted_at", "pk")
    )
    if section:
        comments = comments.filter(section_id=section.block_id)
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "consultations/comments_page.html",
        {
            "page": policy,
            "policy": policy,
            "section": section,
            "comments": page,
            "query_prefix": f"muc={section.anchor}" if section else "",
        },
    )


def response_report(request, policy):
    """The agency's answers, grouped by section, in the four columns people know."""
    report = policy.report
    if report is None:
        raise Http404
    rows = report_rows(policy)
    return TemplateResponse(
        request,
        "consultations/response_report.html",
        {
            "page": policy,
            "policy": policy,
            "report": report,
            "rows": rows,
            "consultation": policy.consultation,
        },
    )


def report_rows(policy):
    """(section title, comments) in the order of the text, the draft as a whole last."""
    comments = (
        policy.public_comments.published().select_related("area", "response_agency").order_by("submitted_at", "pk")
    )
    order = {s.block_id: i for i, s in enumerate(policy.sections)}
    titles = {s.block_id: s.title for s in policy.sections}
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
    "responding_agency",
]


def export_records(policy):
    """Published comments and answers, as open data: never a contact detail."""
    records = []
    for section_title, comments in report_rows(policy):
        for comment in comments:
            records.append(
                {
                    "id": comment.pk,
                    "section": section_title,
                    "commenter": str(comment.public_name),
                    "area": comment.area.name if comment.area else "",
                    "comment": comment.public_body,
                    "submitted_on": timezone.localdate(comment.submitted_at).isoformat(),
                    "outcome": comment.response_outcome,
                    "response": comment.public_response if comment.has_response else "",
                    "responded_on": timezone.localdate(comment.responded_at).isoformat()
                    if comment.responded_at
                    else "",
                    "responding_agency": comment.response_agency.name if comment.response_agency else "",
                }
            )
    return records


def comments_export(request, policy, export_format):
    if export_format not in {"csv", "json"} or policy.consultation is None:
        raise Http404
    records = export_records(policy)
    filename = f"y-kien-{policy.slug}.{export_format}"
    if export_format == "json":
        payload = {"policy": policy.title, "url": policy.full_url, "count": len(records), "comments": records}
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so that spreadsheet programs read the Vietnamese correctly
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        writer.writerows(records)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
