"""The public booking pages, with the Django test client."""
import datetime

import icalendar
import pytest
from django.utils import timezone

from events.models import Booking, EventPage
from mailer.models import OutgoingEmail
from privacy.consents import current_wording
from privacy.models import ConsentRecord

from .booking import answer_every_question, answers, book_through_pages, book_url, check_url, step_url
from .conftest import book, make_event

pytestmark = pytest.mark.django_db

SECRET_LINK = "secret-room-123"


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


def test_the_first_question_is_short_private_and_says_where_you_are(client, event):
    response = client.get(book_url(event))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Your details - Book a place: " in html
    assert "Question 1 of 5: About you" in html
    assert 'name="name"' in html and 'name="email"' in html and 'name="phone"' in html
    assert 'name="role"' not in html and 'name="consent"' not in html  # later questions
    assert f'class="nhsuk-back-link" href="{event.url}"' in html
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies  # nothing is kept for someone who only looks


def test_the_consent_wording_and_the_access_needs_an_online_event_offers(client, event):
    answer_every_question(client, event, answers())
    assert current_wording("events").text in client.get(step_url(event, "agree")).content.decode()
    html = client.get(step_url(event, "access-needs")).content.decode()
    assert "A British Sign Language (BSL) interpreter" in html
    assert "Step-free access" not in html  # an online event


def test_in_person_event_offers_every_access_need(client, events_index):
    event = make_event(events_index, format="in_person", venue_name="Blakenall Village Centre",
                       venue_address="Thames Road\nWalsall", joining_link="")
    html = client.get(step_url(event, "access-needs")).content.decode()
    for label in ("British Sign Language", "A hearing loop", "Step-free access", "Large print", "A quiet space"):
        assert label in html


def test_an_event_without_companion_places_does_not_ask(client, events_index):
    event = make_event(events_index, max_companions=0)
    response = answer_every_question(client, event, answers(companions=None))
    html = response.content.decode()
    assert "Check your answers before you book" in html and "Bringing anyone with you" not in html
    assert "Question 3 of 4" in client.get(step_url(event, "access-needs")).content.decode()


def assert_error(response, anchor, message):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert f'<a href="#{anchor}">{message}' in html  # in the summary, linked to the field
    assert f'<span class="nhsuk-u-visually-hidden">Error:</span> {message}' in html  # next to the field
    return html


def test_your_details_errors_are_shown_and_everything_typed_is_kept(client, event):
    response = client.post(book_url(event), {"name": "", "email": "sam.carer@", "phone": "0121 555"})
    html = assert_error(response, "id_name", "Enter your full name")
    assert_error(response, "id_email", "Enter an e-mail address in the right format")
    assert 'value="sam.carer@"' in html and 'value="0121 555"' in html
    assert not Booking.objects.exists()


def test_each_question_page_shows_its_own_errors(client, event):
    answer_every_question(client, event, answers())
    assert_error(client.post(step_url(event, "about-you"), {}), "id_role_0", "Select which best describes you")
    assert_error(client.post(step_url(event, "companions"), {"companions": "3"}), "id_companions_0",
                 "Select how many people you are bringing")
    too_long = "A carer's seat. " * 70
    html = assert_error(client.post(step_url(event, "access-needs"), {"access_needs": ["bsl"],
                                                                      "access_needs_other": too_long}),
                        "id_access_needs_other", "This must be 1,000 characters or fewer")
    assert "A carer&#x27;s seat." in html and 'value="bsl" checked' in html
    assert_error(client.post(step_url(event, "agree"), {}), "id_consent",
                 "Tick the box to agree, so that we can use your details.")
    # The check page sends the person back to the first answer that still needs fixing.
    response = client.get(check_url(event))
    assert response.status_code == 302 and response["Location"] == step_url(event, "about-you") + "?change=1"
    assert not Booking.objects.exists()


