"""Subject access exports: everything held about one person, as JSON or CSV.

Both are built from `registry.export_all`, so every registered source is included.
"""
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from base.spreadsheets import csv_bytes

from . import registry
from .people import Person


def export_data(who, exported_at):
    """{"email" or "phone", "exported_at", and source key -> list of records}; source keys contain a dot."""
    person = Person.of(who)
    found_by = {"email": person.email} if person.email else {"phone": person.phone}
    return {**found_by, "exported_at": exported_at.isoformat(), **registry.export_all(person)}


def record_counts(data):
    return {key: len(records) for key, records in data.items() if isinstance(records, list)}


def build_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode("utf-8")


def build_csv(data):
    """One row per field of each record: source, source label, record number, field, value."""
    rows = [["source", "source_label", "record", "field", "value"]]
    for key, records in data.items():
        if not isinstance(records, list):
            continue
        label = _label(key)
        for number, record in enumerate(records, start=1):
            rows += [[key, label, number, field, _value(value)] for field, value in record.items()]
    return csv_bytes(rows)


def download(data, fmt, filename_stem):
    if fmt == "csv":
        content, content_type, extension = build_csv(data), "text/csv; charset=utf-8", "csv"
    else:
        content, content_type, extension = build_json(data), "application/json", "json"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


def _label(key):
    try:
        return registry.get_source(key).label
    except KeyError:
        return key


def _value(value):
    """Lists and dicts (a booking's access needs, say) as JSON text in one cell."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value
