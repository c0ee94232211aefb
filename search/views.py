"""The search page, and the same search as JSON, CSV and an Atom feed (`format=`)."""

import csv
import json
from collections import Counter

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from consultations.status import Status
from core.forms import PlainLabelForm
from core.http import query_without
from taxonomy.models import Agency, Area, Sector

from . import service


def ordered_types():
    """Documents, dialogues, stories, then any other searchable type."""
    known = ["policy", "dialogue", "story"]
    types = list(service.search_types())
    return [t for t in known if t in types] + [t for t in types if t not in known]


class SearchForm(PlainLabelForm):
    q = forms.CharField(label=gettext_lazy("Search the archive"), required=False, max_length=200)
    type = forms.MultipleChoiceField(label=gettext_lazy("Type"), required=False)
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.all(), required=False)
    sector = forms.ModelChoiceField(label=gettext_lazy("Sector"), queryset=Sector.objects.all(), required=False)
    area = forms.ModelChoiceField(label=gettext_lazy("Area"), queryset=Area.objects.all(), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Consultation status"), required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False)
    order = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[("relevance", gettext_lazy("Relevance")), ("date", gettext_lazy("Newest first"))],
    )

    TYPE_LABELS = {
        "policy": gettext_lazy("Documents"),
        "dialogue": gettext_lazy("Dialogues"),
        "story": gettext_lazy("Model stories"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(t, self.TYPE_LABELS.get(t, t)) for t in ordered_types()]
        for name in ("agency", "sector", "area"):
            self.fields[name].empty_label = gettext_lazy("All")
        self.fields["status"].choices = [("", gettext_lazy("All")), *self.STATUS_CHOICES]

    STATUS_CHOICES = [
        *Status.choices,
        ("adopted_without_consultation", gettext_lazy("adopted without consultation")),
    ]

    def with_counts(self, hits):
        """Each taxonomy choice labelled with how many hits it has, the empty ones dropped."""
        for name, key in (("agency", "agency_ids"), ("sector", "sector_ids"), ("area", "area_ids")):
            counts = Counter(value for hit in hits for value in getattr(hit, key))
            field = self.fields[name]
            field.queryset = field.queryset.filter(pk__in=counts)
            field.label_from_instance = lambda obj, counts=counts: f"{obj.name} ({counts[obj.pk]})"
        statuses = Counter(hit.status for hit in hits if hit.status)
        self.fields["status"].choices = [("", gettext_lazy("All"))] + [
            (value, f"{label} ({statuses[value]})") for value, label in self.STATUS_CHOICES if statuses[value]
        ]

    def filters(self):
        data = self.cleaned_data
        return service.Filters(
            types=frozenset(data["type"]),
            agency=data["agency"].pk if data["agency"] else None,
            sector=data["sector"].pk if data["sector"] else None,
            area=data["area"].pk if data["area"] else None,
            status=data["status"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def facet_count(count, approximate):
    return _("about %(count)s") % {"count": count} if approximate and count else count


def result_record(result, request):
    return {
        "title": result.title,
        "url": request.build_absolute_uri(result.url),
        "type": result.type,
        "date": result.date.isoformat() if result.date else None,
        "agency": result.agency,
        "snippet": strip_tags(result.snippet),
    }


@never_cache
def search(request):
    form = SearchForm(request.GET or None)
    found, raw_query = service.Found(), ""
    if form.is_valid():
        raw_query = form.cleaned_data["q"].strip()
        found = service.find(raw_query, form.filters(), form.cleaned_data["order"] or "relevance")
        form.with_counts(found.hits)

    export_format = request.GET.get("format")
    if export_format in ("json", "csv", "atom"):
        hits = found.hits[:50] if export_format == "atom" else found.hits
        results = service.results(hits, raw_query)
    if export_format == "json":
        payload = {"count": len(results), "results": [result_record(r, request) for r in results]}
        return HttpResponse(json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8")
    if export_format == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tim-kiem.csv"'
        response.write("\ufeff")
        writer = csv.DictWriter(response, fieldnames=["title", "url", "type", "date", "agency", "snippet"])
        writer.writeheader()
        writer.writerows(result_record(r, request) for r in results)
        return response
    if export_format == "atom":
        return atom_feed(request, raw_query, results)

    page = Paginator(found.hits, 20).get_page(request.GET.get("page"))
    page.object_list = service.results(page.object_list, raw_query)
    query = query_without(request, "page")
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "search_query": raw_query,
            "search_results": page,
            "found": found,
            "has_query": bool(service.query_terms(raw_query)[1]),
            "facets": [
                (t, form.TYPE_LABELS.get(t, t), facet_count(found.type_counts.get(t, 0), found.approximate))
                for t in ordered_types()
            ],
            "query_prefix": query,
            "format_prefix": query + ("&" if query else ""),
        },
    )


def atom_feed(request, raw_query, results):
    feed = Atom1Feed(
        title=_("Search: %(query)s") % {"query": raw_query},
        link=request.build_absolute_uri(),
        description="",
        language="vi",
    )
    for result in results:
        record = result_record(result, request)
        when = result.page.last_published_at or timezone.now()
        feed.add_item(
            title=record["title"],
            link=record["url"],
            description=record["snippet"],
            unique_id=record["url"],
            updateddate=when,
            pubdate=when,
            categories=[record["type"]],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
