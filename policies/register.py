"""The register: every policy with its consultation facts, computed from the records."""

from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from consultations.models import Comment, ConsultationSettings
from consultations.status import Status
from core.exports import export_response
from core.http import query_without
from core.pages import private_q
from core.pagination import get_page

from .filters import PolicyFilter


def with_consultations(policies, rules=None):
    """[(policy, consultation or None)], loading the consultation rules once for all of them.

    Select `response_report` on the queryset to keep this to one query.
    """
    rules = rules or ConsultationSettings.load()
    return [(policy, policy.consultation_for(rules)) for policy in policies]


def _comment_count(**conditions):
    comments = (
        Comment.objects.filter(page=OuterRef("pk"), **conditions)
        .order_by()
        .values("page")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(comments), 0)


def filtered_policies(request, policies, rules):
    """The filter set over these live policies, with their comment counts."""
    policies = (
        policies.live()
        .exclude(private_q())
        .select_related("issuing_agency", "drafting_agency", "response_report", "document_type")
        # Counted per row by subqueries on the comments' page index: a join with GROUP BY would
        # sort every policy's wide row once per comment (seconds with one draft of 3,000).
        .annotate(
            comments_received=_comment_count(),
            comments_published=_comment_count(state=Comment.State.PUBLISHED),
        )
        .order_by("-consultation_opens_at", "-issued_on", "title")
    )
    return PolicyFilter(request.GET or None, queryset=policies, rules=rules)


def register_context(request, policies):
    rules = ConsultationSettings.load(request_or_site=request)
    filterset = filtered_policies(request, policies, rules)
    page = get_page(filterset.qs, 50, request.GET.get("page"))
    prefix = query_without(request, "page")
    return {
        "filter_form": filterset.form,
        "policies": page,
        "rows": with_consultations(page, rules),
        "query_prefix": prefix,
        "csv_query": (prefix + "&" if prefix else "") + "format=csv",
        # The link to subscribe by e-mail keeps the area, sector or agency filtered on.
        "subscribe_query": urlencode(
            [
                (name, value)
                for name in ("area", "sector", "agency")
                for value in request.GET.getlist(name)
                if value.isdigit()
            ]
        ),
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


def register_export(request, policies):
    """The filtered register as CSV (`?format=csv`), or None for the HTML page."""
    if request.GET.get("format") != "csv":
        return None
    rules = ConsultationSettings.load(request_or_site=request)
    rows = with_consultations(filtered_policies(request, policies, rules).qs, rules)
    return export_response("csv", "so-dang-ky-van-ban", CSV_FIELDS, (csv_record(*row) for row in rows))


def csv_record(policy, consultation):
    return {
        "title": policy.title,
        "document_number": policy.document_number,
        "document_type": policy.document_type.slug,
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
