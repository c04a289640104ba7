"""Organisers run an event from the Wagtail admin: its bookings and waiting list with counts,
access needs, adding a booking taken by phone or on paper, cancelling and promoting, marking
attendance, messaging attendees and a CSV download. Wired up in wagtail_hooks.py.

Every rule is in services.py; these views only check permissions, show and hand over.
Opening one booking and downloading the list are recorded in the privacy audit log.
"""
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import ListingButton

from base.spreadsheets import choice_labels, csv_download
from privacy.consents import current_wording
from privacy.models import AuditLogEntry
from privacy.services import audit

from base.phone import format_phone

from . import organising, services
from .forms import AccessArrangedForm, CancelEventForm, MessageAttendeesForm, StaffBookingForm
from .formatting import describe_when
from .models import Booking, EventPage
from .permissions import BookingPermissionMixin, can_add_bookings, can_change_bookings, can_view_bookings


class EventAdminMixin(BookingPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "date"
    url_names = None  # set by the viewset: {"index": ..., "event": ..., ...}

    def url(self, name, *args):
        return reverse(self.url_names[name], args=args)

    def get_event(self):
        return get_object_or_404(EventPage, pk=self.kwargs["event_id"])

    def event_breadcrumbs(self, event):
        return self.breadcrumbs_items + [
            {"url": self.url("index"), "label": "Event bookings"},
            {"url": self.url("event", event.pk), "label": event.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(urls=self.url_names, can_add=can_add_bookings(user), can_change=can_change_bookings(user))
        return context


class OneEventPageMixin(EventAdminMixin):
    """A page about one event (`self.event`), under it in the breadcrumbs."""

    def load_objects(self):
        self.event = self.get_event()

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.event) + [{"url": "", "label": self.page_title}]


class EventListView(EventAdminMixin, TemplateView):
    """Every event with its places booked and the size of its waiting list; upcoming first."""

    template_name = "events/admin/event_list.html"
    page_title = "Event bookings"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        now = timezone.now()
        events = EventPage.objects.annotate(
            confirmed_places=Coalesce(Sum(F("bookings__companions") + 1,
                                          filter=Q(bookings__status=Booking.Status.CONFIRMED)), 0),
            waiting_people=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        ).order_by("start")
        return super().get_context_data(
            upcoming=[event for event in events if event.end >= now],
            past=sorted((event for event in events if event.end < now), key=lambda e: e.start, reverse=True),
            **kwargs,
        )


class EventBookingsView(EventAdminMixin, TemplateView):
    template_name = "events/admin/event_bookings.html"
    page_title = "Bookings"

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.event)

    def load_objects(self):
        self.event = self.get_event()

    def get_context_data(self, **kwargs):
        event = self.event
        now = timezone.now()
        availability = services.availability(event, now)
        bookings = list(Booking.objects.filter(event=event).order_by("created_at", "pk"))
        for booking in bookings:
            booking.event = event
            booking.can_promote = organising.can_promote(booking, availability)
            booking.can_cancel = organising.can_cancel_booking(booking, now)
            booking.buttons = self.booking_buttons(booking)
        waiting = sorted((b for b in bookings if b.status == Booking.Status.WAITING),
                         key=lambda b: (b.waiting_since, b.pk))
        return super().get_context_data(
            event=event,
            when=describe_when(event.start, event.end),
            availability=availability,
            counts=services.event_counts(event),
            confirmed=[b for b in bookings if b.status == Booking.Status.CONFIRMED],
            waiting=waiting,
            cancelled=[b for b in bookings if not b.is_active],
            needs_booked=services.access_needs_summary(event, Booking.Status.CONFIRMED),
            needs_waiting=services.access_needs_summary(event, Booking.Status.WAITING),
            can_add_here=organising.can_add_booking(event, now),
            can_mark_attendance=services.can_mark_attendance(event, now),
            can_cancel_event=organising.can_cancel_event(event, now),
            sent_messages=list(event.messages.prefetch_related("recipients")),
            edit_url=reverse("wagtailadmin_pages:edit", args=[event.pk]),
            **kwargs,
        )


    def booking_buttons(self, booking):
        """The row's listing buttons: only actions that will work (cancelling asks first)."""
        if not (booking.can_cancel and can_change_bookings(self.request.user)):
            return []
        label = "Remove from the list" if booking.status == Booking.Status.WAITING else "Cancel booking"
        return [ListingButton(label, url=self.url("cancel", booking.pk),
                              attrs={"aria-label": f"{label}: {booking.name or 'anonymised'}"})]


class BookingDetailView(EventAdminMixin, TemplateView):
    """One booking: everything the person told us, and what we arranged for them. Audited."""

    template_name = "events/admin/booking_detail.html"
    page_title = "Booking"

    def get_page_subtitle(self):
        return self.booking.name or "Anonymised"

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.booking.event) + [{"url": "", "label": self.get_page_subtitle()}]

    def load_objects(self):
        self.booking = get_object_or_404(Booking.objects.select_related("event"), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        audit(request.user, AuditLogEntry.Action.VIEW, self.booking.email or self.booking.phone,
              source=Booking._meta.label_lower, id=self.booking.pk)
        form = AccessArrangedForm(initial={"access_arranged": self.booking.access_arranged, "notify": True})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if not can_change_bookings(request.user):
            return self.render_to_response(self.get_context_data(form=None), status=403)
        form = AccessArrangedForm(request.POST)
        if form.is_valid():
            services.record_access_arrangements(self.booking, form.cleaned_data["access_arranged"],
                                                notify=form.cleaned_data["notify"])
            told = " and told them by e-mail" if form.cleaned_data["notify"] and self.booking.email else ""
            messages.success(request, f"Saved what we have arranged for {self.booking.name}{told}.")
            return redirect(self.url("booking", self.booking.pk))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        event = self.booking.event
        return super().get_context_data(
            booking=self.booking, event=event,
            can_promote=organising.can_promote(self.booking, services.availability(event)),
            can_cancel=organising.can_cancel_booking(self.booking), **kwargs)


class PromoteBookingView(BookingPermissionMixin, View):
    """POST only: give a waiting party a place (offered only when it fits; see organising.can_promote)."""

    permission_check = staticmethod(can_change_bookings)
    url_names = None

    def post(self, request, pk):
        booking = get_object_or_404(Booking.objects.select_related("event"), pk=pk)
        try:
            booking = services.promote_booking(booking)
            told = " and has been told by e-mail" if booking.email else ". They have no e-mail address: phone them"
            messages.success(request, f"{booking.name} now has a place{told}.")
        except services.BookingError as error:
            messages.error(request, str(error))
        return redirect(reverse(self.url_names["event"], args=[booking.event_id]))


class CancelBookingView(EventAdminMixin, TemplateView):
    """Cancel a booking (or take someone off the waiting list), after saying who will be told."""

    template_name = "events/admin/confirm_cancel_booking.html"
    permission_check = staticmethod(can_change_bookings)

    def load_objects(self):
        self.booking = get_object_or_404(Booking.objects.select_related("event"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return "Remove from the waiting list" if self.booking.status == Booking.Status.WAITING else "Cancel a booking"

    def get_page_subtitle(self):
        return self.booking.name or "Anonymised"

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.booking.event) + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        if not organising.can_cancel_booking(self.booking):
            messages.error(request, "This booking can no longer be cancelled.")
            return redirect(self.url("event", self.booking.event_id))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        booking = self.booking
        try:
            was_waiting = booking.status == Booking.Status.WAITING
            booking = services.cancel_booking(booking)
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            told = " They have been told by e-mail." if booking.email else ""
            if was_waiting:
                messages.success(request, f"Took {booking.name} off the waiting list.{told}")
            else:
                messages.success(request, f"Cancelled the booking of {booking.name}.{told} Their places were offered "
                                          "to the waiting list.")
        return redirect(self.url("event", booking.event_id))

    def get_context_data(self, **kwargs):
        return super().get_context_data(booking=self.booking, event=self.booking.event, **kwargs)


class CancelEventView(OneEventPageMixin, TemplateView):
    """Cancel the event (no approver needed), with a message to everyone booked or waiting."""

    template_name = "events/admin/confirm_cancel_event.html"
    page_title = "Cancel the event"
    permission_check = staticmethod(can_change_bookings)

    def get_page_subtitle(self):
        return self.event.title

    def get(self, request, *args, **kwargs):
        if not organising.can_cancel_event(self.event):
            messages.error(request, "This event cannot be cancelled: it is not published, already cancelled or over.")
            return redirect(self.url("event", self.event.pk))
        return self.render_to_response(self.get_context_data(form=CancelEventForm()))

    def post(self, request, *args, **kwargs):
        form = CancelEventForm(request.POST)
        if form.is_valid():
            try:
                told = organising.cancel_event(self.event, form.cleaned_data["message"], request.user)
            except services.BookingError as error:
                messages.error(request, str(error))
            else:
                phone = (f" {len(told.by_phone)} {'has' if len(told.by_phone) == 1 else 'have'} no e-mail address: "
                         "phone them." if told.by_phone else "")
                messages.success(request, f"Cancelled {self.event.title}. We e-mailed {len(told.by_email)} "
                                          f"{'person' if len(told.by_email) == 1 else 'people'} and the organisers' "
                                          f"mailbox.{phone}")
            return redirect(self.url("event", self.event.pk))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, told=organising.audience(self.event, include_waiting=True), **kwargs)


class AddBookingView(OneEventPageMixin, TemplateView):
    """An organiser adds a booking taken by phone, on paper or in person (the channel is recorded)."""

    template_name = "events/admin/add_booking.html"
    page_title = "Add a booking"
    permission_check = staticmethod(can_add_bookings)

    def refused(self):
        """Back to the event, saying why, when it takes no more bookings (e.g. it is cancelled)."""
        if organising.can_add_booking(self.event):
            return None
        messages.error(self.request, services.CLOSED_MESSAGES.get(services.booking_state(self.event),
                                                                  "This event takes no more bookings."))
        return redirect(self.url("event", self.event.pk))

    def get(self, request, *args, **kwargs):
        return self.refused() or self.render_to_response(
            self.get_context_data(form=StaffBookingForm(event=self.event)))

    def post(self, request, *args, **kwargs):
        if refused := self.refused():
            return refused
        form = StaffBookingForm(request.POST, event=self.event)
        if form.is_valid():
            try:
                result = services.register_for_event(
                    self.event, form.cleaned_data, channel=form.cleaned_data["channel"], staff=True,
                    source=f"{form.cleaned_data['channel']} booking taken by {request.user.email or 'staff'}",
                )
            except services.BookingError as error:
                form.add_error(None, str(error))
            else:
                booking = result.booking
                if result.outcome == "already_booked":
                    messages.warning(request, f"{booking.email} already has a booking for this event.")
                elif booking.status == Booking.Status.CONFIRMED:
                    messages.success(request, f"Booked {booking.places} place{'s' if booking.places > 1 else ''} "
                                              f"for {booking.name}.")
                else:
                    messages.warning(request, f"There were not enough places, so {booking.name} is on the "
                                              "waiting list.")
                return redirect(self.url("event", self.event.pk))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, consent_text=current_wording(services.CONSENT_PURPOSE).text,
                                        **kwargs)


