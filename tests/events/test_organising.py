"""Organisers are offered only actions that will work, confirm destructive ones knowing who
will be told, cancel an event without an approver, preview messages and see what was sent."""
import csv
import io
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from base.models import ContactPage
from events import services
from events.models import Booking, EventCapacity, EventMessage, EventPage
from mailer.models import OutgoingEmail
from tests.factories import make_page

from .conftest import book, make_event

pytestmark = pytest.mark.django_db

ORGANISERS = "events@healthwatchwalsall.example"


def url(name, *args):
    return reverse(f"event-bookings:{name}", args=args)


@pytest.fixture
def full_event(events_index):
    """Two places: Sam (with a companion and a BSL interpreter arranged) has both; Alex (who
    asked for a quiet space) and Pat (no e-mail address) wait."""
    event = make_event(events_index, title="Carers' workshop", capacity=2, organiser_email=ORGANISERS)
    sam = book(event, email="sam@example.org", name="Sam Carer", companions=1, access_needs=["bsl"]).booking
    services.record_access_arrangements(sam, "A BSL interpreter is booked.", notify=False)
    alex = book(event, email="alex@example.org", name="Alex Resident", access_needs=["quiet_space"]).booking
    pat = services.register_for_event(event, {"name": "Pat Phone", "phone": "07700900461", "companions": 0},
                                      channel=Booking.Channel.PHONE, staff=True).booking
    return event, sam, alex, pat


def test_give_a_place_is_offered_only_when_the_party_fits(organiser_client, full_event):
    event, sam, alex, _ = full_event
    html = organiser_client.get(url("event", event.pk)).content.decode()
    assert "Give a place" not in html
    assert "Give them a place" not in organiser_client.get(url("booking", alex.pk)).content.decode()
    EventCapacity.objects.filter(event_id=event.pk).update(capacity=3)  # one place free, not yet offered
    html = organiser_client.get(url("event", event.pk)).content.decode()
    assert "Give a place<span class=\"w-sr-only\"> to Alex Resident" in html


def test_no_add_a_booking_on_a_cancelled_event(organiser_client, events_index):
    event = make_event(events_index, is_cancelled=True)
    assert "Add a booking" not in organiser_client.get(url("event", event.pk)).content.decode()
    response = organiser_client.get(url("add", event.pk), follow=True)
    assert "This event has been cancelled." in response.content.decode()
    organiser_client.post(url("add", event.pk), {"name": "Pat", "channel": "phone", "companions": "0",
                                                 "consent_given": "on"})
    assert not Booking.objects.filter(event=event).exists()


def test_access_needs_summary_separates_people_with_a_place_from_those_waiting(organiser_client, full_event):
    event, *_ = full_event
    html = organiser_client.get(url("event", event.pk)).content.decode()
    booked, waiting = html.split("People on the waiting list", 1)
    booked = booked.split("People with a place", 1)[1]
    assert "A British Sign Language (BSL) interpreter: 1 person" in booked and "quiet space" not in booked
    assert "A quiet space: 1 person" in waiting.split("Booked (", 1)[0]


def test_cancelling_a_booking_asks_first_and_says_who_is_told(organiser_client, full_event):
    event, sam, alex, pat = full_event
    confirm = organiser_client.get(url("cancel", pat.pk)).content.decode()
    assert "no e-mail address: please tell them by phone, on 07700 900461" in confirm
    assert Booking.objects.get(pk=pat.pk).status == "waiting"
    html = organiser_client.get(url("event", event.pk)).content.decode()
    assert f'href="{url("cancel", sam.pk)}"' in html and 'aria-label="Cancel booking: Sam Carer"' in html


