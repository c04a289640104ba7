"""The rules of booking events, as plain functions.

Every change to an event's places (booking, cancelling, promoting, publishing a new capacity)
runs inside one transaction that first locks the event's `EventCapacity` row: on PostgreSQL
with SELECT ... FOR UPDATE, on SQLite through the IMMEDIATE transaction mode in settings,
which takes the database write lock at BEGIN. So the places counted are the places there are,
and an event is never oversold. Rules that cannot be met raise a `BookingError` whose message
can be shown to the person; callers catch it.

E-mails go through mailer.queue_email inside the same transaction, so they are sent only if
the change is committed. Each e-mail to a person is written in the language they booked in
(`Booking.language`), with the event's title from its page in that language when there is one.
Bookings are always made on an event's original page (EventPage.original), never a translation.
"""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.languages import preferred_language
from base.locales import active_locale, default_locale, localized
from base.models import Topic
from mailer.models import OutgoingEmail
from mailer.services import queue_email
from privacy.services import record_consent

from .calendar import calendar_filename, event_calendar, location_line
from .formatting import describe_when
from .links import admin_booking_url, booking_page, booking_url, contact_url, event_url
from .models import REMINDER_CHOICES, Booking, EventCapacity, EventMessage, EventPage
from .signals import attendance_recorded

CONSENT_PURPOSE = "events"
PAST_PER_PAGE = 10
TIME_FIELDS = ("start", "end")
PLACE_FIELDS = ("format", "venue_name", "venue_address")


class BookingError(Exception):
    """A booking rule was not met. The message is written for the person booking."""


class BookingClosed(BookingError):
    pass


class TooManyCompanions(BookingError):
    pass


class NotEnoughPlaces(BookingError):
    pass


class BookingNotActive(BookingError):
    pass


# Reading: what the public pages show -------------------------------------------------------


@dataclass
class Availability:
    state: str  # "open", "not_open", "closed", "started", "past" or "cancelled"
    capacity: int
    places_taken: int
    waiting: int

    @property
    def places_left(self):
        return max(self.capacity - self.places_taken, 0)

    @property
    def is_full(self):
        return self.places_left == 0

    @property
    def is_open(self):
        return self.state == "open"


def booking_state(event, now=None):
    """Whether `event` takes bookings at `now`: "open", "not_open" (yet), "closed", "started",
    "past" or "cancelled". Booking closes at `booking_closes_at`, or when the event starts."""
    now = now or timezone.now()
    if event.is_cancelled:
        return "cancelled"
    if now >= event.end:
        return "past"
    if now >= event.start:
        return "started"
    if event.booking_opens_at and now < event.booking_opens_at:
        return "not_open"
    if event.booking_closes_at and now >= event.booking_closes_at:
        return "closed"
    return "open"


def places_taken(event_id):
    """Places held by confirmed bookings: each booker and each of their companions."""
    return Booking.objects.filter(event_id=event_id, status=Booking.Status.CONFIRMED).aggregate(
        taken=Coalesce(Sum(F("companions") + 1), 0)
    )["taken"]


def availability(event, now=None):
    counts = Booking.objects.filter(event_id=event.pk).aggregate(
        taken=Coalesce(Sum(F("companions") + 1, filter=Q(status=Booking.Status.CONFIRMED)), 0),
        waiting=Coalesce(Sum(F("companions") + 1, filter=Q(status=Booking.Status.WAITING)), 0),
    )
    row = EventCapacity.objects.filter(event_id=event.pk).values_list("capacity", flat=True).first()
    capacity = event.capacity if row is None else row
    return Availability(booking_state(event, now), capacity, counts["taken"], counts["waiting"])


@dataclass
class EventListing:
    form: object
    filters: dict
    upcoming: list
    past: object  # a Paginator page


KIND_FILTERS = {  # GET parameter -> Topic kind
    "topic": Topic.Kind.PROGRAMME_AREA,
    "pathway": Topic.Kind.PATHWAY,
    "locality": Topic.Kind.LOCALITY,
}


