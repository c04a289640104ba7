"""Thin receivers: anymail's tracking webhook hands each ESP event to the mailer services."""
from anymail.signals import tracking
from django.dispatch import receiver

from . import services


@receiver(tracking, dispatch_uid="mailer.record_tracking_event")
def record_tracking_event(sender, event, esp_name, **kwargs):
    services.record_tracking_event(event, esp_name)
