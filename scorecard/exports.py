"""The scorecard as open data: CSV (UTF-8 with a BOM, for Excel) and JSON, per year and per agency.

One row per agency and year, and one for the whole province; the columns are the figures' keys
(`scorecard.definitions.FIGURES`), after the row's scope, year and agency. A share is a decimal
from 0 to 1 (four places), a median a number of days; a figure with no value (a share of
nothing, a median of no value) is an empty cell in CSV and null in JSON.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exports import export_response

from .definitions import FIGURES, Kind

PROVINCE = "province"
AGENCY = "agency"
ROW_FIELDS = ["scope", "year", "agency_slug", "agency_name"]
COLUMNS = ROW_FIELDS + [definition.key for definition in FIGURES]

# Open data, as the comments' files: free to reuse with the source cited.
TERMS = _(
    "Open data: free to copy, publish, adapt and reuse, for any purpose, provided the source is cited "
    "(the name of this portal and the address of the file)."
)


def _value(definition, figures):
    value = definition.value_of(figures)
    if value is None:
        return None
    if definition.kind == Kind.SHARE:
        return round(value, 4)
    return value


def figures_record(figures, agency=None):
    """One row: the scope (the province or an agency), the year, the agency, then each figure."""
    record = {
        "scope": AGENCY if agency is not None else PROVINCE,
        "year": figures.year,
        "agency_slug": agency.slug if agency is not None else "",
        "agency_name": agency.name if agency is not None else str(_("Whole province")),
    }
    record.update({definition.key: _value(definition, figures) for definition in FIGURES})
    return record


def _csv_ready(records):
    """None as an empty cell."""
    return [{key: "" if value is None else value for key, value in record.items()} for record in records]


def _respond(export_format, filename, records, title):
    if export_format == "csv":
        records = _csv_ready(records)
    return export_response(
        export_format,
        filename,
        COLUMNS,
        records,
        title=str(title),
        terms=str(TERMS),
        generated_at=timezone.localtime().replace(microsecond=0).isoformat(),
        columns={definition.key: str(definition.label) for definition in FIGURES},
        records_key="rows",
    )


def scorecard_records(scorecard):
    return [figures_record(scorecard.province)] + [figures_record(f, agency) for agency, f in scorecard.rows]


def scorecard_filename(year):
    return f"bang-diem-co-quan-{year}"


def agency_filename(agency):
    return f"bang-diem-{agency.slug}"


def scorecard_csv(scorecard):
    return _respond(
        "csv", scorecard_filename(scorecard.year), scorecard_records(scorecard), _scorecard_title(scorecard)
    )


def scorecard_json(scorecard):
    return _respond(
        "json", scorecard_filename(scorecard.year), scorecard_records(scorecard), _scorecard_title(scorecard)
    )


def agency_csv(agency, history):
    return _respond("csv", agency_filename(agency), [figures_record(f, agency) for f in history], agency.name)


def agency_json(agency, history):
    return _respond("json", agency_filename(agency), [figures_record(f, agency) for f in history], agency.name)


def _scorecard_title(scorecard):
    return _("Agency scorecard, %(year)s") % {"year": scorecard.year}
