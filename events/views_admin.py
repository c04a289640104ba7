"""Organisers run an event from the Wagtail admin: its bookings and waiting list with counts,
access needs, adding a booking taken by phone or on paper, cancelling and promoting, marking
attendance, messaging attendees and a CSV download. Wired up in wagtail_hooks.py.

Every rule is in services.py; these views only check permissions, show and hand over.
Opening one booking and downloading the list are recorded in the privacy audit log.
"""
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from base.spreadsheets import csv_bytes
from privacy.consents import current_wording
from privacy.models import AuditLogEntry
from privacy.services import audit

from . import services
from .forms import AccessArrangedForm, MessageAttendeesForm, StaffBookingForm
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
        bookings = list(Booking.objects.filter(event=event).order_by("created_at", "pk"))
        needs, other_needs = services.access_needs_summary(event)
        waiting = sorted((b for b in bookings if b.status == Booking.Status.WAITING),
                         key=lambda b: (b.waiting_since, b.pk))
        return super().get_context_data(
            event=event,
            when=describe_when(event.start, event.end),
            availability=services.availability(event),
            counts=services.event_counts(event),
            confirmed=[b for b in bookings if b.status == Booking.Status.CONFIRMED],
            waiting=waiting,
            cancelled=[b for b in bookings if not b.is_active],
            needs=needs,
            other_needs=other_needs,
            edit_url=reverse("wagtailadmin_pages:edit", args=[event.pk]),
            **kwargs,
        )


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
        return super().get_context_data(booking=self.booking, event=self.booking.event, **kwargs)


class BookingOperationView(BookingPermissionMixin, View):
    """POST only: cancel a booking or promote it from the waiting list."""

    permission_check = staticmethod(can_change_bookings)
    operation = None
    url_names = None

    def post(self, request, pk):
        booking = get_object_or_404(Booking.objects.select_related("event"), pk=pk)
        try:
            if self.operation == "cancel":
                booking = services.cancel_booking(booking)
                messages.success(request, f"Cancelled the booking of {booking.name}. Their places were offered "
                                          "to the waiting list.")
            else:
                booking = services.promote_booking(booking)
                messages.success(request, f"{booking.name} now has a place and has been told by e-mail.")
        except services.BookingError as error:
            messages.error(request, str(error))
        return redirect(reverse(self.url_names["event"], args=[booking.event_id]))


class AddBookingView(EventAdminMixin, TemplateView):
    """An organiser adds a booking taken by phone, on paper or in person (the channel is recorded)."""

    template_name = "events/admin/add_booking.html"
    page_title = "Add a booking"
    permission_check = staticmethod(can_add_bookings)

    def load_objects(self):
        self.event = self.get_event()

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.event) + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=StaffBookingForm(event=self.event)))

    def post(self, request, *args, **kwargs):
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


class AttendanceView(EventAdminMixin, TemplateView):
    """Tick who came, on the day."""

    template_name = "events/admin/attendance.html"
    page_title = "Attendance"
    permission_check = staticmethod(can_change_bookings)

    def load_objects(self):
        self.event = self.get_event()

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.event) + [{"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        came = services.record_attendance(self.event, request.POST.getlist("attended"))
        messages.success(request, f"Attendance saved: {came} booking{'s' if came != 1 else ''} attended.")
        return redirect(self.url("event", self.event.pk))

    def get_context_data(self, **kwargs):
        confirmed = Booking.objects.filter(event=self.event, status=Booking.Status.CONFIRMED).order_by("name", "pk")
        return super().get_context_data(event=self.event, confirmed=confirmed, **kwargs)


class MessageAttendeesView(EventAdminMixin, TemplateView):
    template_name = "events/admin/message_attendees.html"
    page_title = "Message attendees"
    permission_check = staticmethod(can_change_bookings)

    def load_objects(self):
        self.event = self.get_event()

    def get_breadcrumbs_items(self):
        return self.event_breadcrumbs(self.event) + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MessageAttendeesForm()))

    def post(self, request, *args, **kwargs):
        form = MessageAttendeesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            count = services.message_attendees(
                self.event, data["subject"], data["message"], include_waiting=data["include_waiting"],
                submission_token=data.get("submission_token"),
            )
            messages.success(request, f"Your message is on its way to {count} {'person' if count == 1 else 'people'}.")
            return redirect(self.url("event", self.event.pk))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        counts = services.event_counts(self.event)
        return super().get_context_data(event=self.event, counts=counts, **kwargs)


class ExportView(BookingPermissionMixin, View):
    """Every booking of one event as CSV. Recorded in the audit log."""

    def get(self, request, event_id):
        event = get_object_or_404(EventPage, pk=event_id)
        bookings = list(Booking.objects.filter(event=event).order_by("status", "created_at", "pk"))
        audit(request.user, AuditLogEntry.Action.EXPORT, "", source=Booking._meta.label_lower,
              event=event.pk, bookings=len(bookings))
        response = HttpResponse(build_csv(bookings), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bookings-{event.slug}.csv"'
        response["Cache-Control"] = "no-store"
        return response


def build_csv(bookings):
    header = ["Name", "E-mail", "Phone", "Status", "Places", "Companions", "Which best describes them",
              "Access needs", "Other access needs", "What we arranged", "Booked by", "Attended", "Booked on"]
    return csv_bytes([header] + [[
        booking.name, booking.email, booking.phone, booking.get_status_display(), booking.places,
        booking.companions, booking.get_role_display() if booking.role else "",
        "; ".join(booking.access_need_labels()), booking.access_needs_other, booking.access_arranged,
        booking.get_channel_display(), {True: "Yes", False: "No"}.get(booking.attended, ""),
        timezone.localtime(booking.created_at).strftime("%d/%m/%Y %H:%M"),
    ] for booking in bookings])


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
        names = ["index", "event", "add", "attendance", "message", "export", "booking", "cancel", "promote"]
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
            path("booking/<int:pk>/cancel/", BookingOperationView.as_view(operation="cancel", **kwargs),
                 name="cancel"),
            path("booking/<int:pk>/promote/", BookingOperationView.as_view(operation="promote", **kwargs),
                 name="promote"),
        ]
