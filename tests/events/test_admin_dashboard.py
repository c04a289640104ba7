"""Staff add an event in one press, and the dashboard lists this week's events."""
import datetime

import pytest
from django.utils import timezone

from tests.events.conftest import book, make_event

pytestmark = pytest.mark.django_db


def test_add_an_event_is_one_press_from_the_menu(organiser_client, events_index):
    html = organiser_client.get("/admin/").content.decode()
    assert "Add an event" in html and "/admin/add-event/" in html
    response = organiser_client.get("/admin/add-event/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/add/events/eventpage/{events_index.pk}/"


def test_the_dashboard_shows_events_this_week(organiser_client, events_index):
    soon = make_event(events_index, title="Carers' coffee morning", start=timezone.now() + datetime.timedelta(days=2))
    make_event(events_index, title="Next month's workshop", start=timezone.now() + datetime.timedelta(days=30))
    book(soon)
    html = organiser_client.get("/admin/").content.decode()
    assert "Events this week" in html
    assert "Carers&#x27; coffee morning</a>" in html and "1 of 10 places taken" in html
    assert f"/admin/event-bookings/{soon.pk}/" in html
    assert "Next month&#x27;s workshop" not in html
