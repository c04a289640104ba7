"""Thin: each handler calls one service."""
from django.dispatch import receiver

from events.signals import attendance_recorded

from . import services


@receiver(attendance_recorded)
def invite_attendees_to_claim(sender, event_id, **kwargs):
    services.invite_attendees(event_id)
