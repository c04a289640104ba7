"""Engagement settings (defaults and environment variables in config/settings/base.py)."""
from django.conf import settings


def _setting(name, default):
    return getattr(settings, name, default)


def user_group_waiting_days():
    """Applications still 'new' after this many days are highlighted in the screening queue."""
    return _setting("USER_GROUP_WAITING_DAYS", 10)


def user_group_retention_days():
    """People who left (or were not taken forward) are anonymised this many days later."""
    return _setting("USER_GROUP_RETENTION_DAYS", 365)


def feedback_contact_retention_days():
    """E-mail addresses given with feedback are removed this many days after the exercise closes."""
    return _setting("FEEDBACK_CONTACT_RETENTION_DAYS", 730)


def safeguarding_lead_email():
    """The safeguarding lead's role mailbox, alerted when staff flag a response (its own
    address, set in config/settings/base.py: not the contact mailbox)."""
    return settings.SAFEGUARDING_LEAD_EMAIL


def user_group_email():
    """Healthwatch Walsall's User Group mailbox: replies to the User Group's e-mails go there."""
    return _setting("USER_GROUP_EMAIL", "") or settings.CONTACT_EMAIL
