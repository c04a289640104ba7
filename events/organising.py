"""What organisers may do to an event now, and cancelling an event from the admin.

The admin only offers an action that will work: these functions say which, and the services
that do the work check the same rules again (a page may be stale). Cancelling an event here
does not need an approver: the people running an event must be able to call it off at once,
so the cancellation is published as its own revision (only `is_cancelled` changes; a draft
with other unpublished changes keeps them, cancelled too).
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from mailer.services import queue_email, render_email

from . import services
from .formatting import describe_when
from .models import Booking, EventMessage, EventPage

STAFF_BOOKABLE = ("open", "not_open", "closed")  # organisers may add bookings after booking closes


def can_add_booking(event, now=None):
    """An organiser may add a booking until the event starts, unless it is cancelled."""
    return services.booking_state(event, now) in STAFF_BOOKABLE


def can_promote(booking, availability):
    """Give a waiting party a place: only if all its places are free and the event is still to come."""
    return (booking.status == Booking.Status.WAITING and availability.state in STAFF_BOOKABLE
            and booking.places <= availability.places_left)


def can_cancel_booking(booking, now=None):
    """An active booking of an event still to come (a cancelled event's bookings need nothing more)."""
    return booking.is_active and not booking.event.is_cancelled and (now or timezone.now()) < booking.event.start


def can_cancel_event(event, now=None):
    """A published event that has not finished and is not already cancelled."""
    return event.live and not event.is_cancelled and (now or timezone.now()) < event.end


@dataclass
class Audience:
    """Who a message reaches: by e-mail, and the people without an address to phone instead."""

    by_email: list = field(default_factory=list)
    by_phone: list = field(default_factory=list)

    @classmethod
    def of(cls, bookings):
        bookings = list(bookings)
        return cls([b for b in bookings if b.email], [b for b in bookings if not b.email])


def audience(event, include_waiting=False):
    return Audience.of(services.message_recipients(event, include_waiting))


def preview_message(event, subject, message):
    """The e-mail attendees will get, as text, addressed to a placeholder person."""
    sample = Booking(event=event, name="[their name]", status=Booking.Status.CONFIRMED, token="[their-link]")
    context = {**services.email_context(sample), "subject": subject, "message": message}
    subject, text, _ = render_email("events/email/organiser_message", context)
    return subject, text


def cancel_event(event, message, actor, now=None):
    """Cancel an upcoming event and tell everyone booked or waiting, with the organiser's message.

    Attendees with an e-mail address are told (the cancellation e-mail, with `message`, and an
    updated calendar file for people with a place); the organisers' mailbox is told too, with
    what had been arranged for access needs (an interpreter or a venue to cancel) and who has no
    e-mail address and must be phoned. A record is kept on the event (EventMessage). The page is
    then published as cancelled: the e-mails use the same once-only keys as the e-mails that
    publishing sends (services.event_published), so nobody is told twice.
    """
    now = now or timezone.now()
    message = (message or "").strip()
    with transaction.atomic():
        row = services.lock_event(event)
        event = EventPage.objects.get(pk=event.pk)
        if not can_cancel_event(event, now):
            raise services.BookingClosed("This event cannot be cancelled: it is already cancelled or over.")
        sequence = row.published_values.get("sequence", 0) + 1
        bookings = list(Booking.objects.select_related("event").filter(event_id=event.pk,
                                                                      status__in=Booking.ACTIVE))
        told = Audience.of(bookings)
        event.is_cancelled = True  # what the e-mails and the calendar file describe
        for booking in told.by_email:
            booking.event = event
            services.send_event_change(booking, services.EventChanges(cancelled=True), sequence,
                                       {"message": message})
        subject = f"Cancelled: {event.title}"
        services.record_message(event, EventMessage.Kind.CANCELLATION, subject, message, told.by_email, actor,
                                included_waiting=True)
        queue_email(event.organiser_address, "events/email/event_cancelled_organiser", {
            "event": event, "when": describe_when(event.start, event.end), "message": message,
            "cancelled_by": getattr(actor, "email", "") or str(actor), "told": told,
            "arranged": [b for b in bookings if b.access_arranged or b.has_access_needs],
        })
        _publish_cancelled(event, actor)
    return told


def _publish_cancelled(event, actor):
    live = EventPage.objects.get(pk=event.pk)
    draft = live.get_latest_revision_as_object() if live.has_unpublished_changes else None
    live.is_cancelled = True
    revision = live.save_revision(user=actor, log_action=True)
    revision.publish(user=actor, skip_permission_checks=True)
    if draft is not None:
        draft.is_cancelled = True
        draft.save_revision(user=actor, log_action=True)
