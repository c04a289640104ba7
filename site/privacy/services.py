"""Consent recording and the audit trail of staff access to personal data."""
import hashlib
import hmac

from django.conf import settings

from .consents import current_wording, wording
from .models import AuditLogEntry, ConsentRecord


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


def mask_email(email):
    """j***@example.org: enough for staff to recognise a log line, not to contact anyone."""
    local, _, domain = email.strip().lower().partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def email_digest(email):
    """A keyed hash, so log lines about one address can be matched without storing it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def audit(actor, action, email="", **details):
    label = getattr(actor, "email", "") or str(actor or "system")
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        subject=mask_email(email) if email else "",
        subject_digest=email_digest(email) if email else "",
        details=details,
    )


def erase_person(actor, email):
    """Erase everything held about `email` and log it; the erasure and its log entry
    are one transaction, so nothing is erased without a record that it was."""
    from django.db import transaction

    from .registry import erase_all

    with transaction.atomic():
        counts = erase_all(email)
        audit(actor, AuditLogEntry.Action.ERASE, email, **counts)
    return counts
