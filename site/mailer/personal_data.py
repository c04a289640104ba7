from django.conf import settings

from privacy.registry import PersonalDataSource

from .models import DeliveryEvent, OutgoingEmail, Suppression


class OutgoingEmailData(PersonalDataSource):
    """Erasing deletes the rows, and with them each recipient's merge data (name, links)."""

    model = OutgoingEmail
    label = "E-mails we sent"
    email_field = "to"
    export_fields = ("subject", "kind", "status", "created_at", "sent_at")

    @property
    def retention_days(self):
        return settings.MAILER_SENT_RETENTION_DAYS

    @property
    def retention_description(self):
        return f"Copies of sent e-mails are deleted after {self.retention_days} days."

    def expired(self, now):
        return super().expired(now).exclude(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING])

    def export_record(self, record):
        data = super().export_record(record)
        if not data["subject"] and record.content_id:
            from .services import merge

            data["subject"] = merge(record.content.subject, record.merge_data)
        return data


class SuppressionData(PersonalDataSource):
    model = Suppression
    label = "Addresses we must not e-mail"
    export_fields = ("email", "reason", "created_at")
    retention_description = (
        "Kept so we never e-mail an address that bounced, complained or unsubscribed. When a person's "
        "data is erased the address is removed and only a keyed hash of it is kept, so it stays suppressed."
    )

    def erase(self, who):
        """Keep the suppression working for the erased address: remove the address and the
        provider's description, keep the hash (email_digest) and the reason."""
        return self.find(who).update(email=None, detail="")


class DeliveryEventData(PersonalDataSource):
    model = DeliveryEvent
    label = "Delivery reports from our e-mail provider"
    export_fields = ("event_type", "occurred_at", "description")

    @property
    def retention_days(self):
        return settings.MAILER_EVENT_RETENTION_DAYS

    @property
    def retention_description(self):
        return f"Delivery reports (delivered, bounced, complaints) are deleted after {self.retention_days} days."
