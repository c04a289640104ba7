from .models import ConsentRecord
from .registry import PersonalDataSource


class ConsentRecordData(PersonalDataSource):
    model = ConsentRecord
    retention_field = "given_at"
    label = "Consent records"
    export_fields = ("purpose", "wording_version", "wording_text", "source", "given_at", "withdrawn_at")
    retention_description = "Kept as proof of consent until the person asks us to erase their data."
