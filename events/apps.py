from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from privacy.registry import register

        from . import signal_handlers  # noqa: F401 - connects the page_published handler
        from .personal_data import BookingData

        register(BookingData())
        self.purge_page_cache_on_booking_changes()

    @staticmethod
    def purge_page_cache_on_booking_changes():
        """A booking changes the places left, which only its event's page and the event lists show."""
        from base.page_cache import purge_on_change

        from .models import Booking, EventCapacity

        purge_on_change(Booking, EventCapacity, pages=lambda row: row.event.pages_showing_places())
