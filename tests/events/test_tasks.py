"""Reminders: sent by the periodic task, once per booking and reminder, never when cancelled."""
import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from base.scheduling import enqueue_due_tasks
from events import services
from events.models import Booking, EventPage
from mailer.models import OutgoingEmail

from .conftest import book, make_event

pytestmark = pytest.mark.django_db


def reminders(booking=None):
    emails = OutgoingEmail.objects.filter(dedupe_key__startswith="event-reminder:")
    if booking is not None:
        emails = emails.filter(dedupe_key__startswith=f"event-reminder:{booking.pk}:")
    return sorted(emails.values_list("dedupe_key", flat=True))


@pytest.fixture
def soon(events_index):
    """An event starting in three days, with bookings made now."""
    return make_event(events_index, start=timezone.now() + datetime.timedelta(days=3), capacity=2)


def at(event, **before):
    """The moment `before` (e.g. hours=1) ahead of the event's start, plus a minute."""
    return event.start - datetime.timedelta(**before) + datetime.timedelta(minutes=1)


def test_day_before_and_hour_before_each_sent_once(soon):
    booking = book(soon, email="sam@example.org").booking
    assert services.send_due_reminders(now=at(soon, days=2)) == 0
    assert services.send_due_reminders(now=at(soon, days=1)) == 1
    assert services.send_due_reminders(now=at(soon, days=1) + datetime.timedelta(minutes=5)) == 0
    assert services.send_due_reminders(now=at(soon, hours=1)) == 1
    assert services.send_due_reminders(now=at(soon, minutes=30)) == 0
    assert reminders(booking) == [f"event-reminder:{booking.pk}:1440", f"event-reminder:{booking.pk}:60"]
    email = OutgoingEmail.objects.get(dedupe_key=f"event-reminder:{booking.pk}:60")
    assert email.subject.startswith(f"Reminder: {soon.title}")
    assert "secret-room-123" in email.body_text  # online, with a place
    assert email.attachments[0]["mimetype"] == "text/calendar"


def test_two_schedulers_still_send_once(soon):
    booking = book(soon).booking
    services.send_due_reminders(now=at(soon, days=1))
    services.send_due_reminders(now=at(soon, days=1))
    assert reminders(booking) == [f"event-reminder:{booking.pk}:1440"]
    # Even if one had missed the outbox check, the unique dedupe key keeps one message.
    from mailer.services import queue_email

    queue_email(booking.email, "events/email/reminder", services.email_context(booking),
                dedupe_key=f"event-reminder:{booking.pk}:1440")
    assert OutgoingEmail.objects.filter(dedupe_key=f"event-reminder:{booking.pk}:1440").count() == 1


def test_never_to_cancelled_bookings_or_the_waiting_list(soon):
    kept = book(soon).booking
    cancelled = book(soon).booking
    waiting = book(soon).booking
    services.cancel_booking(cancelled)  # the waiting person gets the place
    left = book(soon).booking  # now waiting
    services.send_due_reminders(now=at(soon, days=1))
    assert reminders(kept) and reminders(waiting)
    assert not reminders(cancelled) and not reminders(left)
    assert Booking.objects.get(pk=left.pk).status == "waiting"


def test_no_reminders_for_a_cancelled_event(soon):
    book(soon)
    page = EventPage.objects.get(pk=soon.pk)
    page.is_cancelled = True
    page.save_revision().publish()
    assert services.send_due_reminders(now=at(soon, days=1)) == 0


def test_a_late_booking_gets_only_the_reminders_still_ahead(soon):
    booking = book(soon).booking
    Booking.objects.filter(pk=booking.pk).update(confirmed_at=at(soon, hours=5))
    assert services.send_due_reminders(now=at(soon, hours=5)) == 0  # booked after the day-before time
    assert services.send_due_reminders(now=at(soon, hours=1)) == 1
    assert reminders(booking) == [f"event-reminder:{booking.pk}:60"]


def test_a_missed_reminder_is_skipped_when_a_later_one_is_due(soon):
    booking = book(soon).booking
    services.send_due_reminders(now=at(soon, minutes=59))  # the worker was down for a day
    assert reminders(booking) == [f"event-reminder:{booking.pk}:60"]


def test_reminders_are_configurable_per_event(events_index):
    event = make_event(events_index, start=timezone.now() + datetime.timedelta(days=10),
                       reminder_offsets=[7 * 24 * 60])
    booking = book(event).booking
    services.send_due_reminders(now=at(event, days=7))
    services.send_due_reminders(now=at(event, days=1))
    services.send_due_reminders(now=at(event, hours=1))
    assert reminders(booking) == [f"event-reminder:{booking.pk}:10080"]


def test_the_reminder_task_runs_every_minute(soon, mailoutbox, django_capture_on_commit_callbacks):
    assert settings.PERIODIC_TASKS["events.tasks.send_due_reminders"] == 60
    booking = book(soon, email="sam@example.org").booking
    Booking.objects.filter(pk=booking.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=2))
    EventPage.objects.filter(pk=soon.pk).update(start=timezone.now() + datetime.timedelta(minutes=30),
                                                end=timezone.now() + datetime.timedelta(minutes=90))
    with django_capture_on_commit_callbacks(execute=True):
        assert "events.tasks.send_due_reminders" in enqueue_due_tasks()
    assert [m.subject for m in mailoutbox if m.subject.startswith("Reminder:")]
