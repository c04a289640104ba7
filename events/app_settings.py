"""The events app's settings, with their defaults."""
from django.conf import settings


def retention_days():
    """Days after an event ends before its attendees' personal data is anonymised."""
    return getattr(settings, "EVENTS_RETENTION_DAYS", 90)
