"""What the booking pages and e-mails say, word for word, in the cases a tester found wrong:
nothing said about answers nobody gave, the waiting list named as such, singular and plural."""
import datetime

import pytest
from django.utils import timezone

from events.models import EventPage

from .booking import answer_every_question, answers, book_url, check_url, step_url
from .conftest import make_event

pytestmark = pytest.mark.django_db

NOT_KEPT = "We have not kept any of your answers."


def test_a_past_event_says_nothing_about_answers_to_someone_who_gave_none(client, events_index):
    event = make_event(events_index, booking_closes_at=timezone.now() - datetime.timedelta(hours=1))
    html = client.get(book_url(event)).content.decode()
    assert "You cannot book this event" in html
    assert NOT_KEPT not in html


def test_someone_whose_answers_were_dropped_is_told_so(client, events_index):
    event = make_event(events_index)
    answer_every_question(client, event, answers())
    EventPage.objects.filter(pk=event.pk).update(booking_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    event.refresh_from_db()
    html = client.get(check_url(event)).content.decode()
    assert "You cannot book this event" in html and NOT_KEPT in html
    # Back again later: nothing was kept, so nothing is said about it.
    assert NOT_KEPT not in client.get(book_url(event)).content.decode()
