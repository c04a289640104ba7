"""The newsletters app's settings, with their defaults (override them in settings or the environment)."""
import datetime

from django.conf import settings


def confirmation_link_lifetime():
    """How long the link in a confirmation e-mail works (NEWSLETTERS_CONFIRMATION_DAYS, default 7)."""
    return datetime.timedelta(days=getattr(settings, "NEWSLETTERS_CONFIRMATION_DAYS", 7))


def unconfirmed_retention_days():
    """Days before an address that was never confirmed is removed (default 30)."""
    return getattr(settings, "NEWSLETTERS_UNCONFIRMED_RETENTION_DAYS", 30)


def unsubscribed_retention_days():
    """Days after someone left every list before their address is removed (default 365)."""
    return getattr(settings, "NEWSLETTERS_UNSUBSCRIBED_RETENTION_DAYS", 365)
