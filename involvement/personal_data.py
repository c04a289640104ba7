"""Involvement claims as personal and financial data: found, exported and erased by e-mail
address or phone number. Approved and paid claims are financial records, kept for the years staff
set (InvolvementSettings.retention_years) after the end of their tax year; erasing one removes its
contact details and keeps what finance must keep (services.erase_claims)."""
from privacy.registry import PersonalDataSource

from .models import Claim


class ClaimData(PersonalDataSource):
    model = Claim
    label = "Involvement payment and expense claims"
    phone_field = "phone"
    export_fields = ("activity", "status", "name", "email", "phone", "channel", "payment_declined",
                     "payment_amount", "expenses_total", "return_reason", "submitted_at", "approved_at", "paid_at")
    field_labels = {"expenses": "Expenses"}

    @property
    def retention_description(self):
        from .services import current_settings

        years = current_settings().retention_years
        return (f"Approved and paid claims are financial records: kept {years} years after the end of the tax "
                "year they were paid in, then deleted with their receipts. Erasing someone's data removes their "
                "e-mail address and phone number from those and deletes every other claim. Invitations never "
                "used, and claims the person withdrew, are deleted a year after the activity.")

    def find(self, who):
        return super().find(who).select_related("activity")

    def export_record(self, record):
        data = super().export_record(record)
        data["activity"] = str(record.activity)
        data["status"] = record.get_status_display()
        data["channel"] = record.get_channel_display()
        data["expenses"] = [{"kind": line.get_kind_display(), "date": line.date.isoformat(),
                             "amount": str(line.amount), "miles": str(line.miles) if line.miles else "",
                             "description": line.description, "receipt": line.receipt_name}
                            for line in record.expenses.all()]
        return data

    def erase(self, who):
        from .services import erase_claims

        return erase_claims(self.find(who))

    def expired(self, now):
        from .services import expired_claims

        return expired_claims(now)

    def apply_retention(self, now):
        from .services import delete_claims

        return delete_claims(self.expired(now))
