from django.conf import settings

from privacy.registry import PersonalDataSource

from .models import OutgoingEmail


class OutgoingEmailData(PersonalDataSource):
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
