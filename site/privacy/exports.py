"""Subject access exports: everything held about one person, as JSON or CSV.

Both are built from `registry.export_all`, so every registered source is included.
"""
import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from . import registry
from .people import Person

# Spreadsheet programs run cells that start with these as formulas ("CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["source", "source_label", "record", "field", "value"])
    for key, records in data.items():
        if not isinstance(records, list):
            continue
        label = _label(key)
        for number, record in enumerate(records, start=1):
            for field, value in record.items():
                writer.writerow([key, label, number, field, _cell(value)])
    # A byte order mark so Excel opens the UTF-8 file with the right characters.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    value = str(value)
    if value.startswith(_FORMULA_PREFIXES):
        value = "'" + value
    return value
