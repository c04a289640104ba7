"""Format requests and recorded communication needs as personal data: found, exported and erased
by e-mail address or phone number (the privacy registry). People who gave only a postal address
are found in the Comms team's lists, where a recorded need can be deleted."""
import datetime

from privacy.registry import PersonalDataSource

from . import app_settings
from .models import CommunicationNeed, FormatRequest

NEED_RETENTION_DAYS = 3 * 365  # the consent wording promises 3 years after they last asked


class FormatRequestData(PersonalDataSource):
    model = FormatRequest
    label = "Requests for other formats"
    phone_field = "phone"
    export_fields = ("publication_title", "format", "language", "details", "name", "reply_by", "email", "phone",
                     "address", "keep_need", "status", "received_at", "due_on", "completed_at")
    special_category = True  # a communication need can say much about a disability

    @property
    def retention_days(self):
        return app_settings.retention_days()

    @property
    def retention_description(self):
        return f"Deleted {self.retention_days} days after the request is done."

    def expired(self, now):
        cutoff = now - datetime.timedelta(days=self.retention_days)
        return FormatRequest.objects.filter(status=FormatRequest.Status.DONE, completed_at__lt=cutoff)


class CommunicationNeedData(PersonalDataSource):
    model = CommunicationNeed
    label = "Communication needs kept on record"
    phone_field = "phone"
    export_fields = ("format", "language", "details", "name", "reply_by", "email", "phone", "address",
                     "consent_version", "recorded_at", "updated_at")
    field_labels = {"consent_wording": "The words they agreed to"}
    special_category = True
    retention_field = "updated_at"
    retention_days = NEED_RETENTION_DAYS
    retention_description = "Deleted 3 years after the person last asked for something in another format."

    def export_record(self, record):
        from .services import consent_wording_for

        data = super().export_record(record)
        data["consent_wording"] = consent_wording_for(record)
        return data
