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


@hooks.register("home_page_sections")
def upcoming_events_section(home):
    from base.home import HomeSection

    from .services import upcoming_events

    if events := upcoming_events():
        return HomeSection("Upcoming events", events, events[0].get_parent().url, "All events", order=30)
    return None