def event_listing(index, params, now=None):
    """The index page's events: upcoming (not yet finished) soonest first, then past events
    newest first, `PAST_PER_PAGE` a page. Filters `topic`, `pathway` and `locality` take a
    topic slug of that kind; a value that is not one of the choices is ignored. The number
    of queries does not grow with the number of events."""
    from .forms import EventFilterForm

    now = now or timezone.now()
    events = EventPage.objects.live().public().descendant_of(index)
    used = list(Topic.objects.filter(events__in=events).distinct().order_by("kind", "sort_order", "name"))
    form = EventFilterForm(params, topics=used)
    filters = form.filters()
    for name, slug in filters.items():
        topic = next(topic for topic in used if topic.slug == slug and topic.kind == KIND_FILTERS[name])
        filters[name] = topic
        events = events.filter(topics=topic)
    events = events.prefetch_related("topics")
    upcoming = list(events.filter(end__gte=now).order_by("start", "pk"))
    _attach_places(upcoming, now)
    past = Paginator(events.filter(end__lt=now).order_by("-start", "-pk"), PAST_PER_PAGE).get_page(params.get("page"))
    return EventListing(form=form, filters=filters, upcoming=upcoming, past=past)


def upcoming_events(limit=3, now=None):
    """The next events that have not finished, soonest first (for the home page): each once (its
    original, not its translations), as its page in the reader's language when there is one."""
    now = now or timezone.now()
    events = EventPage.objects.live().public().filter(end__gte=now, locale=default_locale())
    reading = active_locale()
    return [localized(event, reading) for event in events.order_by("start", "pk")[:limit]]


def _attach_places(events, now):
    """Give each event its `availability` (a translation's are its original's), with three queries
    for all of them."""
    originals = dict(EventPage.objects.filter(
        translation_key__in=[event.translation_key for event in events],
        locale__language_code=settings.LANGUAGE_CODE).values_list("translation_key", "pk")) if events else {}
    original_ids = {event.pk: originals.get(event.translation_key, event.pk) for event in events}
    ids = list(original_ids.values())
    taken = dict(
        Booking.objects.filter(event_id__in=ids, status=Booking.Status.CONFIRMED).values("event_id")
        .annotate(taken=Sum(F("companions") + 1)).values_list("event_id", "taken")
    )
    capacities = dict(EventCapacity.objects.filter(event_id__in=ids).values_list("event_id", "capacity"))
    for event in events:
        original_id = original_ids[event.pk]
        event.availability = Availability(
            booking_state(event, now), capacities.get(original_id, event.capacity), taken.get(original_id, 0), 0,
        )


# Booking ------------------------------------------------------------------------------------


@dataclass
class BookingResult:
    booking: Booking
    outcome: str  # "created", "same_submission" (a double submit) or "already_booked" (same e-mail)

    @property
    def created(self):
        return self.outcome == "created"


def register_for_event(event, data, *, channel=Booking.Channel.ONLINE, source="", consent_version=None,
                       staff=False, now=None, language=None):
    """Book a place for a person and their companions, or put the whole party on the waiting list.

    - Booking must be open (organisers adding a booking by phone or on paper (`staff`) may add
      one after it closes, but never once the event has started or when it is cancelled).
    - A person may bring up to the event's `max_companions` companions; each needs a place.
    - The party is booked if all of its places are free, and otherwise joins the waiting list:
      places are never split and never oversold.
    - One active booking per e-mail address per event: booking again returns the first one,
      and so does posting the same form twice (same submission token).
    - `language` (the language the person booked in, default English) is kept on the booking:
      every e-mail to them is written in it.
    """
    now = now or timezone.now()
    email = (data.get("email") or "").strip().lower()
    token = data.get("submission_token")
    if token and (existing := Booking.objects.filter(submission_token=token).first()):
        return BookingResult(existing, "same_submission")
    try:
        with transaction.atomic():
            return _register(event, data, email, token, channel, source, consent_version, staff, now,
                             language)
    except IntegrityError:
        # Only reached when the lock did not serialise the two requests (e.g. a database
        # without row locks); the unique constraints still keep one booking.
        if token and (existing := Booking.objects.filter(submission_token=token).first()):
            return BookingResult(existing, "same_submission")
        if email and (existing := _active_booking(event, email)):
            return BookingResult(existing, "already_booked")
        raise


