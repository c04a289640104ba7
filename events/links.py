"""Absolute links to events and bookings, for e-mails and calendar files (built from SITE_URL)."""
from django.conf import settings


def event_url(event, suffix=""):
    _, _, path = event.get_url_parts()
    return f"{settings.SITE_URL}{path}{suffix}"


def booking_page(booking):
    """The event page in the language the person booked in (its translation, when published)."""
    return booking.event.in_language(booking.language)


def booking_path(booking):
    return f"{booking_page(booking).url}booking/{booking.token}/"


def booking_url(booking):
    return event_url(booking_page(booking), f"booking/{booking.token}/")


def admin_booking_url(booking):
    """The booking's page in the admin, where only staff allowed to see bookings can open it."""
    from django.urls import reverse

    return f"{settings.SITE_URL}{reverse('event-bookings:booking', args=[booking.pk])}"


def contact_url():
    """The contact page's address (the first live, public one), or the home page if there is none."""
    from base.models import ContactPage

    page = ContactPage.objects.live().public().first()
    if page is None:
        return f"{settings.SITE_URL}/"
    _, _, path = page.get_url_parts()
    return f"{settings.SITE_URL}{path}"
