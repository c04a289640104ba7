"""Wiring only: the "Event bookings" admin views (views_admin.py), and a "Bookings" button on
each event page in the page explorer and the page editor's header; "Add an event" in the menu
and the dashboard's events panel (dashboard.py)."""
from wagtail import hooks

from base.add_page import AddPageViewSet
from base.page_buttons import register_page_button

from . import dashboard
from .models import EventPage
from .permissions import can_view_bookings
from .views_admin import EventBookingsViewSet


@hooks.register("register_admin_viewset")
def register_event_bookings_viewset():
    return EventBookingsViewSet()


@hooks.register("register_admin_viewset")
def register_add_event():
    return AddPageViewSet(name="add-event", page_class=EventPage, menu_label="Add an event", icon="plus",
                          menu_order=251, add_to_admin_menu=True)


hooks.register("construct_homepage_panels", dashboard.add_panel)

register_page_button(EventPage, "Bookings", "event-bookings:event", icon_name="group", allowed=can_view_bookings)


@hooks.register("home_page_sections")
def upcoming_events_section(home):
    from base.home import HomeSection

    from .services import upcoming_events

    if events := upcoming_events():
        return HomeSection("Upcoming events", events, events[0].get_parent().url, "All events", order=30)
    return None
