"""The one place where apps declare the personal data they hold.

Each app registers a `PersonalDataSource` per kind of record in its AppConfig.ready().
Staff tools (find, export, erase) and the retention task only ever go through here, so a
new app gets subject access, erasure and retention by declaring its data once.
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .people import Person

_sources = {}


class PersonalDataSource:
    """Personal data held in one model, found by a person's e-mail address or phone number.

    Subclasses set `model`, `label`, `export_fields`, `email_field` and `phone_field` (the
    fields that hold them, None for one the model does not keep) and, when the data expires,
    `retention_days` and `retention_description`. Override `find`, `erase` or `expired` when the
    data is found, erased or aged differently.

    `who`, everywhere: an e-mail address, a phone number or a privacy.people.Person.
    """

    model = None
    label = ""
    email_field = "email"
    phone_field = None
    export_fields = ()
    retention_field = "created_at"
    retention_days = None
    retention_description = "Kept until someone asks us to erase it."
    special_category = False
    # For people reading what we hold (privacy.readable): labels for exported fields that are not
    # the model's (or nested ones, "history.when"), and {field: choices} for coded values that
    # the model field's own choices do not cover (lists in a JSONField, nested values).
    field_labels = {}
    value_labels = {}

    @property
    def key(self):
        return self.model._meta.label_lower

    def find(self, who):
        lookup = Person.of(who).lookup(self.email_field, self.phone_field)
        manager = self.model._default_manager
        return manager.filter(lookup) if lookup is not None else manager.none()

    def export(self, who):
        return [self.export_record(record) for record in self.find(who)]

    def export_record(self, record):
        return {field: _plain(getattr(record, field)) for field in self.export_fields}

    def erase(self, who):
        """Erase every record of `who`; returns how many records were erased."""
        records = self.find(who)
        count = records.count()
        records.delete()
        return count

    def expired(self, now):
        if self.retention_days is None:
            return self.model._default_manager.none()
        cutoff = now - datetime.timedelta(days=self.retention_days)
        return self.model._default_manager.filter(**{f"{self.retention_field}__lt": cutoff})

    def apply_retention(self, now):
        """Erase or anonymise what has passed its retention period; returns a count."""
        expired = self.expired(now)
        count = expired.count()
        expired.delete()
        return count


def register(source):
    if source.key in _sources:
        raise ValueError(f"Personal data source {source.key} is registered twice")
    _sources[source.key] = source
    return source


def sources():
    return list(_sources.values())


def get_source(key):
    return _sources[key]


def find_all(who):
    """Every source with the records it holds for `who` (sources with none left out)."""
    found = []
    for source in sources():
        records = list(source.find(who))
        if records:
            found.append((source, records))
    return found


def export_all(who):
    return {source.key: source.export(who) for source in sources() if source.find(who).exists()}


def erase_all(who):
    """Erase everything held about `who` in one transaction: all of it or none."""
    with transaction.atomic():
        counts = {source.key: source.erase(who) for source in sources()}
    return {key: count for key, count in counts.items() if count}


def apply_retention_rules(now=None):
    now = now or timezone.now()
    results = {}
    for source in sources():
        with transaction.atomic():
            results[source.key] = source.apply_retention(now)
    return results


def _plain(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "pk") and not isinstance(value, (str, int, float, bool, dict)):
        return str(value)
    return value
