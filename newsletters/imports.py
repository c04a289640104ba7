"""Importing an existing mailing list from a CSV file (Comms team, in the admin).

Columns (a header row, in any order): email, name, lists, consent_basis, consent_date, consent_source.
- `lists`: one or more list slugs or names, separated by ";".
- `consent_basis`: why we may write to the person (Subscription.ConsentBasis):
  - `confirmed`: they signed up on our old website and confirmed by e-mail; needs consent_date
    and consent_source;
  - `consent`: they gave consent another way (a paper form at an event); needs consent_date and
    consent_source;
  - `work_contact`: a work address at a partner organisation (PARTNER_EMAIL_DOMAINS), written to
    for their work (legitimate interest);
  - `ask_to_confirm`: we do not know they agreed: they are sent a confirmation e-mail and get
    nothing else until they confirm.
  The first three confirm the address at once; `ask_to_confirm` never does.

Good rows are imported and bad ones skipped: each skipped row is reported with its line number
and why, and can be downloaded as a CSV file (the row as it was, with a `problem` column) to
correct and import again. A file with no usable header, or nothing to import, imports nothing.
The same address on several lines is merged: it is held once, on every list its lines name.
Someone who has unsubscribed from a list is never put back on it by an import, and someone
already waiting to confirm is not sent the confirmation e-mail again (importing the same file
twice sends nothing the second time).
"""
import csv
import datetime
import io
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from base.spreadsheets import csv_text

from . import subscriptions
from .models import MailingList, Subscriber, Subscription

Basis = Subscription.ConsentBasis
COLUMNS = ("email", "name", "lists", "consent_basis", "consent_date", "consent_source")
REQUIRED_COLUMNS = ("email", "lists", "consent_basis")
CONFIRMING_BASES = {Basis.CONFIRMED_HERE, Basis.CONSENT, Basis.WORK_CONTACT}
NEEDS_EVIDENCE = {Basis.CONFIRMED_HERE, Basis.CONSENT}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_ROWS = 50_000


@dataclass
class ImportRow:
    line: int
    email: str
    name: str
    lists: list
    basis: str
    given_on: datetime.date | None
    detail: str


@dataclass
class SkippedRow:
    line: int
    values: dict  # the row as it was in the file, by column name
    problem: str


@dataclass
class ImportReport:
    rows: int = 0
    new_subscribers: int = 0
    subscriptions_added: int = 0
    already_subscribed: int = 0
    already_waiting: int = 0
    kept_unsubscribed: int = 0
    confirmation_emails: int = 0
    merged: int = 0  # lines merged into an earlier line with the same address
    skipped: list = field(default_factory=list)  # [SkippedRow], in file order


@dataclass
class ImportFailed(Exception):
    """Nothing was imported (the file itself is unusable). `errors` are (line number, message)."""

    errors: list = field(default_factory=list)

    def __str__(self):
        return f"{len(self.errors)} problem(s) in the file"


