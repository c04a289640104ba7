"""Wiring only: the "Event bookings" admin views (views_admin.py), and a "Bookings" button on
each event page in the page explorer and the page editor's header."""
from wagtail import hooks

from base.page_buttons import register_page_button

from .models import EventPage
from .permissions import can_view_bookings
from .views_admin import EventBookingsViewSet


@hooks.register("register_admin_viewset")
def register_event_bookings_viewset():
    return EventBookingsViewSet()


register_page_button(EventPage, "Bookings", "event-bookings:event", icon_name="group", allowed=can_view_bookings)
