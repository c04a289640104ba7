"""Event bookings as personal data: found, exported and erased by e-mail address or phone number, and
anonymised (keeping the numbers) a set time after the event."""
import datetime

from privacy.registry import PersonalDataSource

from . import app_settings
from .models import Booking


class BookingData(PersonalDataSource):
    model = Booking
    label = "Event bookings"
    phone_field = "phone"
    export_fields = ("event", "status", "name", "email", "phone", "role", "companions", "access_needs",
                     "access_needs_other", "access_arranged", "channel", "language", "attended", "created_at")
    special_category = True  # access needs and health conditions

    @property
    def retention_days(self):
        return app_settings.retention_days()

    @property
    def retention_description(self):
        return (f"Names, contact details and access needs are removed {self.retention_days} days after the "
                "event; only the numbers are kept.")

    def find(self, who):
        return super().find(who).filter(anonymised_at__isnull=True).select_related("event")

    def export_record(self, record):
        data = super().export_record(record)
        data["event"] = f"{record.event.title} ({record.event.start.isoformat()})"
        data["access_needs"] = record.access_need_labels()
        data["role"] = record.get_role_display() if record.role else ""
        data["status"] = record.get_status_display()
        return data

    def erase(self, who):
        from .services import erase_bookings

        return erase_bookings(self.find(who))

    def expired(self, now):
        cutoff = now - datetime.timedelta(days=self.retention_days)
        return Booking.objects.filter(anonymised_at__isnull=True, event__end__lt=cutoff)

    def apply_retention(self, now):
        from .services import anonymise_bookings

        return anonymise_bookings(self.expired(now), now)
