"""The booking rules in events.services, tested directly."""
import base64
import datetime
import uuid

import icalendar
import pytest
from django.conf import settings
from django.utils import timezone

from events import services
from events.models import Booking, EventCapacity, EventPage
from mailer.models import OutgoingEmail
from privacy import registry
from privacy.models import ConsentRecord
from tests.factories import make_page

from .conftest import book, make_event

pytestmark = pytest.mark.django_db


def emails_to(address):
    return list(OutgoingEmail.objects.filter(to=address).order_by("pk"))


def statuses(*results):
    return [Booking.objects.get(pk=result.booking.pk).status for result in results]


def republish(event, **changes):
    page = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


# Capacity ----------------------------------------------------------------------------------


def test_publishing_creates_the_capacity_row(event):
    row = EventCapacity.objects.get(event=event)
    assert row.capacity == 10
    assert row.published_values["start"] == event.start.isoformat()


def test_capacity_counts_companions(events_index):
    event = make_event(events_index, capacity=3, max_companions=2)
    pair = book(event, companions=1)
    another_pair = book(event, companions=1)
    single = book(event)
    assert statuses(pair, another_pair, single) == ["confirmed", "waiting", "confirmed"]
    assert services.places_taken(event.pk) == 3
    assert services.availability(event).is_full


def test_a_party_is_never_split(events_index):
    event = make_event(events_index, capacity=2, max_companions=2)
    book(event)
    trio = book(event, companions=2)
    assert trio.booking.status == Booking.Status.WAITING
    assert trio.booking.places == 3


def test_no_more_companions_than_the_event_allows(event):
    with pytest.raises(services.TooManyCompanions):
        book(event, companions=2)
    assert not Booking.objects.exists()


def test_sequential_bookings_never_oversell(events_index):
    event = make_event(events_index, capacity=5)
    results = [book(event) for _ in range(8)]
    assert [r.booking.status for r in results].count("confirmed") == 5
    assert [r.booking.status for r in results].count("waiting") == 3
    assert services.places_taken(event.pk) == 5


def test_booking_records_consent_with_the_wording(event):
    result = book(event, email="Sam.Carer@Example.org")
    consent = ConsentRecord.objects.get()
    assert (consent.email, consent.purpose, consent.wording_version) == ("sam.carer@example.org", "events", 1)
    assert "booking details" in consent.wording_text
    assert result.booking.email == "sam.carer@example.org"


# Idempotency ---------------------------------------------------------------------------------


def test_the_same_email_gets_the_existing_booking_back(event):
    first = book(event, email="sam@example.org", companions=1)
    second = book(event, email="SAM@example.org ", companions=0)
    assert first.outcome == "created" and second.outcome == "already_booked"
    assert second.booking.pk == first.booking.pk
    assert Booking.objects.count() == 1
    assert Booking.objects.get().companions == 1


def test_a_double_submit_makes_one_booking(event):
    token = uuid.uuid4()
    first = book(event, email="sam@example.org", submission_token=token)
    second = book(event, email="sam@example.org", submission_token=token)
    assert (first.outcome, second.outcome) == ("created", "same_submission")
    assert Booking.objects.count() == 1
    assert len(emails_to("sam@example.org")) == 1


def test_after_cancelling_the_same_email_can_book_again(event):
    first = book(event, email="sam@example.org")
    services.cancel_booking(first.booking)
    again = book(event, email="sam@example.org")
    assert again.created and again.booking.pk != first.booking.pk


