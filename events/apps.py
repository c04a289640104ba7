from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from privacy.registry import register

        from . import signal_handlers  # noqa: F401 - connects the page_published handler
        from .personal_data import BookingData

        register(BookingData())
