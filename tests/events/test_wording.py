"""What the booking pages and e-mails say, word for word, in the cases a tester found wrong:
nothing said about answers nobody gave, the waiting list named as such, singular and plural."""
import datetime

import pytest
from django.utils import timezone, translation

from events import services
from events.models import EventPage
from mailer.models import OutgoingEmail

from .booking import answer_every_question, answers, book_through_pages, book_url, check_url, step_url
from .conftest import book, make_event
from .test_languages import translated

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


def test_someone_joining_the_waiting_list_checks_their_answers_before_joining_it(client, events_index):
    event = make_event(events_index, capacity=1)
    html = answer_every_question(client, event, answers(companions="1")).content.decode()
    assert "<h1>Check your answers before you join the waiting list</h1>" in html
    assert "<title>Check your answers before you join the waiting list - " in html
    assert "before you book" not in html
    assert "There is only 1 place left, and you need 2" in html


def test_someone_getting_a_place_checks_their_answers_before_booking(client, event):
    html = answer_every_question(client, event, answers()).content.decode()
    assert "<h1>Check your answers before you book</h1>" in html
    assert "join the waiting list</h1>" not in html
    assert "If the last places go before you press the button" in html  # 10 places left


def test_with_one_place_left_the_check_page_speaks_of_the_last_place(client, events_index):
    event = make_event(events_index, capacity=2)
    book(event)
    html = answer_every_question(client, event, answers(companions="0")).content.decode()
    assert "There is 1 place left, so you will have a place." in html
    assert "If the last place goes before you press the button, we will put you on the waiting list" in html
    assert "the last places go" not in html


def test_the_help_to_take_part_page_says_once_that_we_will_tell_you_what_we_arranged(client, event):
    answer_every_question(client, event, answers())
    html = client.get(step_url(event, "access-needs")).content.decode()
    assert html.count("We will tell you what we have arranged") == 1
    assert "Tell us if you need anything to take part. If you do not need anything, skip this question." in html


def confirmation(email):
    return OutgoingEmail.objects.filter(to=email, subject__startswith="You are booked").get()


def test_the_confirmation_for_two_places_speaks_of_places(client, event):
    book(event, email="two@example.org", companions=1)
    book(event, email="one@example.org")
    two, one = confirmation("two@example.org"), confirmation("one@example.org")
    for body in (two.body_text, two.body_html):
        assert "please cancel so that others can have your 2 places." in body
        assert "your place." not in body
    for body in (one.body_text, one.body_html):
        assert "please cancel so that someone else can have your place." in body


def test_someone_given_two_places_from_the_waiting_list_is_told_of_both(events_index):
    event = make_event(events_index, capacity=2)
    first = book(event, companions=1).booking
    book(event, email="pair@example.org", companions=1)
    services.cancel_booking(first)
    promoted = OutgoingEmail.objects.filter(to="pair@example.org").order_by("-pk").first()
    assert f"Good news: 2 places have come up at {event.title}, and we have booked them for you" in promoted.body_text
    assert "others can have your 2 places." in promoted.body_text


def test_a_reminder_for_two_places_speaks_of_places(event):
    book(event, email="two@example.org", companions=1)
    with translation.override("en-gb"):
        services.send_due_reminders(now=event.start - datetime.timedelta(hours=23))
    reminder = OutgoingEmail.objects.get(dedupe_key__startswith="event-reminder:")
    assert "please cancel so that others can have your 2 places." in reminder.body_text
    assert "your place." not in reminder.body_text


# In Polish --------------------------------------------------------------------------------------


@pytest.fixture
def polish_full(events_index, commit):
    event = make_event(events_index, capacity=1)
    with commit():
        return event, translated(event, "pl", "Warsztaty o oddychaniu")


def test_in_polish_the_waiting_list_check_page_says_so(client, polish_full):
    event, polish = polish_full
    html = answer_every_question(client, polish, answers(companions="1")).content.decode()
    assert "<h1>Sprawdź swoje odpowiedzi, zanim zapiszesz się na listę oczekujących</h1>" in html
    assert "Check your answers" not in html


def test_in_polish_the_confirmation_for_two_places_speaks_of_two_places(client, events_index, commit):
    event = make_event(events_index)
    with commit():
        polish = translated(event, "pl", "Warsztaty o oddychaniu")
    with commit():
        book_through_pages(client, polish, answers(email="ola@example.org", companions="1", access_needs=[]))
    email = OutgoingEmail.objects.get(to="ola@example.org")
    assert "odwołaj rezerwację, aby inni mogli dostać Twoje 2 miejsca." in email.body_text
    assert "Twoje miejsce." not in email.body_text
