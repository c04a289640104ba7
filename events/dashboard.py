"""The Events panel on the admin dashboard: events in the coming week, and a way to add one."""
import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component

from base.add_page import add_page_url

from .models import EventPage
from .permissions import can_view_bookings
from .services import availability


def events_this_week(now=None):
    """Live events starting in the next seven days, soonest first."""
    now = now or timezone.now()
    return list(EventPage.objects.live().filter(start__gte=now, start__lt=now + datetime.timedelta(days=7))
                .order_by("start", "pk"))


class EventsPanel(Component):
    name = "events"
    order = 120
    template_name = "events/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        events = events_this_week()
        for event in events:
            event.places = availability(event)
        return {"events": events, "add_url": add_page_url(EventPage, user),
                "show_bookings": can_view_bookings(user)}


def add_panel(request, panels):
    if can_view_bookings(request.user) or add_page_url(EventPage, request.user):
        panels.append(EventsPanel())
