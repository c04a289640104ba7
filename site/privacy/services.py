"""Consent recording and the audit trail of staff access to personal data."""
import datetime
import hashlib
import hmac

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from base.languages import interface_language
from base.phone import normalise_phone

from .consents import current_wording, wording
from .models import AuditLogEntry, ConsentRecord, SubjectAccessRequest
from .people import Person

# Opening the same record again within this time (reloading the page, coming back to it from
# a form on it) is the same look: one "viewed" entry, not one per page load.
VIEW_REPEAT_WINDOW = datetime.timedelta(minutes=30)
# Requests due within this many days are listed as "due soon" on the dashboard.
SUBJECT_ACCESS_DUE_SOON_DAYS = 7


def record_consent(email, purpose, source, version=None, language=None):
    """Record that `email` agreed to `purpose`, keeping the exact words shown.

    `version` is the wording version the form displayed; without it, the current one.
    `language` is the language the form was read in (base.languages.language_of_request() when
    it was sent): the words are kept as shown in it, in English when not given.
    """
    shown = wording(purpose, version) if version else current_wording(purpose)
    return ConsentRecord.objects.create(
        email=email.strip().lower(),
        purpose=purpose,
        wording_version=shown.version,
        wording_text=shown.in_language(interface_language(language or settings.LANGUAGE_CODE)),
        source=source[:255],
    )


def email_digest(email):
    """A keyed hash, so log lines about one address can be matched without storing it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def audit(actor, action, who="", **details):
    """Log what `actor` did with the data of `who` (an e-mail address, phone number or Person):
    masked, and a keyed hash so that entries about one person can be matched."""
    label = getattr(actor, "email", "") or str(actor or "system")
    person = Person.of(who)
    digest = email_digest(str(person)) if person else ""
    if action == AuditLogEntry.Action.VIEW and getattr(actor, "pk", None):
        if repeat := _recent_view(actor, digest, details):
            return repeat
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        subject=person.masked() if person else "",
        subject_digest=digest,
        details=details,
    )


def _recent_view(actor, digest, details):
    """The same member of staff's entry for looking at the same thing within VIEW_REPEAT_WINDOW."""
    since = timezone.now() - VIEW_REPEAT_WINDOW
    recent = AuditLogEntry.objects.filter(actor=actor, action=AuditLogEntry.Action.VIEW, subject_digest=digest,
                                          created_at__gte=since)
    return next((entry for entry in recent if entry.details == details), None)


def erase_person(actor, who):
    """Erase everything held about `who` and log it; the erasure and its log entry
    are one transaction, so nothing is erased without a record that it was."""
    from django.db import transaction

    from .registry import erase_all

    with transaction.atomic():
        counts = erase_all(who)
        audit(actor, AuditLogEntry.Action.ERASE, who, **counts)
    return counts


# Subject access requests ---------------------------------------------------------------------


def subject_access_due(received_on):
    """One calendar month after the day it was received (UK GDPR Article 12(3)); when that month
    is shorter (received 31 January), the last day of the month (28 or 29 February)."""
    return received_on + relativedelta(months=1)


def save_subject_access_request(request):
    """Work out the due date, keep the phone number as digits, and date a completion."""
    request.due_on = subject_access_due(request.received_on)
    request.phone = normalise_phone(request.phone) or request.phone.strip()
    request.email = request.email.strip().lower()
    if request.status == SubjectAccessRequest.Status.COMPLETED and not request.completed_on:
        request.completed_on = timezone.localdate()
    if request.status != SubjectAccessRequest.Status.COMPLETED:
        request.completed_on = None
    request.save()
    return request


def subject_access_attention(today=None):
    """Open requests that are overdue or due within SUBJECT_ACCESS_DUE_SOON_DAYS, soonest first."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=SUBJECT_ACCESS_DUE_SOON_DAYS)
    return (SubjectAccessRequest.objects.exclude(status=SubjectAccessRequest.Status.COMPLETED)
            .filter(due_on__lte=soon).order_by("due_on", "pk"))


def time_left_text(due_on, today=None):
    """Time left until an open piece of work is due, in words: "Overdue by 3 days", "Due today",
    "Due in 5 days" (every queue with a deadline says it this way)."""
    days = (due_on - (today or timezone.localdate())).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"