def test_the_database_allows_one_active_booking_per_email(event):
    from django.db import IntegrityError, transaction

    book(event, email="sam@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(event=event, status="waiting", name="Sam", email="sam@example.org")
    # Bookings without an e-mail (taken by phone) are not limited.
    Booking.objects.create(event=event, status="confirmed", name="By phone 1")
    Booking.objects.create(event=event, status="confirmed", name="By phone 2")


# When booking is open --------------------------------------------------------------------------


@pytest.mark.parametrize("fields, state", [
    ({"booking_opens_at": timezone.now() + datetime.timedelta(days=1)}, "not_open"),
    ({"booking_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
    ({"is_cancelled": True}, "cancelled"),
    ({"start": timezone.now() - datetime.timedelta(minutes=10)}, "started"),
    ({"start": timezone.now() - datetime.timedelta(days=2)}, "past"),
])
def test_booking_only_while_open(events_index, fields, state):
    event = make_event(events_index, **fields)
    assert services.booking_state(event) == state
    with pytest.raises(services.BookingClosed):
        book(event)


def test_organisers_can_add_a_booking_after_booking_closes(events_index):
    event = make_event(events_index, booking_closes_at=timezone.now() - datetime.timedelta(hours=1))
    result = services.register_for_event(event, {"name": "By phone", "email": "", "companions": 0},
                                         channel=Booking.Channel.PHONE, staff=True)
    assert result.booking.status == Booking.Status.CONFIRMED
    assert result.booking.channel == Booking.Channel.PHONE
    assert not OutgoingEmail.objects.exists()  # no address, no e-mail


# The waiting list ---------------------------------------------------------------------------------


def test_cancelling_promotes_the_first_party_that_fits(events_index):
    event = make_event(events_index, capacity=2)
    a, b = book(event), book(event)
    pair = book(event, companions=1, email="pair@example.org")
    w2 = book(event, email="w2@example.org")
    w3 = book(event, email="w3@example.org")
    assert statuses(a, b, pair, w2, w3) == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]

    services.cancel_booking(a.booking)  # one place: the pair does not fit yet, w2 does
    assert statuses(pair, w2, w3) == ["waiting", "confirmed", "waiting"]
    services.cancel_booking(b.booking)
    assert statuses(pair, w2, w3) == ["waiting", "confirmed", "confirmed"]
    services.cancel_booking(w2.booking)  # one place again: still not enough for the pair
    assert statuses(pair) == ["waiting"]
    services.cancel_booking(w3.booking)  # two places: the pair, still first in the queue, is booked
    assert statuses(pair) == ["confirmed"]
    assert services.places_taken(event.pk) == 2
    promoted = emails_to("pair@example.org")[-1]
    assert promoted.subject.startswith("A place has come up for you")
    assert promoted.attachments[0]["mimetype"] == "text/calendar"


def test_several_places_freeing_at_once_are_shared_in_order(events_index):
    event = make_event(events_index, capacity=4)
    big = book(event, companions=1)
    book(event, companions=1)
    waiting = [book(event, email=f"w{n}@example.org", companions=c) for n, c in enumerate([1, 1, 0, 0, 1])]
    assert all(Booking.objects.get(pk=w.booking.pk).status == "waiting" for w in waiting)

    services.cancel_booking(big.booking)  # two places at once: the first pair takes both
    assert statuses(*waiting) == ["confirmed", "waiting", "waiting", "waiting", "waiting"]


def test_raising_the_capacity_promotes_in_order_and_skips_parties_that_do_not_fit(events_index):
    event = make_event(events_index, capacity=2)
    book(event, companions=1)
    w = [book(event, email=f"w{n}@example.org", companions=c) for n, c in enumerate([1, 0, 1, 0, 0])]
    event = republish(event, capacity=6)  # four more places
    # w0 (2) fits: 2 left; w1 (1): 1 left; w2 (2) is skipped; w3 (1): none left; w4 waits.
    assert statuses(*w) == ["confirmed", "confirmed", "waiting", "confirmed", "waiting"]
    assert EventCapacity.objects.get(event=event).capacity == 6
    assert services.places_taken(event.pk) == 6


def test_nobody_is_promoted_twice(events_index):
    event = make_event(events_index, capacity=1)
    first = book(event)
    waiting = book(event, email="w@example.org")
    services.cancel_booking(first.booking)
    services.cancel_booking(first.booking)  # cancelling again changes nothing
    republish(event, capacity=1)
    assert statuses(waiting) == ["confirmed"]
    assert [e.subject for e in emails_to("w@example.org")].count(
        f"A place has come up for you: {event.title}") == 1


def test_lowering_the_capacity_cancels_nobody(events_index):
    event = make_event(events_index, capacity=3)
    results = [book(event) for _ in range(3)]
    republish(event, capacity=1)
    assert statuses(*results) == ["confirmed"] * 3
    assert services.availability(EventPage.objects.get(pk=event.pk)).places_left == 0


def test_leaving_the_waiting_list(events_index):
    event = make_event(events_index, capacity=1)
    confirmed = book(event)
    waiting = book(event, email="w@example.org")
    services.leave_waiting_list(waiting.booking)
    assert statuses(waiting) == ["left_waiting_list"]
    assert emails_to("w@example.org")[-1].subject.startswith("You have left the waiting list")
    with pytest.raises(services.BookingNotActive):
        services.leave_waiting_list(confirmed.booking)


def test_organiser_promotes_someone_who_fits(events_index):
    event = make_event(events_index, capacity=2)
    book(event, companions=1)
    pair = book(event, companions=1)
    single = book(event)
    with pytest.raises(services.NotEnoughPlaces):
        services.promote_booking(single.booking)
    EventCapacity.objects.filter(event=event).update(capacity=3)  # one more place, not yet handed out
    with pytest.raises(services.NotEnoughPlaces):
        services.promote_booking(pair.booking)
    services.promote_booking(single.booking)  # out of turn, because the organiser chose to
    assert statuses(pair, single) == ["waiting", "confirmed"]


def test_cannot_cancel_once_the_event_has_started(events_index):
    event = make_event(events_index)
    result = book(event)
    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(services.BookingClosed):
        services.cancel_booking(Booking.objects.get(pk=result.booking.pk))


# E-mails ---------------------------------------------------------------------------------------


def test_confirmation_has_the_calendar_file_and_the_joining_link(event):
    result = book(event, email="sam@example.org", companions=1)
    email = emails_to("sam@example.org")[0]
    assert email.subject == f"You are booked: {event.title}"
    assert "https://meet.example.org/secret-room-123" in email.body_text
    assert f"/booking/{result.booking.token}/" in email.body_text
    assert "you and 1 other person" in email.body_text
    attachment = email.attachments[0]
    assert attachment["filename"].endswith(".ics")
    calendar = icalendar.Calendar.from_ical(base64.b64decode(attachment["content"]))
    item = calendar.walk("VEVENT")[0]
    assert item.decoded("dtstart") == event.start.replace(microsecond=0)
    assert "secret-room-123" in str(item["description"])


def test_waiting_list_email_has_no_joining_link(events_index):
    event = make_event(events_index, capacity=1)
    book(event)
    book(event, email="w@example.org")
    email = emails_to("w@example.org")[0]
    assert email.subject.startswith("You are on the waiting list")
    assert "secret-room-123" not in email.body_text + email.body_html
    assert not email.attachments


def test_public_calendar_file_never_has_the_joining_link(event):
    from events.calendar import event_calendar

    content = event_calendar(event).decode()
    assert "secret-room-123" not in content
    assert "LOCATION:Online" in content


def test_emails_are_sent_after_commit(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(event, email="sam@example.org")
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]
    assert mailoutbox[0].attachments[0][2] == "text/calendar"


# Access needs -------------------------------------------------------------------------------------


def test_access_needs_go_to_the_organiser_and_what_was_arranged_to_the_attendee(event):
    result = book(event, email="sam@example.org", name="Sam Carer", access_needs=["bsl"],
                  access_needs_other="A carer's seat for my dementia")
    to_organiser = emails_to(settings.CONTACT_EMAIL)[0]
    # The shared mailbox is told there is something to arrange and where to see it, nothing more.
    for sent in (to_organiser.subject, to_organiser.body_text, to_organiser.body_html):
        assert "Sam" not in sent and "dementia" not in sent and "Sign Language" not in sent
    assert f"A booking for {event.title}" in to_organiser.body_text
    assert "has access needs to arrange" in to_organiser.body_text
    assert f"http://testserver/admin/event-bookings/booking/{result.booking.pk}/" in to_organiser.body_text.replace(
        settings.SITE_URL, "http://testserver")
    services.record_access_arrangements(result.booking, "A BSL interpreter will be there.")
    told = emails_to("sam@example.org")[-1]
    assert told.subject.startswith("Your access needs")
    assert "A BSL interpreter will be there." in told.body_text
    counts, others = services.access_needs_summary(event)
    assert counts == [("A British Sign Language (BSL) interpreter", 1)]
    assert services.access_needs_summary(event, Booking.Status.WAITING) == ([], [])
    assert [b.pk for b in others] == [result.booking.pk]


def test_the_organisers_mailbox_gets_no_access_needs_of_someone_on_the_waiting_list(events_index):
    event = make_event(events_index, capacity=1)
    book(event, email="booked@example.org")
    book(event, email="waiting@example.org", name="Wendy Waiting", access_needs_other="I use oxygen")
    to_organiser = emails_to(settings.CONTACT_EMAIL)[-1]
    assert "A place on the waiting list for" in to_organiser.body_text
    assert "Wendy" not in to_organiser.body_text and "oxygen" not in to_organiser.body_text
    assert "Wendy" not in to_organiser.body_html and "oxygen" not in to_organiser.body_html


def test_access_needs_go_to_the_events_own_organiser_address(events_index):
    event = make_event(events_index, organiser_email="events@healthwatchwalsall.co.uk")
    book(event, access_needs=["hearing_loop"])
    assert emails_to("events@healthwatchwalsall.co.uk")
    assert not emails_to(settings.CONTACT_EMAIL)


# Changes of time or place ---------------------------------------------------------------------------


def test_a_new_time_is_sent_to_everyone_booked_or_waiting_once(events_index):
    event = make_event(events_index, capacity=1)
    book(event, email="booked@example.org")
    book(event, email="waiting@example.org")
    book(event, email="gone@example.org")
    services.cancel_booking(Booking.objects.get(email="gone@example.org"))
    before = {address: len(emails_to(address)) for address in ("booked@example.org", "waiting@example.org",
                                                                "gone@example.org")}
    new_start = event.start + datetime.timedelta(days=1)
    event = republish(event, start=new_start, end=new_start + datetime.timedelta(hours=2))
    booked, waiting = emails_to("booked@example.org")[-1], emails_to("waiting@example.org")[-1]
    assert booked.subject == waiting.subject == f"Change to {event.title}"
    assert "The time has changed (it was" in booked.body_text
    assert booked.attachments and not waiting.attachments
    assert "secret-room-123" in booked.body_text and "secret-room-123" not in waiting.body_text
    assert len(emails_to("gone@example.org")) == before["gone@example.org"]

    republish(event, summary="A new summary")  # nothing attendees need to hear about
    assert len(emails_to("booked@example.org")) == before["booked@example.org"] + 1


def test_a_new_venue_is_a_change_of_place(events_index):
    event = make_event(events_index, format="in_person", venue_name="Blakenall Village Centre",
                       venue_address="Thames Road\nWalsall", joining_link="")
    book(event, email="sam@example.org")
    republish(event, venue_name="Walsall Council House")
    email = emails_to("sam@example.org")[-1]
    assert email.subject.startswith("Change to")
    assert "Walsall Council House" in email.body_text


def test_cancelling_the_event_tells_everyone(events_index):
    event = make_event(events_index, capacity=1)
    book(event, email="booked@example.org")
    book(event, email="waiting@example.org")
    republish(event, is_cancelled=True)
    for address in ("booked@example.org", "waiting@example.org"):
        assert emails_to(address)[-1].subject == f"Cancelled: {event.title}"


def test_a_new_joining_link_goes_only_to_people_with_a_place(events_index):
    event = make_event(events_index, capacity=1)
    book(event, email="booked@example.org")
    book(event, email="waiting@example.org")
    republish(event, joining_link="https://meet.example.org/new-room")
    assert "new-room" in emails_to("booked@example.org")[-1].body_text
    assert emails_to("waiting@example.org")[-1].subject.startswith("You are on the waiting list")


# Organisers ------------------------------------------------------------------------------------------


def test_attendance_and_messages(events_index):
    event = make_event(events_index, capacity=2)
    came, missed = book(event, email="came@example.org"), book(event, email="missed@example.org")
    book(event, email="waiting@example.org")
    with pytest.raises(services.BookingClosed):  # not before the event starts
        services.record_attendance(event, [str(came.booking.pk)])
    assert services.record_attendance(event, [str(came.booking.pk)], now=event.start) == 1
    assert Booking.objects.get(pk=missed.booking.pk).attended is False
    token = uuid.uuid4()
    assert services.message_attendees(event, "Parking", "Park at the back.", submission_token=token) == 2
    assert services.message_attendees(event, "Parking", "Park at the back.", submission_token=token) == 2
    assert OutgoingEmail.objects.filter(subject="Parking").count() == 2
    services.message_attendees(event, "Slides", "Here they are.", include_waiting=True)
    assert OutgoingEmail.objects.filter(subject="Slides").count() == 3
    counts = services.event_counts(event)
    assert counts["confirmed_places"] == 2 and counts["waiting_bookings"] == 1 and counts["attended"] == 1


# Personal data -------------------------------------------------------------------------------------


def test_bookings_are_anonymised_after_the_retention_period_keeping_counts(events_index, settings):
    settings.EVENTS_RETENTION_DAYS = 90
    old = make_event(events_index, start=timezone.now() - datetime.timedelta(days=100))
    recent = make_event(events_index, start=timezone.now() - datetime.timedelta(days=10))
    for event in (old, recent):
        for n in range(3):
            Booking.objects.create(event=event, status="confirmed", name=f"Person {n}", email=f"p{n}@example.org",
                                   phone="01632 960001", companions=n % 2, access_needs=["bsl"],
                                   access_needs_other="Help", attended=n != 1)
    results = registry.apply_retention_rules()
    assert results["events.booking"] == 3
    anonymised = Booking.objects.filter(event=old)
    assert anonymised.count() == 3
    assert set(anonymised.values_list("name", "email", "phone", "access_needs_other")) == {("", "", "", "")}
    assert all(b.anonymised_at and b.access_needs == [] for b in anonymised)
    assert services.event_counts(old)["confirmed_places"] == 4
    assert services.event_counts(old)["attended"] == 2
    assert Booking.objects.filter(event=recent, anonymised_at__isnull=True).count() == 3
    assert registry.apply_retention_rules()["events.booking"] == 0


def test_privacy_export_and_erase(events_index):
    upcoming = make_event(events_index, capacity=1)
    past = make_event(events_index, start=timezone.now() - datetime.timedelta(days=5))
    mine = book(upcoming, email="sam@example.org", access_needs=["bsl"])
    Booking.objects.create(event=past, status="confirmed", name="Sam", email="sam@example.org")
    waiting = book(upcoming, email="next@example.org")

    exported = registry.export_all("SAM@example.org")["events.booking"]
    assert len(exported) == 2
    assert exported[0]["access_needs"] == ["A British Sign Language (BSL) interpreter"]
    assert upcoming.title in exported[0]["event"]

    counts = registry.erase_all("sam@example.org")
    assert counts["events.booking"] == 2
    assert not Booking.objects.filter(email="sam@example.org").exists()
    assert Booking.objects.get(pk=mine.booking.pk).status == "cancelled"  # and the place went on
    assert statuses(waiting) == ["confirmed"]
    assert "events.booking" not in registry.export_all("sam@example.org")


def test_the_booking_source_is_registered():
    source = registry.get_source("events.booking")
    assert source.special_category
    assert "90 days" in source.retention_description


def test_demo_page_without_capacity_row_still_books(events_index):
    event = make_page(events_index, EventPage, title="Old", slug="old", who_for="Everyone", format="online",
                      start=timezone.now() + datetime.timedelta(days=3),
                      end=timezone.now() + datetime.timedelta(days=3, hours=1), capacity=2)
    EventCapacity.objects.filter(event=event).delete()
    assert book(event).booking.status == "confirmed"
    assert EventCapacity.objects.get(event=event).capacity == 2


# Concurrency ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_oversell(racing, home_page):
    """Many people book at the same moment, in threads with their own database connections: the
    lock on the event's capacity row (on SQLite, the IMMEDIATE transaction) lets exactly the
    capacity through and puts everyone else on the waiting list, with no errors. Then everyone
    with a place cancels at once: the waiting list fills the places, nobody twice."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    from events.models import EventIndexPage

    index = make_page(home_page, EventIndexPage, title="Events", slug="events")
    event = make_event(index, capacity=7, max_companions=1)
    people = 24

    def in_threads(function, items):
        barrier = Barrier(len(items))

        def run(item):
            try:
                barrier.wait()
                return function(item)
            finally:
                connection.close()

        with racing(), ThreadPoolExecutor(max_workers=len(items)) as pool:
            return list(pool.map(run, items))

    outcomes = in_threads(
        lambda n: book(event, email=f"racer{n}@example.org", companions=n % 2).booking.status, list(range(people)))
    assert len(outcomes) == people
    assert Booking.objects.filter(event=event).count() == people
    taken = services.places_taken(event.pk)
    # Never more than the capacity; at most one place left over (a pair waits for two).
    assert 6 <= taken <= 7
    assert outcomes.count("waiting") == Booking.objects.filter(event=event, status="waiting").count()
    waiting_before = list(Booking.objects.filter(event=event, status="waiting").order_by("waiting_since", "pk"))

    confirmed = list(Booking.objects.select_related("event").filter(event=event, status="confirmed"))
    in_threads(services.cancel_booking, confirmed)
    assert 6 <= services.places_taken(event.pk) <= 7
    promoted = list(Booking.objects.filter(event=event, status="confirmed"))
    assert promoted and not {b.pk for b in promoted} & {b.pk for b in confirmed}
    assert {b.pk for b in promoted} <= {b.pk for b in waiting_before}
    subjects = list(OutgoingEmail.objects.filter(subject__startswith="A place has come up")
                    .values_list("to", flat=True))
    assert sorted(subjects) == sorted(b.email for b in promoted)  # each told once