def test_check_your_answers_shows_every_answer_with_a_change_link(client, event):
    response = answer_every_question(client, event, answers(phone="07700900461",
                                                            access_needs_other="A carer's seat"))
    html = response.content.decode()
    assert "Check your answers before you book" in html
    for text in ("Sam Carer", "sam.carer@example.org", "07700 900461", "I care for someone with the condition",
                 "Yes, 1 person", "A British Sign Language (BSL) interpreter", "A carer&#x27;s seat", "You agreed"):
        assert text in html
    assert f'href="{book_url(event)}?change=1#id_email"' in html
    assert f'href="{step_url(event, "companions")}?change=1#id_companions_0"' in html
    assert "there are 10 places left, so you will have 2 places" in html.lower()
    assert "no-store" in response["Cache-Control"]

    # Change an answer: back to the check page, with the new answer.
    change = client.get(step_url(event, "about-you") + "?change=1")
    assert 'value="carer" checked' in change.content.decode()
    assert f'href="{check_url(event)}"' in change.content.decode()  # "Back" goes to the check page
    response = client.post(step_url(event, "about-you") + "?change=1", {"role": "professional", "change": "1"})
    assert response["Location"] == check_url(event)
    assert "I work in health or care" in client.get(check_url(event)).content.decode()


def test_the_optional_access_question_can_be_skipped_in_one_press(client, event):
    html = answer_every_question(client, event, answers(), skip_access=True).content.decode()
    assert "You did not ask for any" in html
    book_through_pages(client, event, answers(), skip_access=True)
    booking = Booking.objects.get()
    assert (booking.access_needs, booking.access_needs_other) == ([], "")
    assert not OutgoingEmail.objects.filter(to=event.organiser_address).exists()


def test_booking_then_the_confirmation_page(client, event):
    response = book_through_pages(client, event, answers(phone="07700 900461",
                                                         access_needs_other="A carer's seat"))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}booking/{booking.token}/"
    assert (booking.status, booking.companions, booking.access_needs) == ("confirmed", 1, ["bsl"])
    assert (booking.name, booking.email, booking.phone, booking.role) == (
        "Sam Carer", "sam.carer@example.org", "07700900461", "carer")
    assert booking.access_needs_other == "A carer's seat" and booking.channel == "online"
    consent = ConsentRecord.objects.get(email="sam.carer@example.org", purpose="events")
    assert consent.wording_version == current_wording("events").version and consent.source == event.url
    told = OutgoingEmail.objects.get(to=event.organiser_address)  # the shared mailbox: only that there is something
    assert "has access needs to arrange" in told.body_text
    assert "British Sign Language" not in told.body_text and "A carer's seat" not in told.body_text
    confirmation = OutgoingEmail.objects.get(to="sam.carer@example.org")  # says what they asked for too
    assert "British Sign Language" in confirmation.body_text and "A carer's seat" in confirmation.body_text
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "You have 2 places" in html
    assert "you and 1 other person" in html
    assert "A British Sign Language (BSL) interpreter" in html
    assert SECRET_LINK not in html
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
    # The answers went with the booking: starting again shows empty questions.
    assert "Sam Carer" not in client.get(book_url(event)).content.decode()


def test_double_submit_makes_one_booking(client, event):
    first = book_through_pages(client, event, answers())
    second = client.post(check_url(event), {"expected": "place"})
    assert first.status_code == 302 and first["Location"] == second["Location"]
    assert Booking.objects.count() == 1
    assert OutgoingEmail.objects.filter(to="sam.carer@example.org").count() == 1