class AttendanceView(OneEventPageMixin, TemplateView):
    """Tick who came, on the day."""

    template_name = "events/admin/attendance.html"
    page_title = "Attendance"
    permission_check = staticmethod(can_change_bookings)

    def get(self, request, *args, **kwargs):
        if not services.can_mark_attendance(self.event):
            messages.error(request, "You can mark attendance once the event has started.")
            return redirect(self.url("event", self.event.pk))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            came = services.record_attendance(self.event, request.POST.getlist("attended"))
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Attendance saved: {came} booking{'s' if came != 1 else ''} attended.")
        return redirect(self.url("event", self.event.pk))

    def get_context_data(self, **kwargs):
        confirmed = Booking.objects.filter(event=self.event, status=Booking.Status.CONFIRMED).order_by("name", "pk")
        return super().get_context_data(event=self.event, confirmed=confirmed, **kwargs)


class MessageAttendeesView(OneEventPageMixin, TemplateView):
    template_name = "events/admin/message_attendees.html"
    page_title = "Message attendees"
    permission_check = staticmethod(can_change_bookings)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MessageAttendeesForm()))

    def post(self, request, *args, **kwargs):
        """Three buttons: "Preview" shows the e-mail and who gets it; "Change the message" goes
        back to the form with what was typed; "Send" sends (only offered on the preview)."""
        form = MessageAttendeesForm(request.POST)
        if not form.is_valid() or "edit" in request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        if "send" not in request.POST:
            subject, text = organising.preview_message(self.event, data["subject"], data["message"])
            return self.render_to_response(self.get_context_data(
                form=form, preview={"subject": subject, "text": text},
                told=organising.audience(self.event, data["include_waiting"])))
        count = services.message_attendees(
            self.event, data["subject"], data["message"], include_waiting=data["include_waiting"],
            submission_token=data.get("submission_token"), actor=request.user,
        )
        messages.success(request, f"Your message is on its way to {count} {'person' if count == 1 else 'people'}.")
        return redirect(self.url("event", self.event.pk))

    def get_context_data(self, **kwargs):
        counts = services.event_counts(self.event)
        return super().get_context_data(event=self.event, counts=counts, **kwargs)


