"""iCalendar (.ics) files for "add to calendar", built with the icalendar library.

The public file never holds the joining link of an online event; the one attached to a
confirmed attendee's e-mails (or downloaded from their booking page) does.
"""
import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from .links import event_url


def event_calendar(event, *, booking=None, sequence=0):
    """The event as an .ics file (bytes). With a confirmed `booking`, it includes the joining link."""
    with_link = booking is not None and booking.status == booking.Status.CONFIRMED and event.is_online
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Walsall Together//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{_domain()}")
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    item.add("dtstart", event.start.astimezone(datetime.UTC))
    item.add("dtend", event.end.astimezone(datetime.UTC))
    item.add("summary", event.title)
    item.add("sequence", sequence)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("url", event_url(event))
    item.add("location", _location(event, with_link))
    description = [event.summary] if event.summary else []
    if with_link:
        description.append(f"Join online: {event.joining_link}")
    description.append(f"More about this event: {event_url(event)}")
    item.add("description", "\n\n".join(description))
    calendar.add_component(item)
    return calendar.to_ical()


def calendar_filename(event):
    return f"{slugify(event.title)[:60] or 'event'}.ics"


def _location(event, with_link):
    if event.is_online:
        return f"Online: {event.joining_link}" if with_link and event.joining_link else "Online"
    return location_line(event)


def location_line(event):
    """The venue and its address on one line."""
    lines = [event.venue_name] + event.venue_address.splitlines()
    return ", ".join(line.strip().rstrip(",") for line in lines if line.strip())


def _domain():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "walsalltogether"
