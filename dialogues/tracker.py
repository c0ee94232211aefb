"""The commitments tracker: filters, ordering, exports and each agency's on-time share."""

from django.core.paginator import Paginator
from django.utils import timezone

from core.exports import export_response
from core.http import query_without

from .commitments import Commitment, on_time_share_by_agency
from .filters import CommitmentFilter
from .opendata import commitment_record


def filtered_commitments(request, today):
    """The filter set over public commitments, earliest deadline first unless asked otherwise."""
    commitments = Commitment.objects.public().select_related("agency", "dialogue__agency").order_by("deadline", "pk")
    return CommitmentFilter(request.GET or None, queryset=commitments, today=today)


def tracker_context(request):
    today = timezone.localdate()
    filterset = filtered_commitments(request, today)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    prefix = query_without(request, "page")
    return {
        "filter_form": filterset.form,
        "commitments": page,
        "rows": [(c, c.is_overdue_on(today)) for c in page],
        # The agencies' shares count the commitments the filters select, like the list above.
        "shares": on_time_share_by_agency(filterset.qs, today),
        "query_prefix": prefix,
        "export_query": prefix + ("&" if prefix else ""),
    }


EXPORT_FIELDS = ["commitment", "agency", "deadline", "status", "overdue", "done_on", "dialogue", "dialogue_date", "url"]


def export_rows(commitments, today):
    for commitment in commitments:
        record = commitment_record(commitment, today)
        yield {name: record[name] for name in EXPORT_FIELDS}


def tracker_export(request):
    """The filtered list as CSV or JSON (`?format=csv|json`), or None for the HTML page."""
    export_format = request.GET.get("format")
    if export_format not in {"csv", "json"}:
        return None
    today = timezone.localdate()
    rows = export_rows(filtered_commitments(request, today).qs, today)
    if export_format == "csv":
        rows = ({**row, "overdue": "yes" if row["overdue"] else "no"} for row in rows)
    return export_response(export_format, "cam-ket-doi-thoai", EXPORT_FIELDS, rows, records_key="commitments")