def test_comms_staff_cancel_an_event_with_a_message_without_an_approver(organiser_client, organiser, full_event):
    event, sam, alex, pat = full_event
    assert not organiser.has_perm("wagtailcore.publish_page")  # Comms team, not an approver
    confirm = organiser_client.get(url("cancel_event", event.pk)).content.decode()
    assert "2 people who booked or are waiting, by e-mail" in confirm
    assert ORGANISERS in confirm and "Pat Phone: 07700 900461" in confirm
    assert not EventPage.objects.get(pk=event.pk).is_cancelled

    refused = organiser_client.post(url("cancel_event", event.pk), {"message": ""}).content.decode()
    assert "Write a message to the people who booked" in refused
    OutgoingEmail.objects.all().delete()

    response = organiser_client.post(url("cancel_event", event.pk),
                                     {"message": "Our speaker is ill. We will hold it again in May."}, follow=True)
    assert "Cancelled Carers&#x27; workshop. We e-mailed 2 people" in response.content.decode()
    live = EventPage.objects.get(pk=event.pk)
    assert live.is_cancelled and live.live and not live.has_unpublished_changes
    for address in ("sam@example.org", "alex@example.org"):
        [told] = OutgoingEmail.objects.filter(to=address)  # once, though publishing also tells people
        assert told.subject == "Cancelled: Carers' workshop"
        assert "Our speaker is ill. We will hold it again in May." in told.body_text
        assert told.reply_to == ORGANISERS
    [organisers] = OutgoingEmail.objects.filter(to=ORGANISERS)
    assert "A BSL interpreter is booked." in organisers.body_text  # to cancel the interpreter
    assert "Pat Phone: 07700 900461" in organisers.body_text
    record = EventMessage.objects.get(event=event)
    assert (record.kind, record.recipient_count, record.sent_by) == ("cancellation", 2, organiser)
    html = organiser_client.get(url("event", event.pk)).content.decode()
    assert "This event is cancelled." in html and "Cancel the event" not in html and "Add a booking" not in html
    assert "(event cancelled)" in html


def test_message_attendees_preview_then_send_keeps_a_record(organiser_client, organiser, full_event):
    event, sam, *_ = full_event
    data = {"subject": "Parking", "message": "Park at the back, by the lift.", "submission_token": str(uuid.uuid4())}
    preview = organiser_client.post(url("message", event.pk), {**data, "preview": "1"}).content.decode()
    assert "Check your message" in preview and "Dear [their name]" in preview
    assert "Park at the back, by the lift." in preview and "Send to 1 person" in preview
    assert not OutgoingEmail.objects.filter(subject="Parking").exists()
    back = organiser_client.post(url("message", event.pk), {**data, "edit": "1"}).content.decode()
    assert "Park at the back, by the lift.</textarea>" in back and "Check your message" not in back

    organiser_client.post(url("message", event.pk), {**data, "send": "1"})
    [sent] = OutgoingEmail.objects.filter(subject="Parking")
    assert sent.to == "sam@example.org" and sent.reply_to == ORGANISERS
    record = EventMessage.objects.get(event=event)
    assert (record.subject, record.sent_by, list(record.recipients.all())) == ("Parking", organiser, [sam])
    html = organiser_client.get(url("event", event.pk)).content.decode()
    assert "Messages sent (1)" in html and organiser.email in html and "Park at the back, by the lift." in html


def test_csv_keeps_phone_numbers_as_readable_text(organiser_client, full_event):
    event, *_ = full_event
    response = organiser_client.get(url("export", event.pk))
    rows = {row[0]: row for row in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))}
    assert rows["Pat Phone"][2] == "07700 900461"  # a space: spreadsheets keep it as text, leading zero too


def test_access_arranged_email_links_to_the_contact_page_and_replies_go_to_the_organisers(full_event, home_page):
    event, sam, *_ = full_event
    contact = make_page(home_page, ContactPage, title="Contact us", slug="contact")
    services.record_access_arrangements(sam, "A BSL interpreter will be there.")
    told = OutgoingEmail.objects.filter(to="sam@example.org", subject__startswith="Your access needs").get()
    assert f"{settings.SITE_URL}{contact.url}" in told.body_text and f'href="{settings.SITE_URL}{contact.url}"' in \
        told.body_html
    assert told.reply_to == ORGANISERS


def test_confirmation_says_what_was_asked_for_and_the_organiser_copy_only_that_there_is_something(events_index):
    event = make_event(events_index, title="Carers' workshop", organiser_email=ORGANISERS)
    book(event, email="sam@example.org", access_needs=["bsl", "step_free"], access_needs_other="A seat near the door")
    confirmation = OutgoingEmail.objects.get(to="sam@example.org")
    assert confirmation.subject == "You are booked: Carers' workshop"
    for text in (confirmation.body_text, confirmation.body_html):
        assert "You asked for" in text and "A British Sign Language (BSL) interpreter" in text
        assert "Step-free access" in text and "A seat near the door" in text
        assert "We have not arranged these yet" in text
    organiser = OutgoingEmail.objects.get(to=ORGANISERS)
    assert "has access needs to arrange" in organiser.body_text  # what they asked for is in the admin only
    assert "A seat near the door" not in organiser.body_text and "Step-free" not in organiser.body_text
