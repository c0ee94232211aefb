"""The commitments tracker: filters, ordering, exports and each agency's on-time share."""

import csv
import json

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PlainLabelForm
from core.http import query_without
from taxonomy.models import Agency, Area

from .commitments import Commitment, on_time_share_by_agency


class TrackerFilterForm(PlainLabelForm):
    OVERDUE = "overdue"
    STATUS_CHOICES = [("", _("Any status")), *Commitment.Status.choices, (OVERDUE, _("overdue"))]
    ORDER_CHOICES = [("deadline", _("Deadline, earliest first")), ("-deadline", _("Deadline, latest first"))]

    agency = forms.ModelChoiceField(label=_("Responsible agency"), queryset=Agency.objects.all(), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year of the dialogue"), min_value=1990, max_value=2100, required=False)
    order = forms.ChoiceField(label=_("Sort by"), choices=ORDER_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = _("All")
        self.fields["area"].empty_label = _("All")


def filtered_commitments(form, today):
    commitments = Commitment.objects.public().select_related("agency", "dialogue")
    order = "deadline"
    if form.is_valid():
        data = form.cleaned_data
        if data["agency"]:
            commitments = commitments.filter(agency=data["agency"])
        if data["area"]:
            commitments = commitments.filter(dialogue__areas=data["area"])
        if data["year"]:
            commitments = commitments.filter(dialogue__held_at__year=data["year"])
        if data["status"] == form.OVERDUE:
            commitments = commitments.overdue_on(today)
        elif data["status"]:
            commitments = commitments.filter(status=data["status"])
        order = data["order"] or order
    return commitments.order_by(order, "pk")


def tracker_context(request):
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET or None)
    commitments = filtered_commitments(form, today)
    page = Paginator(commitments, 50).get_page(request.GET.get("page"))
    prefix = query_without(request, "page")
    return {
        "filter_form": form,
        "commitments": page,
        "rows": [(c, c.is_overdue_on(today)) for c in page],
        "shares": on_time_share_by_agency(Commitment.objects.public(), today),
        "query_prefix": prefix,
        "export_query": prefix + ("&" if prefix else ""),
    }


EXPORT_FIELDS = ["commitment", "agency", "deadline", "status", "overdue", "done_on", "dialogue", "dialogue_date", "url"]


def export_rows(commitments, today):
    for commitment in commitments:
        dialogue = commitment.dialogue
        yield {
            "commitment": commitment.text,
            "agency": commitment.agency.name if commitment.agency else "",
            "deadline": commitment.deadline.isoformat(),
            "status": commitment.status,
            "overdue": commitment.is_overdue_on(today),
            "done_on": commitment.done_on.isoformat() if commitment.done_on else "",
            "dialogue": dialogue.title,
            "dialogue_date": timezone.localdate(dialogue.held_at).isoformat(),
            "url": dialogue.full_url,
        }


def tracker_export(request):
    """The filtered list as CSV or JSON (`?format=csv|json`), or None for the HTML page."""
    export_format = request.GET.get("format")
    if export_format not in {"csv", "json"}:
        return None
    today = timezone.localdate()
    rows = list(export_rows(filtered_commitments(TrackerFilterForm(request.GET), today), today))
    if export_format == "json":
        response = HttpResponse(
            json.dumps({"count": len(rows), "commitments": rows}, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "overdue": "yes" if row["overdue"] else "no"})
    response["Content-Disposition"] = f'attachment; filename="cam-ket-doi-thoai.{export_format}"'
    return response
