"""Thin: publishing an event page hands over to services.event_published."""
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage


@receiver(page_published, sender=EventPage)
def event_page_published(sender, instance, revision=None, alias=False, **kwargs):
    if alias or instance.original.pk != instance.pk:
        return  # an alias or a translation (/pl/...) shares its original's places and bookings
    from .services import event_published

    event_published(instance)