def decode(data):
    """Text of an uploaded file: UTF-8 (with or without Excel's byte order mark), or Windows-1252."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(text, today=None):
    """The rows of a CSV import, checked: (good rows, [SkippedRow]). Raises ImportFailed when the
    file cannot be imported at all (no header with the needed columns, too many rows, no rows)."""
    today = today or timezone.localdate()
    reader = csv.DictReader(io.StringIO(text))
    headers = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in headers]
    if missing:
        raise ImportFailed([(1, f"The first row must name the columns. Missing: {', '.join(missing)}. "
                                f"Expected: {', '.join(COLUMNS)}.")])
    reader.fieldnames = headers
    lists = {}
    for mailing_list in MailingList.objects.all():
        lists[mailing_list.slug.lower()] = mailing_list
        lists[mailing_list.name.lower()] = mailing_list
    rows, skipped = [], []
    for record in reader:
        line = reader.line_num
        if len(rows) + len(skipped) >= MAX_ROWS:
            raise ImportFailed([(line, f"The file has more than {MAX_ROWS:,} rows: split it into smaller files.")])
        values = {name: (record.get(name) or "").strip() for name in COLUMNS}
        if not any(values.values()):
            continue  # an empty line
        problems = _problems(values, lists, today)
        if problems:
            skipped.append(SkippedRow(line, values, "; ".join(problems)))
            continue
        rows.append(ImportRow(line, subscriptions.normalise_email(values["email"]), values["name"],
                              _lists_named(values["lists"], lists)[0], values["consent_basis"].lower(),
                              _parse_date(values["consent_date"]) if values["consent_date"] else None,
                              values["consent_source"][:255]))
    if not rows and not skipped:
        raise ImportFailed([(1, "The file has no rows to import.")])
    return rows, skipped


def _lists_named(text, lists):
    chosen, unknown = [], []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        (chosen.append(lists[item.lower()]) if item.lower() in lists else unknown.append(item))
    return chosen, unknown


def _problems(values, lists, today):
    """Everything wrong with one row, written for the member of staff correcting the file."""
    problems = []
    email = subscriptions.normalise_email(values["email"])
    try:
        validate_email(email)
    except ValidationError:
        problems.append(f"'{values['email']}' is not an e-mail address" if email else "The e-mail address is missing")
    chosen, unknown = _lists_named(values["lists"], lists)
    if unknown:
        problems.append(f"No mailing list called {', '.join(repr(name) for name in unknown)}")
    elif not chosen:
        problems.append("No mailing list given in the 'lists' column")
    basis = values["consent_basis"].lower()
    if basis not in Basis.values:
        problems.append(f"consent_basis must be one of {', '.join(Basis.values)}"
                        + (f", not '{values['consent_basis']}'" if values["consent_basis"] else ""))
    if values["consent_date"]:
        given_on = _parse_date(values["consent_date"])
        if given_on is None:
            problems.append(f"'{values['consent_date']}' is not a date: write it as 2024-03-31 or 31/03/2024")
        elif given_on > today:
            problems.append("The consent date is in the future")
    if basis in NEEDS_EVIDENCE:
        if not values["consent_date"]:
            problems.append(f"A consent date is needed for consent_basis '{basis}'")
        if not values["consent_source"]:
            problems.append(f"Say where they gave consent (consent_source) for consent_basis '{basis}'")
    if basis == Basis.WORK_CONTACT and not _is_partner_address(email):
        problems.append("work_contact is only for work addresses at partner organisations")
    if len(values["name"]) > 200:
        problems.append("The name is longer than 200 characters")
    return problems


def _parse_date(value):
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


def _is_partner_address(email):
    domain = email.rpartition("@")[2]
    return any(domain == partner or domain.endswith(f".{partner}") for partner in settings.PARTNER_EMAIL_DOMAINS)


def import_subscribers(data, *, now=None):
    """Import the good rows of a CSV file (bytes or text) and skip the bad ones. Returns an
    ImportReport (its `skipped` rows say why); raises ImportFailed, importing nothing, when the
    file itself cannot be used."""
    now = now or timezone.now()
    rows, skipped = parse(decode(data), today=timezone.localdate(now))
    report = ImportReport(rows=len(rows), skipped=skipped)
    emails = list(dict.fromkeys(row.email for row in rows))  # each address once, in file order
    report.merged = len(rows) - len(emails)
    if not rows:
        return report
    with transaction.atomic():
        existing = {s.email: s for s in Subscriber.objects.select_for_update().filter(email__in=emails)}
        names = {}
        for row in rows:
            if row.name:
                names.setdefault(row.email, row.name)
        new = [Subscriber(email=email, name=names.get(email, "")) for email in emails if email not in existing]
        Subscriber.objects.bulk_create(new)
        report.new_subscribers = len(new)
        subscribers = {s.email: s for s in Subscriber.objects.filter(email__in=emails)}

        to_confirm = {subscribers[row.email].pk for row in rows
                      if row.basis in CONFIRMING_BASES and subscribers[row.email].confirmed_at is None}
        Subscriber.objects.filter(pk__in=to_confirm).update(confirmed_at=now, updated_at=now)
        named = [subscriber for email, subscriber in subscribers.items() if names.get(email) and not subscriber.name]
        for subscriber in named:
            subscriber.name = names[subscriber.email]
        Subscriber.objects.bulk_update(named, ["name"])

        current = {(s.subscriber_id, s.mailing_list_id): s
                   for s in Subscription.objects.filter(subscriber__in=subscribers.values())}
        create, update, waiting = {}, {}, {}
        for row in rows:
            subscriber = subscribers[row.email]
            confirms = row.basis in CONFIRMING_BASES
            for mailing_list in row.lists:
                key = (subscriber.pk, mailing_list.pk)
                if key in create or key in update:
                    continue  # already added by an earlier line for the same address
                subscription = current.get(key)
                if subscription is not None and subscription.status == Subscription.Status.UNSUBSCRIBED:
                    report.kept_unsubscribed += 1
                    continue
                if subscription is not None and subscription.status == Subscription.Status.SUBSCRIBED:
                    report.already_subscribed += 1
                    continue
                if subscription is not None and not confirms:
                    report.already_waiting += 1  # already asked to confirm: no second e-mail
                    continue
                fields = dict(
                    status=Subscription.Status.SUBSCRIBED if confirms else Subscription.Status.PENDING,
                    source=Subscription.Source.IMPORT, consent_basis=row.basis, consent_given_on=row.given_on,
                    consent_detail=row.detail, subscribed_at=now if confirms else None,
                )
                if subscription is None:
                    create[key] = Subscription(subscriber=subscriber, mailing_list=mailing_list, **fields)
                else:
                    for name, value in fields.items():
                        setattr(subscription, name, value)
                    update[key] = subscription
                report.subscriptions_added += 1
                if not confirms:
                    waiting.setdefault(subscriber.pk, (subscriber, []))[1].append(mailing_list)
        Subscription.objects.bulk_create(create.values())
        Subscription.objects.bulk_update(update.values(), ["status", "source", "consent_basis", "consent_given_on",
                                                           "consent_detail", "subscribed_at"])
        for subscriber, lists in waiting.values():
            subscriptions.queue_confirmation(subscriber, lists, f"newsletter-import:{subscriber.pk}:{uuid.uuid4()}")
        report.confirmation_emails = len(waiting)
    return report


def skipped_csv(skipped):
    """The skipped rows as a CSV file to correct and import again: the original columns, then
    `line` and `problem`. Cells that a spreadsheet would run as a formula are quoted with '."""
    return csv_text([[*COLUMNS, "line", "problem"]] + [
        [row.values.get(name, "") for name in COLUMNS] + [row.line, row.problem] for row in skipped])


def template_rows():
    """An example file's rows: the header and one row for each consent basis."""
    first = MailingList.objects.first()
    list_name = first.slug if first else "stakeholder-newsletter"
    return [
        COLUMNS,
        ["ann@example.org", "Ann Smith", list_name, Basis.CONSENT, "2024-03-31",
         "Sign-up sheet at the March 2024 roadshow"],
        ["bob@example.org", "", list_name, Basis.CONFIRMED_HERE, "31/01/2023", "Old website sign-up"],
        ["chris@walsallhealthcare.nhs.uk", "Chris", list_name, Basis.WORK_CONTACT, "", ""],
        ["dee@example.org", "Dee", list_name, Basis.ASK_TO_CONFIRM, "", ""],
    ]


def template_csv():
    """The example file as CSV text."""
    return csv_text(template_rows())