def test_booking_again_with_the_same_email_reveals_nothing(client, event):
    book(event, email="sam.carer@example.org", name="The Real Sam")
    response = book_through_pages(client, event, answers(name="Someone Else"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have already booked" in html
    assert "The Real Sam" not in html and Booking.objects.get().token not in html
    assert Booking.objects.count() == 1
    resent = OutgoingEmail.objects.filter(to="sam.carer@example.org", dedupe_key__startswith="event-booking-resend")
    assert resent.count() == 1
    book_through_pages(client, event, answers(name="Someone Else"))
    assert resent.count() == 1  # at most once an hour


def test_a_full_event_offers_the_waiting_list(client, events_index):
    event = make_event(events_index, capacity=1)
    book(event)
    first = client.get(book_url(event)).content.decode()
    assert "Join the waiting list" in first and "This event is fully booked" in first
    check = answer_every_question(client, event, answers(companions="0")).content.decode()
    assert "so you will join the waiting list" in check and "Book my place" not in check
    response = client.post(check_url(event), {"expected": "waiting"}, follow=True)
    html = response.content.decode()
    assert "You are on the waiting list" in html and "while you were checking" not in html
    assert Booking.objects.get(email="sam.carer@example.org").status == "waiting"


def test_a_party_bigger_than_the_places_left_is_told_it_will_wait(client, events_index):
    event = make_event(events_index, capacity=2)
    book(event)
    check = answer_every_question(client, event, answers(companions="1")).content.decode()
    assert "There is only 1 place left, and you need 2, so you will join the waiting list" in check


def test_the_event_filling_up_while_checking_gives_the_waiting_list_with_a_message(client, events_index):
    event = make_event(events_index, capacity=2)
    check = answer_every_question(client, event, answers(companions="1")).content.decode()
    assert "so you will have 2 places" in check
    book(event)  # someone else takes a place meanwhile
    response = client.post(check_url(event), {"expected": "place"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The last places went while you were checking your answers" in html
    assert "You are on the waiting list" in html and "There is a problem" not in html
    assert Booking.objects.get(email="sam.carer@example.org").status == "waiting"


def test_booking_closed_shows_why_and_refuses_a_post(client, events_index):
    event = make_event(events_index, booking_closes_at=timezone.now() - datetime.timedelta(hours=1))
    html = client.get(book_url(event)).content.decode()
    assert "Booking for this event has closed." in html
    assert 'name="email"' not in html
    response = client.post(book_url(event), answers())
    assert "Booking for this event has closed." in response.content.decode()
    assert client.get(step_url(event, "agree")).content.decode().count('name="consent"') == 0
    assert not Booking.objects.exists()


@pytest.mark.parametrize("change", [{"is_cancelled": True}, {"booking_closes_at": "past"}])
def test_an_event_cancelled_or_closed_while_booking_refuses_and_keeps_nothing(client, events_index, change):
    event = make_event(events_index)
    answer_every_question(client, event, answers())
    if change.get("booking_closes_at"):
        change = {"booking_closes_at": timezone.now() - datetime.timedelta(minutes=1)}
    EventPage.objects.filter(pk=event.pk).update(**change)
    event.refresh_from_db()
    response = client.post(check_url(event), {"expected": "place"})
    html = response.content.decode()
    assert response.status_code == 200 and "You cannot book this event" in html
    assert not Booking.objects.exists() and not ConsentRecord.objects.exists()
    assert f"event_booking_{event.pk}" not in client.session


def test_a_booking_left_unfinished_keeps_nothing_once_the_browser_closes(client, event):
    answer_every_question(client, event, answers(phone="07700900461"))
    assert client.session.get_expire_at_browser_close()  # the answers go with the browser session
    assert not Booking.objects.exists() and not ConsentRecord.objects.exists()
    assert not OutgoingEmail.objects.exists()
    client.cookies.clear()  # the browser is closed
    html = client.get(book_url(event)).content.decode()
    assert "Sam Carer" not in html and "sam.carer@example.org" not in html
    assert client.get(check_url(event))["Location"] == book_url(event)


def test_answers_for_one_event_are_not_used_for_another(client, events_index):
    event, other = make_event(events_index), make_event(events_index)
    answer_every_question(client, event, answers())
    assert "Sam Carer" not in client.get(book_url(other)).content.decode()
    assert client.get(check_url(other))["Location"] == book_url(other)


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
    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(minutes=5))
    html = client.get(f"{event.url}booking/{booking.token}/cancel/").content.decode()
    assert "Yes, cancel my booking" not in html
    client.post(f"{event.url}booking/{booking.token}/cancel/")
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
