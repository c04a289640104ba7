"""Thin: when the e-mail service reports that someone unsubscribed or complained, they leave
every list (subscriptions.unsubscribe_address)."""
from django.dispatch import receiver

from mailer.signals import recipient_unsubscribed


@receiver(recipient_unsubscribed, dispatch_uid="newsletters.recipient_unsubscribed")
def unsubscribe_reported_recipient(sender, email, batch_key=None, **kwargs):
    from .subscriptions import ESP_UNSUBSCRIBE_REASON, unsubscribe_address

    unsubscribe_address(email, reason=ESP_UNSUBSCRIBE_REASON)
