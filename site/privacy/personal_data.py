from .consents import PURPOSE_LABELS
from .models import ConsentRecord, SubjectAccessRequest
from .registry import PersonalDataSource


class ConsentRecordData(PersonalDataSource):
    model = ConsentRecord
    retention_field = "given_at"
    label = "Consent records"
    export_fields = ("purpose", "wording_version", "wording_text", "source", "given_at", "withdrawn_at")
    value_labels = {"purpose": list(PURPOSE_LABELS.items())}
    retention_description = "Kept as proof of consent until the person asks us to erase their data."


class SubjectAccessRequestData(PersonalDataSource):
    model = SubjectAccessRequest
    label = "Subject access requests"
    phone_field = "phone"
    retention_field = "received_on"
    retention_days = 730
    retention_description = "Kept for two years after the request was received, as a record that we answered it."
    export_fields = ("requester", "email", "phone", "received_on", "due_on", "status", "completed_on")
