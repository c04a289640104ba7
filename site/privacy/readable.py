"""What we hold about a person, in words a person can read: the Find page and the printable
export both show it. Labels come from the source (`field_labels`), the model's verbose names or
the field name; coded values from the model field's choices or the source's `value_labels`;
dates as people write them; lists as lists, never as Python."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst

from . import registry

NOT_GIVEN = "Not given"


@dataclass
class Item:
    label: str
    text: str = ""
    entries: list = field(default_factory=list)  # for a list of records (a history): [[Item]]


def holdings(person):
    """Per registered source: what it is, how long it is kept and the records of `person`, readable."""
    results = []
    for source in registry.sources():
        records = [describe(source, source.export_record(record)) for record in source.find(person)]
        results.append({
            "key": source.key,
            "label": source.label,
            "count": len(records),
            "retention_description": source.retention_description,
            "special_category": source.special_category,
            "records": records,
        })
    return results


def describe(source, record):
    """[Item] for one exported record of `source`."""
    return [_item(source, name, value) for name, value in record.items()]


def _item(source, name, value, prefix=""):
    key = f"{prefix}{name}"
    label = getattr(source, "field_labels", {}).get(key) or _field_label(source, key) or _humanise(name)
    if isinstance(value, list) and value and all(isinstance(entry, dict) for entry in value):
        return Item(label, entries=[[_item(source, k, v, f"{key}.") for k, v in entry.items()] for entry in value])
    if isinstance(value, dict):
        return Item(label, entries=[[_item(source, k, v, f"{key}.") for k, v in value.items()]])
    return Item(label, text=_text(source, key, value))


def _field_label(source, key):
    model_field = _model_field(source, key)
    return capfirst(model_field.verbose_name) if model_field is not None else ""


def _model_field(source, key):
    if "." in key or source.model is None:
        return None
    try:
        return source.model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _choices(source, key):
    labels = getattr(source, "value_labels", {}).get(key)
    if labels:
        return {str(value): label for value, label in labels}
    model_field = _model_field(source, key)
    if model_field is not None and getattr(model_field, "flatchoices", None):
        return {str(value): label for value, label in model_field.flatchoices}
    return {}


def _text(source, key, value):
    if value is None or value == "" or value == []:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = _choices(source, key)
    if isinstance(value, (list, tuple)):
        return ", ".join(_scalar(entry, choices) for entry in value)
    return _scalar(value, choices)


def _scalar(value, choices):
    if str(value) in choices:
        return str(choices[str(value)])
    if isinstance(value, str):
        return _date_text(value) or value
    return str(value)


def _date_text(value):
    """ISO 8601 dates and times (as exported) as people write them, in local time; else None."""
    if len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        moment = parse_datetime(value)
        if moment is not None:
            moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return date_format(moment, "j F Y, H:i")
    if len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if isinstance(day, datetime.date):
            return date_format(day, "j F Y")
    return None


def _humanise(name):
    return capfirst(name.replace("_", " "))
