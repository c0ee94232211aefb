"""The register: every policy with its consultation facts, computed from the records."""

import csv

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone

from consultations.models import Comment, ConsultationSettings
from consultations.status import Status, status_filter
from core.http import query_without

from .forms import RegisterFilterForm
from .models import PolicyPage, with_consultations


def filtered_policies(index_page, form, rules, now):

    policies = (
        PolicyPage.objects.child_of(index_page)
        .live()
        .select_related("issuing_agency", "drafting_agency", "response_report")
        .annotate(
            comments_received=Count("public_comments", distinct=True),
            comments_published=Count(
                "public_comments", filter=Q(public_comments__state=Comment.State.PUBLISHED), distinct=True
            ),
        )
        .order_by("-consultation_opens_at", "-issued_on", "title")
    )
    if not form.is_valid():
        return policies
    data = form.cleaned_data
    if data["q"]:
        policies = policies.filter(Q(title__icontains=data["q"]) | Q(document_number__icontains=data["q"]))
    if data["agency"]:
        policies = policies.filter(Q(issuing_agency=data["agency"]) | Q(drafting_agency=data["agency"]))
    if data["sector"]:
        policies = policies.filter(sectors=data["sector"])
    if data["area"]:
        policies = policies.filter(areas=data["area"])
    if data["year"]:
        year = data["year"]
        policies = policies.filter(
            Q(consultation_opens_at__year=year) | Q(issued_on__year=year) | Q(adopted_on__year=year)
        )
    status = data["status"]
    not_consulted = Q(consultation_opens_at__isnull=True)
    if status in Status.values:
        policies = policies.filter(status_filter(status, now, rules.response_limit_days))
    elif status == form.NOT_CONSULTED:
        policies = policies.filter(not_consulted)
    elif status == form.ADOPTED_WITHOUT_CONSULTATION:
        policies = policies.filter(not_consulted, adopted_on__isnull=False)
    elif status == form.ADOPTED:
        policies = policies.filter(adopted_on__isnull=False)
    elif status == form.WITHDRAWN:
        policies = policies.filter(withdrawn_on__isnull=False)
    return policies


def register_context(index_page, request):
    rules = ConsultationSettings.load(request_or_site=request)
    form = RegisterFilterForm(request.GET or None)
    policies = filtered_policies(index_page, form, rules, timezone.now())
    page = Paginator(policies, 50).get_page(request.GET.get("page"))
    prefix = query_without(request, "page")
    return {
        "filter_form": form,
        "policies": page,
        "rows": with_consultations(page, rules),
        "query_prefix": prefix,
        "csv_query": (prefix + "&" if prefix else "") + "format=csv",
    }


CSV_FIELDS = [
    "title",
    "document_number",
    "document_type",
    "drafting_agency",
    "consulted",
    "opens",
    "closes",
    "days_open",
    "comments_received",
    "comments_published",
    "status",
    "response_published",
    "response_late",
    "adopted_on",
    "url",
]


def register_export(index_page, request):
    """The filtered register as CSV (`?format=csv`), or None for the HTML page."""
    if request.GET.get("format") != "csv":
        return None
    rules = ConsultationSettings.load(request_or_site=request)
    form = RegisterFilterForm(request.GET)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="so-dang-ky-van-ban.csv"'
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for policy, consultation in with_consultations(filtered_policies(index_page, form, rules, timezone.now()), rules):
        writer.writerow(
            {
                "title": policy.title,
                "document_number": policy.document_number,
                "document_type": policy.document_type,
                "drafting_agency": policy.drafting_agency.name if policy.drafting_agency else "",
                "consulted": "yes" if consultation else "no",
                "opens": timezone.localtime(consultation.opens_at).isoformat() if consultation else "",
                "closes": timezone.localtime(consultation.closes_at).isoformat() if consultation else "",
                "days_open": consultation.length_in_days if consultation else "",
                "comments_received": policy.comments_received,
                "comments_published": policy.comments_published,
                "status": consultation.status if consultation else "",
                "response_published": timezone.localdate(consultation.response_published_at).isoformat()
                if consultation and consultation.response_published_at
                else "",
                "response_late": ("yes" if consultation.response_was_late else "no")
                if consultation and consultation.status in {Status.RESPONSE_PUBLISHED, Status.OVERDUE}
                else "",
                "adopted_on": policy.adopted_on.isoformat() if policy.adopted_on else "",
                "url": policy.full_url,
            }
        )
    return response
