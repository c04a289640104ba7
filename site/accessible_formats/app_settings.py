"""The accessible formats app's settings, with their defaults."""
from django.conf import settings


def working_days_to_reply():
    """Working days (Monday to Friday) the Comms team has to make a publication in another format."""
    return getattr(settings, "FORMAT_REQUEST_WORKING_DAYS", 10)


def retention_days():
    """Days after a request is done before it is deleted (a recorded communication need stays)."""
    return getattr(settings, "FORMAT_REQUEST_RETENTION_DAYS", 365)


def reply_to():
    """The Comms team's mailbox: Reply-To of the e-mails people get about their request."""
    return getattr(settings, "FORMAT_REQUESTS_EMAIL", "") or settings.CONTACT_EMAIL