class ExportView(BookingPermissionMixin, View):
    """Every booking of one event as CSV. Recorded in the audit log."""

    def get(self, request, event_id):
        event = get_object_or_404(EventPage, pk=event_id)
        bookings = Booking.objects.filter(event=event).order_by("status", "created_at", "pk")
        audit(request.user, AuditLogEntry.Action.EXPORT, "", source=Booking._meta.label_lower,
              event=event.pk, bookings=bookings.count())
        return csv_download(export_rows(bookings), f"bookings-{event.slug}.csv")


def export_rows(bookings):
    """The bookings as CSV rows, read from the database a batch at a time as they are written."""
    yield ["Name", "E-mail", "Phone", "Status", "Places", "Companions", "Which best describes them",
           "Access needs", "Other access needs", "What we arranged", "Booked by", "Language", "Attended", "Booked on"]
    label = choice_labels(Booking, "status", "role", "channel")
    for booking in bookings.iterator(chunk_size=2000):
        yield [
            booking.name, booking.email, format_phone(booking.phone), label["status"](booking.status), booking.places,
            booking.companions, label["role"](booking.role) if booking.role else "",
            "; ".join(booking.access_need_labels()), booking.access_needs_other,
            booking.access_arranged, label["channel"](booking.channel), booking.language_label,
            {True: "Yes", False: "No"}.get(booking.attended, ""),
            timezone.localtime(booking.created_at).strftime("%d/%m/%Y %H:%M"),
        ]


class EventBookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_bookings(request.user)


class EventBookingsViewSet(ViewSet):
    name = "event-bookings"
    icon = "date"
    menu_label = "Event bookings"
    menu_order = 250
    menu_item_class = EventBookingsMenuItem
    add_to_admin_menu = True

    @property
    def url_names(self):
        names = ["index", "event", "add", "attendance", "message", "export", "booking", "cancel", "promote",
                 "cancel_event"]
        return {name: self.get_url_name(name) for name in names}

    def get_urlpatterns(self):
        kwargs = {"url_names": self.url_names}
        return [
            path("", EventListView.as_view(**kwargs), name="index"),
            path("<int:event_id>/", EventBookingsView.as_view(**kwargs), name="event"),
            path("<int:event_id>/add/", AddBookingView.as_view(**kwargs), name="add"),
            path("<int:event_id>/attendance/", AttendanceView.as_view(**kwargs), name="attendance"),
            path("<int:event_id>/message/", MessageAttendeesView.as_view(**kwargs), name="message"),
            path("<int:event_id>/export/", ExportView.as_view(), name="export"),
            path("booking/<int:pk>/", BookingDetailView.as_view(**kwargs), name="booking"),
            path("<int:event_id>/cancel/", CancelEventView.as_view(**kwargs), name="cancel_event"),
            path("booking/<int:pk>/cancel/", CancelBookingView.as_view(**kwargs), name="cancel"),
            path("booking/<int:pk>/promote/", PromoteBookingView.as_view(**kwargs), name="promote"),
        ]
