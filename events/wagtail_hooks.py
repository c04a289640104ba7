"""Wiring only: the "Event bookings" admin views (views_admin.py), and a "Bookings" button on
each event page in the page explorer and the page editor's header."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from .models import EventPage
from .permissions import can_view_bookings
from .views_admin import EventBookingsViewSet


@hooks.register("register_admin_viewset")
def register_event_bookings_viewset():
    return EventBookingsViewSet()


def _bookings_button(page, user, priority):
    if page.specific_class is EventPage and can_view_bookings(user):
        yield Button("Bookings", reverse("event-bookings:event", args=[page.pk]), icon_name="group",
                     priority=priority)


@hooks.register("register_page_listing_buttons")
def page_listing_bookings_button(page, user, next_url=None, **kwargs):
    yield from _bookings_button(page, user, priority=15)


@hooks.register("register_page_header_buttons")
def page_header_bookings_button(page, user, next_url=None, view_name=None, **kwargs):
    yield from _bookings_button(page, user, priority=15)
