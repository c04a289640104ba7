"""Consent recording and the audit trail of staff access to personal data."""
import hashlib
import hmac

from django.conf import settings

from .consents import current_wording, wording
from .models import AuditLogEntry, ConsentRecord
from .people import Person


def record_consent(email, purpose, source, version=None):
    """Record that `email` agreed to `purpose`, keeping the exact words shown.

    `version` is the wording version the form displayed; without it, the current one.
    """
    shown = wording(purpose, version) if version else current_wording(purpose)
    return ConsentRecord.objects.create(
        email=email.strip().lower(),
        purpose=purpose,
        wording_version=shown.version,
        wording_text=shown.text,
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
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        subject=person.masked() if person else "",
        subject_digest=email_digest(str(person)) if person else "",
        details=details,
    )


def erase_person(actor, who):
    """Erase everything held about `who` and log it; the erasure and its log entry
    are one transaction, so nothing is erased without a record that it was."""
    from django.db import transaction

    from .registry import erase_all

    with transaction.atomic():
        counts = erase_all(who)
        audit(actor, AuditLogEntry.Action.ERASE, who, **counts)
    return counts
