"""A booking's own public pages, reached through EventPage's routes (booking itself: views_booking.py).
Thin: the rules are in services.py.

A booking's own pages are found by its random token (in the link we e-mail), need no account,
and are never cached or indexed.
"""
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from base.ratelimit import count_submission, rate_limit_posts

from . import services
from .calendar import calendar_filename, event_calendar
from .links import booking_path
from .models import Booking


def booking_detail(request, event, token):
    booking = _get_booking(event, token)
    context = event.get_context(request)
    context.update(booking=booking, booking_url=booking_path(booking), can_cancel=_can_cancel(booking))
    return private(TemplateResponse(request, "events/booking_detail.html", context))


@rate_limit_posts("event_booking")
def cancel_booking(request, event, token):
    """A confirmation page (GET), then cancel (POST) and back to the booking page."""
    booking = _get_booking(event, token)
    error = ""
    if request.method == "POST" and booking.is_active:
        try:
            services.cancel_booking(booking)
        except services.BookingError as problem:
            error = str(problem)
        else:
            count_submission(request, "event_booking")
            return redirect(booking_path(booking))
    if not booking.is_active:
        return redirect(booking_path(booking))
    context = event.get_context(request)
    context.update(booking=booking, booking_url=booking_path(booking), error=error, can_cancel=_can_cancel(booking))
    return private(TemplateResponse(request, "events/booking_cancel.html", context))


def booking_calendar(request, event, token):
    """The calendar file for someone with a place: it has the joining link of an online event."""
    booking = _get_booking(event, token)
    return _calendar_response(event, event_calendar(event, booking=booking), personal=True)


def calendar_download(request, event):
    """The public calendar file: never the joining link."""
    return _calendar_response(event, event_calendar(event))


def _calendar_response(event, content, personal=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(event)}"'
    return private(response) if personal else response


def _get_booking(event, token):
    """The booking with `token` on this event (booked on its original, whichever language's page shows it)."""
    booking = (Booking.objects.filter(event=event.original, token=token, anonymised_at__isnull=True)
               .select_related("event").first())
    if booking is None:
        raise Http404("No such booking")
    return booking


def _can_cancel(booking):
    return booking.is_active and services.booking_state(booking.event) not in ("started", "past")


def private(response):
    """A page with someone's booking on it: not kept by browsers or proxies, not indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
