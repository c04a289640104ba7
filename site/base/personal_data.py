from privacy.registry import PersonalDataSource

from .models import ContactMessage, contact_retention_days


class ContactMessageData(PersonalDataSource):
    model = ContactMessage
    label = "Contact form messages"
    export_fields = ("name", "email", "subject", "message", "created_at")

    @property
    def retention_days(self):
        return contact_retention_days()

    @property
    def retention_description(self):
        return f"Contact messages are deleted {self.retention_days} days after they arrive."
