"""Open data downloads: every CSV and JSON export of the site is written here, the same way."""

import csv
import json

from django.http import HttpResponse, StreamingHttpResponse

# A byte-order mark first, so that spreadsheet programs read the Vietnamese as UTF-8.
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet program (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet shows as text: a leading formula character gets a quote.

    Citizens write the comments that end up in these files; "=HYPERLINK(…)" must not run when an
    agency opens the export. Numbers are left alone: -5 is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_response(export_format, filename, fieldnames, records, download=True, **json_fields):
    """`records` (dicts) as CSV or JSON, an attachment named `filename`.`export_format`.

    CSV has one column per name in `fieldnames`, in that order; JSON is an object with
    `json_fields` first, then `count` and the records under `records_key` (default "results").
    With `download=False` JSON is shown in the browser rather than saved (an API-like answer).
    """
    records = list(records)
    if export_format == "json":
        records_key = json_fields.pop("records_key", "results")
        payload = {**json_fields, "count": len(records), records_key: records}
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1 if download else None),
            content_type="application/json; charset=utf-8",
        )
    elif export_format == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write(BOM)
        writer = csv.DictWriter(response, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({key: spreadsheet_safe(value) for key, value in record.items()} for record in records)
    else:
        raise ValueError(f"unknown export format {export_format!r}")
    if download or export_format == "csv":
        response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


class _Line:
    """A file-like object that hands back what the csv module writes to it, line by line."""

    def write(self, value):
        return value


def streaming_export(export_format, filename, fieldnames, records, records_key="results", **json_fields):
    """`records` (an iterator of dicts) as a CSV or JSON file written while it is sent, so that
    a file of 100,000 rows never sits in memory whole.

    CSV as `export_response` writes it (BOM, a header row, formulas quoted); JSON is an object
    with `json_fields` first, the records under `records_key`, then `count` (known only at the end).
    """
    if export_format == "csv":
        writer = csv.writer(_Line())

        def lines():
            yield BOM + writer.writerow(fieldnames)
            for record in records:
                yield writer.writerow([spreadsheet_safe(record.get(name, "")) for name in fieldnames])

        content_type = "text/csv; charset=utf-8"
    elif export_format == "json":

        def lines():
            head = json.dumps(json_fields, ensure_ascii=False)[:-1]
            yield (head + ", " if json_fields else "{") + json.dumps(records_key) + ": ["
            count = 0
            for record in records:
                yield ("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False)
                count += 1
            yield f'\n], "count": {count}}}\n'

        content_type = "application/json; charset=utf-8"
    else:
        raise ValueError(f"unknown export format {export_format!r}")
    response = StreamingHttpResponse((line.encode("utf-8") for line in lines()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