def _register(event, data, email, token, channel, source, consent_version, staff, now, language):
    row = lock_event(event)
    state = booking_state(event, now)
    if not (state == "open" or (staff and state in ("not_open", "closed"))):
        raise BookingClosed(CLOSED_MESSAGES.get(state, _("Booking for this event is closed.")))
    companions = int(data.get("companions") or 0)
    if companions < 0 or companions > event.max_companions:
        raise TooManyCompanions(
            ngettext("You can book a place for up to %(number)d other person.",
                     "You can book places for up to %(number)d other people.",
                     event.max_companions) % {"number": event.max_companions}
        )
    if email and (existing := _active_booking(event, email)):
        return BookingResult(existing, "already_booked")
    confirmed = party_fits(row.capacity - places_taken(event.pk), companions)
    booking = Booking.objects.create(
        event=event,
        status=Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITING,
        name=data["name"].strip(),
        email=email,
        phone=(data.get("phone") or "").strip(),
        role=data.get("role") or "",
        companions=companions,
        access_needs=list(data.get("access_needs") or []),
        access_needs_other=(data.get("access_needs_other") or "").strip(),
        channel=channel,
        language=preferred_language(language),
        submission_token=token,
        confirmed_at=now if confirmed else None,
        waiting_since=None if confirmed else now,
    )
    if email:
        record_consent(email, CONSENT_PURPOSE, source=source or event.url, version=consent_version)
        if confirmed:
            _send_booking_confirmed(booking)
        else:
            _send(booking, "events/email/booking_waiting")
    if booking.has_access_needs:
        _send_access_needs_to_organiser(booking)
    return BookingResult(booking, "created")


def party_fits(places_free, companions):
    """Whether a person and their companions get places (rather than the waiting list): only if
    every place the party needs is free. Check your answers tells the person which it will be."""
    return 1 + companions <= places_free


CLOSED_MESSAGES = {
    "not_open": _("Booking for this event has not opened yet."),
    "closed": _("Booking for this event has closed."),
    "started": _("This event has already started, so you can no longer book."),
    "past": _("This event has already happened."),
    "cancelled": _("This event has been cancelled."),
}


def _active_booking(event, email):
    return Booking.objects.filter(event_id=event.pk, email=email, status__in=Booking.ACTIVE).first()


def lock_event(event):
    """Lock the event's capacity row until the transaction ends, creating it if it is missing."""
    row = EventCapacity.objects.select_for_update().filter(event_id=event.pk).first()
    if row is None:
        try:
            with transaction.atomic():
                EventCapacity.objects.create(event_id=event.pk, capacity=event.capacity,
                                             published_values=published_values(event))
        except IntegrityError:
            pass  # created by a concurrent request
        row = EventCapacity.objects.select_for_update().get(event_id=event.pk)
    return row


def resend_booking_details(booking, now=None):
    """E-mail the booking to its own address again (at most once an hour), e.g. when someone
    tries to book a second time. The person booking never sees another person's booking."""
    now = now or timezone.now()
    template = ("events/email/booking_confirmed" if booking.status == Booking.Status.CONFIRMED
                else "events/email/booking_waiting")
    with transaction.atomic():
        return _send(booking, template, dedupe_key=f"event-booking-resend:{booking.pk}:{now:%Y%m%d%H}",
                     attach=booking.status == Booking.Status.CONFIRMED)


# Cancelling and the waiting list -----------------------------------------------------------


