"""The public booking pages, with the Django test client."""
import datetime
import uuid

import icalendar
import pytest
from django.utils import timezone

from events.models import Booking
from mailer.models import OutgoingEmail
from privacy.consents import current_wording

from .conftest import book, make_event

pytestmark = pytest.mark.django_db

SECRET_LINK = "secret-room-123"


def form_data(**overrides):
    data = {
        "name": "Sam Carer", "email": "sam.carer@example.org", "phone": "", "role": "carer", "companions": "1",
        "access_needs": ["bsl"], "access_needs_other": "", "consent": "on",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_event_page_shows_the_event_but_never_the_joining_link(client, event):
    response = client.get(event.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert event.title in html and "Book a place" in html
    assert "10 places left" in html
    assert f'href="{event.url}book/"' in html
    assert SECRET_LINK not in html


def test_public_calendar_download(client, event):
    response = client.get(f"{event.url}calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    calendar = icalendar.Calendar.from_ical(response.content)
    item = calendar.walk("VEVENT")[0]
    assert item.decoded("dtstart") == event.start.replace(microsecond=0)
    assert str(item["summary"]) == event.title
    assert SECRET_LINK not in response.content.decode()


def test_booking_form_shows_the_consent_wording_and_a_token(client, event):
    response = client.get(f"{event.url}book/")
    html = response.content.decode()
    assert response.status_code == 200
    assert current_wording("events").text in html
    assert 'name="submission_token"' in html
    assert "A British Sign Language (BSL) interpreter" in html
    assert "Step-free access" not in html  # an online event
    assert "no-store" in response["Cache-Control"]


def test_in_person_event_offers_every_access_need(client, events_index):
    event = make_event(events_index, format="in_person", venue_name="Blakenall Village Centre",
                       venue_address="Thames Road\nWalsall", joining_link="")
    html = client.get(f"{event.url}book/").content.decode()
    for label in ("British Sign Language", "A hearing loop", "Step-free access", "Large print", "A quiet space"):
        assert label in html


def test_errors_are_shown_next_to_fields_and_everything_typed_is_kept(client, event):
    response = client.post(f"{event.url}book/", form_data(email="sam.carer@", role="", consent="",
                                                         access_needs_other="A carer's seat"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Book a place" in html
    assert "There is a problem" in html
    assert 'href="#id_email"' in html and 'href="#id_role_0"' in html and 'href="#id_consent"' in html
    assert "Enter an e-mail address in the right format" in html
    assert "Select which best describes you" in html
    assert 'value="Sam Carer"' in html and 'value="sam.carer@"' in html
    assert "A carer&#x27;s seat" in html
    assert 'value="bsl" checked' in html and 'value="1" checked' in html
    assert not Booking.objects.exists()


def test_too_many_companions_is_an_error(client, event):
    response = client.post(f"{event.url}book/", form_data(companions="3"))
    assert "Select how many people you are bringing" in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_then_the_confirmation_page(client, event):
    response = client.post(f"{event.url}book/", form_data())
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}booking/{booking.token}/"
    assert (booking.status, booking.companions, booking.access_needs) == ("confirmed", 1, ["bsl"])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "You have 2 places" in html
    assert "you and 1 other person" in html
    assert "A British Sign Language (BSL) interpreter" in html
    assert SECRET_LINK not in html
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]


def test_double_submit_makes_one_booking(client, event):
    data = form_data()
    first = client.post(f"{event.url}book/", data)
    second = client.post(f"{event.url}book/", data)
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1


def test_booking_again_with_the_same_email_reveals_nothing(client, event):
    book(event, email="sam.carer@example.org", name="The Real Sam")
    response = client.post(f"{event.url}book/", form_data(name="Someone Else"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have already booked" in html
    assert "The Real Sam" not in html and Booking.objects.get().token not in html
    assert Booking.objects.count() == 1
    resent = OutgoingEmail.objects.filter(to="sam.carer@example.org", dedupe_key__startswith="event-booking-resend")
    assert resent.count() == 1
    client.post(f"{event.url}book/", form_data(name="Someone Else"))
    assert resent.count() == 1  # at most once an hour


def test_a_full_event_offers_the_waiting_list(client, events_index):
    event = make_event(events_index, capacity=1)
    book(event)
    form = client.get(f"{event.url}book/").content.decode()
    assert "Join the waiting list" in form and "Fully booked" in form
    response = client.post(f"{event.url}book/", form_data(companions="0"), follow=True)
    assert "You are on the waiting list" in response.content.decode()
    assert Booking.objects.get(email="sam.carer@example.org").status == "waiting"


def test_booking_closed_shows_why_and_refuses_a_post(client, events_index):
    event = make_event(events_index, booking_closes_at=timezone.now() - datetime.timedelta(hours=1))
    html = client.get(f"{event.url}book/").content.decode()
    assert "Booking for this event has closed." in html
    assert 'name="email"' not in html
    response = client.post(f"{event.url}book/", form_data())
    assert "Booking for this event has closed." in response.content.decode()
    assert not Booking.objects.exists()


def test_cancelling_from_the_link(client, events_index):
    event = make_event(events_index, capacity=1)
    mine = book(event, email="sam@example.org").booking
    waiting = book(event, email="next@example.org").booking
    url = f"{event.url}booking/{mine.token}/"
    confirm = client.get(url + "cancel/")
    assert "Are you sure you want to cancel your booking?" in confirm.content.decode()
    assert Booking.objects.get(pk=mine.pk).status == "confirmed"  # a GET changes nothing
    response = client.post(url + "cancel/")
    assert response.status_code == 302 and response["Location"] == url
    assert "Your booking is cancelled" in client.get(url).content.decode()
    assert Booking.objects.get(pk=mine.pk).status == "cancelled"
    assert Booking.objects.get(pk=waiting.pk).status == "confirmed"
    assert client.post(url + "cancel/").status_code == 302  # again: harmless


def test_leaving_the_waiting_list_from_the_link(client, events_index):
    event = make_event(events_index, capacity=1)
    book(event)
    waiting = book(event, email="sam@example.org").booking
    url = f"{event.url}booking/{waiting.token}/"
    assert "Leave the waiting list" in client.get(url).content.decode()
    assert "Are you sure you want to leave the waiting list?" in client.get(url + "cancel/").content.decode()
    client.post(url + "cancel/")
    assert "You have left the waiting list" in client.get(url).content.decode()
    assert Booking.objects.get(pk=waiting.pk).status == "left_waiting_list"


def test_unknown_other_events_and_anonymised_tokens_are_not_found(client, events_index):
    event, other = make_event(events_index), make_event(events_index)
    booking = book(event).booking
    assert client.get(f"{event.url}booking/not-a-token/").status_code == 404
    assert client.get(f"{other.url}booking/{booking.token}/").status_code == 404
    Booking.objects.filter(pk=booking.pk).update(anonymised_at=timezone.now())
    assert client.get(f"{event.url}booking/{booking.token}/").status_code == 404


def test_personal_calendar_has_the_joining_link_only_with_a_place(client, events_index):
    event = make_event(events_index, capacity=1)
    confirmed = book(event).booking
    waiting = book(event).booking
    mine = client.get(f"{event.url}booking/{confirmed.token}/calendar/")
    assert SECRET_LINK in mine.content.decode().replace("\r\n ", "")
    theirs = client.get(f"{event.url}booking/{waiting.token}/calendar/")
    assert SECRET_LINK not in theirs.content.decode().replace("\r\n ", "")


def test_cancel_is_not_offered_after_the_event_started(client, events_index):
    event = make_event(events_index)
    booking = book(event).booking
    from events.models import EventPage

    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(minutes=5))
    html = client.get(f"{event.url}booking/{booking.token}/cancel/").content.decode()
    assert "Yes, cancel my booking" not in html
    client.post(f"{event.url}booking/{booking.token}/cancel/")
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