def cancel_booking(booking, *, notify=True, now=None):
    """Cancel a booking, or take someone off the waiting list. The places are free at once and
    offered to the waiting list (see `promote_from_waiting_list`). Cancelling twice is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        row = lock_event(booking.event)
        booking = Booking.objects.select_related("event").get(pk=booking.pk)
        if not booking.is_active:
            return booking
        if now >= booking.event.start:
            raise BookingClosed(_("This event has already started, so the booking can no longer be cancelled."))
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.CANCELLED if was_confirmed else Booking.Status.LEFT_WAITING_LIST
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        if notify and booking.email:
            _send(booking, "events/email/booking_cancelled")
        if was_confirmed:
            promote_from_waiting_list(booking.event, row, now=now)
    return booking


def leave_waiting_list(booking, now=None):
    """Take someone off the waiting list (only for people who are on it)."""
    if booking.status != Booking.Status.WAITING:
        raise BookingNotActive("You are not on the waiting list for this event.")
    return cancel_booking(booking, now=now)


def promote_from_waiting_list(event, row, now=None):
    """Give free places to the waiting list, first come first served. Call with the event locked.

    The list is walked in the order people joined it: each party that fits in the places
    still free is booked and told by e-mail; a party too big for them is skipped (it keeps its
    position for the next time places free up). Nothing moves once the event has started or
    when it is cancelled.
    """
    now = now or timezone.now()
    if event.is_cancelled or now >= event.start:
        return []
    free = row.capacity - places_taken(event.pk)
    promoted = []
    if free <= 0:
        return promoted
    waiting = Booking.objects.select_related("event").filter(
        event_id=event.pk, status=Booking.Status.WAITING
    ).order_by("waiting_since", "pk")
    for booking in waiting:
        if booking.places > free:
            continue
        _confirm(booking, now)
        promoted.append(booking)
        free -= booking.places
        if free == 0:
            break
    return promoted


def promote_booking(booking, now=None):
    """An organiser gives a place to one person on the waiting list, if their party fits."""
    now = now or timezone.now()
    with transaction.atomic():
        row = lock_event(booking.event)
        booking = Booking.objects.select_related("event").get(pk=booking.pk)
        if booking.status != Booking.Status.WAITING:
            raise BookingNotActive("This person is not on the waiting list.")
        state = booking_state(booking.event, now)
        if state in ("cancelled", "started", "past"):
            raise BookingClosed(CLOSED_MESSAGES[state])
        free = row.capacity - places_taken(booking.event_id)
        if booking.places > free:
            raise NotEnoughPlaces(
                f"There {'is' if free == 1 else 'are'} {max(free, 0)} place{'' if free == 1 else 's'} left and this "
                f"booking needs {booking.places}. Cancel another booking or raise the number of places first."
            )
        _confirm(booking, now)
    return booking


def _confirm(booking, now):
    booking.status = Booking.Status.CONFIRMED
    booking.confirmed_at = now
    booking.save(update_fields=["status", "confirmed_at"])
    if booking.email:
        _send_booking_confirmed(booking, promoted=True)


# Publishing: capacity and changes of time or place ---------------------------------------------


def published_values(event):
    """What attendees are told about, as it is in the published page."""
    return {
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "format": event.format,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "joining_link": event.joining_link,
        "is_cancelled": event.is_cancelled,
    }


@dataclass
class EventChanges:
    time: bool = False
    place: bool = False
    joining_link: bool = False
    cancelled: bool = False
    reinstated: bool = False
    previous_when: str = ""

    def __bool__(self):
        return any([self.time, self.place, self.joining_link, self.cancelled, self.reinstated])


def compare_published(previous, current):
    """What changed for attendees between two sets of `published_values`."""
    if not previous:
        return EventChanges()
    changes = EventChanges(
        time=any(previous.get(name) != current.get(name) for name in TIME_FIELDS),
        place=any(previous.get(name) != current.get(name) for name in PLACE_FIELDS),
        joining_link=previous.get("joining_link") != current.get("joining_link") and current["format"] == "online",
        cancelled=current["is_cancelled"] and not previous.get("is_cancelled"),
        reinstated=previous.get("is_cancelled", False) and not current["is_cancelled"],
    )
    if changes.time and previous.get("start") and previous.get("end"):
        changes.previous_when = describe_when(datetime.datetime.fromisoformat(previous["start"]),
                                              datetime.datetime.fromisoformat(previous["end"]))
    return changes


def event_published(event, now=None):
    """Bring bookings up to date with a newly published version of `event`.

    The capacity is copied to the lock row: more places are offered to the waiting list at
    once (fewer places never cancel anyone's booking). When the time or place changed, or
    the event was cancelled (or reinstated), everyone booked or waiting is told by e-mail,
    once per change. The comparison is with the values of the previously published version,
    which the lock row keeps.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = lock_event(event)
        current = published_values(event)
        changes = compare_published(row.published_values, current)
        sequence = row.published_values.get("sequence", 0) + (1 if changes else 0)
        row.capacity = event.capacity
        row.published_values = {**current, "sequence": sequence}
        row.save(update_fields=["capacity", "published_values", "updated_at"])
        if changes and now < event.end:
            _send_changes(event, changes, sequence)
        promoted = promote_from_waiting_list(event, row, now=now)
    return changes, promoted


def _send_changes(event, changes, sequence):
    bookings = Booking.objects.select_related("event").filter(event_id=event.pk, status__in=Booking.ACTIVE)
    for booking in bookings.exclude(email=""):
        if changes.joining_link and not (changes.time or changes.place or changes.cancelled or changes.reinstated):
            if booking.status != Booking.Status.CONFIRMED:
                continue  # only people with a place have the link
        send_event_change(booking, changes, sequence)


def send_event_change(booking, changes, sequence, extra=None):
    """Tell one attendee about a change, once per change (`sequence` counts the published changes)."""
    return _send(booking, "events/email/event_changed", {"changes": changes, **(extra or {})},
                 dedupe_key=f"event-change:{booking.pk}:{sequence}",
                 attach=booking.status == Booking.Status.CONFIRMED, sequence=sequence)


# Access needs --------------------------------------------------------------------------------


def record_access_arrangements(booking, arranged, *, notify=True):
    """The organiser records what has been arranged for someone's access needs; the attendee is
    told by e-mail ("a BSL interpreter will be there")."""
    arranged = arranged.strip()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("event").get(pk=booking.pk)
        booking.access_arranged = arranged
        booking.save(update_fields=["access_arranged"])
        if notify and arranged and booking.email and booking.is_active:
            _send(booking, "events/email/access_arranged", {"contact_url": contact_url()})
    return booking


def access_needs_summary(event, status=None):
    """[(label, number of people)] for active bookings (or those with `status`: people with a
    place and people waiting are summed apart, since only the first need arranging now), then
    the bookings with free-text needs."""
    statuses = [status] if status else list(Booking.ACTIVE)
    bookings = list(Booking.objects.filter(event_id=event.pk, status__in=statuses))
    counts = []
    for code, label in Booking.AccessNeed.choices:
        number = sum(1 for booking in bookings if code in booking.access_needs)
        if number:
            counts.append((label, number))
    others = [booking for booking in bookings if booking.access_needs_other.strip()]
    return counts, others


# Organisers ------------------------------------------------------------------------------------


def can_mark_attendance(event, now=None):
    """Attendance is marked from the moment the event starts (never days before), unless it is cancelled."""
    return not event.is_cancelled and (now or timezone.now()) >= event.start


def record_attendance(event, attended_ids, now=None):
    """Mark who came: confirmed bookings in `attended_ids` attended, the others did not."""
    if not can_mark_attendance(event, now):
        raise BookingClosed("You can mark attendance once the event has started."
                            if not event.is_cancelled else "This event was cancelled.")
    attended_ids = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        confirmed = Booking.objects.filter(event_id=event.pk, status=Booking.Status.CONFIRMED)
        came = confirmed.filter(pk__in=attended_ids).update(attended=True)
        confirmed.exclude(pk__in=attended_ids).update(attended=False)
        attendance_recorded.send(sender=EventPage, event_id=event.pk)
    return came


def message_recipients(event, include_waiting=False):
    """The active bookings a message to attendees goes to: everyone with a place and, if asked,
    everyone waiting. Those without an e-mail address get nothing (organisers phone them)."""
    statuses = [Booking.Status.CONFIRMED] + ([Booking.Status.WAITING] if include_waiting else [])
    return Booking.objects.select_related("event").filter(event_id=event.pk, status__in=statuses).order_by(
        "status", "name", "pk")


def message_attendees(event, subject, message, *, include_waiting=False, submission_token=None, actor=None):
    """E-mail everyone with a place (and, if asked, everyone waiting), and keep a record of it
    (an EventMessage: what, to whom, when, by whom). Posting the same form twice (same
    submission token) sends each message once. Returns how many were queued."""
    if submission_token and (sent := EventMessage.objects.filter(submission_token=submission_token).first()):
        return sent.recipient_count
    with transaction.atomic():
        bookings = list(message_recipients(event, include_waiting).exclude(email=""))
        for booking in bookings:
            key = f"event-message:{event.pk}:{submission_token}:{booking.pk}" if submission_token else None
            _send(booking, "events/email/organiser_message", {"subject": subject, "message": message},
                  dedupe_key=key)
        record_message(event, EventMessage.Kind.MESSAGE, subject, message, bookings, actor,
                       included_waiting=include_waiting, submission_token=submission_token)
    return len(bookings)


def record_message(event, kind, subject, message, bookings, actor, **fields):
    """Keep a record of what organisers sent to which bookings, when and by whom."""
    record = EventMessage.objects.create(
        event=event, kind=kind, subject=subject, message=message, recipient_count=len(bookings),
        sent_by=actor if getattr(actor, "pk", None) else None,
        sent_by_label=getattr(actor, "email", "") or str(actor or "The website"), **fields)
    record.recipients.set(bookings)
    return record


def event_counts(event):
    """Bookings and places by status, for organisers."""
    rows = Booking.objects.filter(event_id=event.pk).values("status").annotate(
        bookings=Count("pk"), places=Sum(F("companions") + 1), attended=Count("pk", filter=Q(attended=True)),
    )
    by_status = {row["status"]: row for row in rows}

    def get(status, key):
        return (by_status.get(status) or {}).get(key) or 0

    return {
        "confirmed_bookings": get(Booking.Status.CONFIRMED, "bookings"),
        "confirmed_places": get(Booking.Status.CONFIRMED, "places"),
        "waiting_bookings": get(Booking.Status.WAITING, "bookings"),
        "waiting_places": get(Booking.Status.WAITING, "places"),
        "cancelled_bookings": get(Booking.Status.CANCELLED, "bookings") + get(Booking.Status.LEFT_WAITING_LIST,
                                                                              "bookings"),
        "attended": get(Booking.Status.CONFIRMED, "attended"),
    }


# Reminders ---------------------------------------------------------------------------------------


def send_due_reminders(now=None):
    """Queue the reminders that are due; run every minute by the task worker.

    For each confirmed booking of an event that has not started, the reminder due is the
    latest of the event's reminder times that has passed (one missed while the worker was
    down is skipped when a later one is already due), and only if the person booked before
    that time. Each reminder goes once per booking: its mailer dedupe key is
    "event-reminder:<booking id>:<minutes before>", unique in the outbox, so two schedulers
    cannot send it twice. Cancelled bookings and cancelled events get none.
    """
    now = now or timezone.now()
    longest = max(minutes for minutes, _ in REMINDER_CHOICES)
    events = EventPage.objects.live().filter(
        is_cancelled=False, start__gt=now, start__lte=now + datetime.timedelta(minutes=longest)
    )
    sent = 0
    for event in events:
        due = [minutes for minutes in event.reminder_offsets or []
               if event.start - datetime.timedelta(minutes=minutes) <= now]
        if not due:
            continue
        offset = min(due)
        reminder_time = event.start - datetime.timedelta(minutes=offset)
        with transaction.atomic():
            lock_event(event)  # a cancellation waits for us, or we see it
            bookings = list(
                Booking.objects.select_related("event").filter(
                    event_id=event.pk, status=Booking.Status.CONFIRMED, confirmed_at__lte=reminder_time,
                ).exclude(email="")
            )
            keys = {booking.pk: f"event-reminder:{booking.pk}:{offset}" for booking in bookings}
            done = set(OutgoingEmail.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
            for booking in bookings:
                if keys[booking.pk] not in done:
                    _send(booking, "events/email/reminder", {"offset": offset}, dedupe_key=keys[booking.pk],
                          attach=True)
                    sent += 1
    return sent


# Personal data ---------------------------------------------------------------------------------


def anonymise_bookings(bookings, now=None):
    """Remove everything that identifies the people in `bookings`, keeping the numbers (status,
    places, who attended, how they booked). Their booking links stop working."""
    now = now or timezone.now()
    return bookings.filter(anonymised_at__isnull=True).update(
        name="", email="", phone="", access_needs=[], access_needs_other="", access_arranged="",
        submission_token=None, anonymised_at=now,
        token=Concat(Value("anonymised-"), Cast("pk", output_field=CharField())),
    )


def erase_bookings(bookings, now=None):
    """A person asked us to erase their data: of their `bookings`, the upcoming ones are cancelled
    (the places go to the waiting list; nobody is e-mailed about it), then all are anonymised."""
    now = now or timezone.now()
    pks = list(bookings.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    upcoming = Booking.objects.filter(pk__in=pks, status__in=Booking.ACTIVE, event__end__gt=now)
    for booking in upcoming.select_related("event"):
        cancel_booking(booking, notify=False, now=now)
    return anonymise_bookings(Booking.objects.filter(pk__in=pks), now)


# E-mails -----------------------------------------------------------------------------------------


def _send_booking_confirmed(booking, promoted=False):
    _send(booking, "events/email/booking_confirmed", {"promoted": promoted}, attach=True)


def _send_access_needs_to_organiser(booking):
    """The organisers' mailbox is shared, so the e-mail says only that a booking has access needs
    to arrange, with a link to it in the admin: no name and none of their needs (special category
    data), which staff with permission to see bookings read there."""
    context = {**email_context(booking), "admin_booking_url": admin_booking_url(booking)}
    queue_email(booking.event.organiser_address, "events/email/access_needs_organiser", context)


def _send(booking, template, extra=None, *, dedupe_key=None, attach=False, sequence=None):
    event = booking.event
    attachments = []
    if attach and booking.status == Booking.Status.CONFIRMED:
        if sequence is None:
            sequence = (EventCapacity.objects.filter(event_id=event.pk).values_list("published_values", flat=True)
                        .first() or {}).get("sequence", 0)
        attachments = [(calendar_filename(event), event_calendar(event, booking=booking, sequence=sequence),
                        "text/calendar")]
    # Attendees' replies go to the organisers' mailbox (we send from a no-reply address).
    # Organisers write their messages in English, so those go in English.
    language = booking.language if template in TRANSLATED_EMAILS else None
    return queue_email(booking.email, template, {**email_context(booking), **(extra or {})}, dedupe_key=dedupe_key,
                       attachments=attachments, reply_to=event.organiser_address, language=language)


# The e-mails to attendees whose words are translated (locale/): written in the booking's language.
TRANSLATED_EMAILS = {
    "events/email/booking_confirmed", "events/email/booking_waiting", "events/email/booking_cancelled",
    "events/email/reminder", "events/email/access_arranged",
}


def email_context(booking):
    """What every e-mail about one booking can say. The day and time are written when the e-mail
    is, in its language; the title is the page's in the booking's language."""
    event = booking.event
    page = booking_page(booking)
    return {
        "booking": booking,
        "event": event,
        "title": page.title,
        "when": lazy(describe_when, str)(event.start, event.end),
        "where": _("Online") if event.is_online else location_line(event),
        "event_url": event_url(page),
        "booking_url": booking_url(booking),
        "show_joining_link": event.is_online and booking.status == Booking.Status.CONFIRMED and bool(
            event.joining_link),
    }

