"""The Comms team's queue of requests for other formats, and the communication needs kept on
record, in the admin. Requests come from the public form and leave by retention or erasure: only
the list, the request and its two moves here (in progress, done). Opening one is audited,
because it shows the person's contact details. The rules are in services.py."""
import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup

from base.admin_views import ListAndInspectViewSet
from base.phone import format_phone
from privacy.models import AuditLogEntry
from privacy.services import audit

from . import permissions, services
from .models import CommunicationNeed, Format, FormatRequest, ReplyBy

Status = FormatRequest.Status


class FormatRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=[("open", "Open (received or in progress)"), *Status.choices],
                                         empty_label="Any status", method="filter_status")
    format = django_filters.ChoiceFilter(choices=Format.choices, empty_label="Any format")
    due_on = django_filters.DateFromToRangeFilter(label="Due", widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(
        label="Overdue", method="filter_overdue",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]))

    class Meta:
        model = FormatRequest
        fields = ["status", "format", "due_on", "overdue"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(pk__in=services.open_requests())
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = services.open_requests().filter(due_on__lt=timezone.localdate())
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class DeadlineColumn(Column):
    """"Overdue by 3 days" in bold (in words, never colour alone), "Due in 5 days", "Done ..."."""

    cell_template_name = "accessible_formats/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        today = parent_context.get("today") or timezone.localdate()
        context.update(deadline=services.deadline_text(instance, today), overdue=instance.is_overdue(today))
        return context


class FormatRequestIndexView(IndexView):
    page_title = "Requests for other formats"
    header_icon = "doc-full"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["today"] = timezone.localdate()
        return context


class MarkInProgressForm(forms.Form):
    note = forms.CharField(label="Note for the team (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class MarkDoneForm(forms.Form):
    message = forms.CharField(
        label="Message for the person (optional)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent in the e-mail telling them it is ready, e.g. where to download it or that it is in the post.")


class AuditedInspectView(InspectView):
    """One record, with the person's contact details: each look is written to the audit log."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit(request.user, AuditLogEntry.Action.VIEW, self.object.email or self.object.phone,
              source=self.model._meta.label_lower, id=self.object.pk)
        return response


class FormatRequestDetailView(AuditedInspectView):
    template_name = "accessible_formats/admin/request_detail.html"
    page_title = "Request for another format"
    header_icon = "doc-full"
    action_url_names = {}

    def get_page_subtitle(self):
        return self.object.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        format_request = self.object
        can_handle = permissions.can_handle_requests(self.request.user)
        context.update(
            format_request=format_request,
            phone=format_phone(format_request.phone),
            deadline=services.deadline_text(format_request),
            overdue=format_request.is_overdue(),
            recorded_need=services.recorded_need(format_request),
            status_changes=format_request.status_changes.all(),
            can_handle=can_handle,
            tell_them=_how_to_tell_them(format_request),
            action_urls={name: reverse(url_name, args=[format_request.pk])
                         for name, url_name in self.action_url_names.items()},
        )
        if can_handle and format_request.status == Status.RECEIVED:
            context["in_progress_form"] = MarkInProgressForm()
        if can_handle and format_request.is_open:
            context["done_form"] = MarkDoneForm()
        return context


def _how_to_tell_them(format_request):
    """What marking a request done does, or asks staff to do, to tell the person."""
    if format_request.reply_by == ReplyBy.EMAIL:
        return f"They are e-mailed at {format_request.email} that it is ready."
    if format_request.reply_by == ReplyBy.PHONE:
        return f"Phone them on {format_phone(format_request.phone)} to tell them it is ready."
    return "Post it to them at the address above."


class RequestActionView(View):
    """POST one small form about one request to a service; back to the request."""

    form_class = None
    detail_url_name = None
    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.can_handle_requests(request.user):
            raise PermissionDenied
        format_request = get_object_or_404(FormatRequest, pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                messages.success(request, self.perform(format_request, form.cleaned_data, request.user))
            except services.FormatRequestError as error:
                messages.error(request, str(error))
        return redirect(self.detail_url_name, pk)


class MarkInProgressView(RequestActionView):
    form_class = MarkInProgressForm

    def perform(self, format_request, data, user):
        services.start(format_request, user, data["note"])
        return f"{format_request.reference} is in progress."


class MarkDoneView(RequestActionView):
    form_class = MarkDoneForm

    def perform(self, format_request, data, user):
        services.mark_done(format_request, user, data["message"])
        if format_request.reply_by == ReplyBy.EMAIL:
            return f"{format_request.reference} is done. We are e-mailing {format_request.name} that it is ready."
        return f"{format_request.reference} is done. {_how_to_tell_them(format_request)}"


class FormatRequestViewSet(ListAndInspectViewSet):
    model = FormatRequest
    name = "format-requests"
    icon = "doc-full"
    menu_label = "Requests"
    menu_order = 100
    index_view_class = FormatRequestIndexView
    inspect_view_class = FormatRequestDetailView
    filterset_class = FormatRequestFilterSet
    ordering = ["due_on", "pk"]
    list_per_page = 50
    # No contact details in the list: they are on the (audited) request page.
    list_display = [
        Column("reference", label="Reference", accessor="reference"),
        Column("publication_title", label="Publication"),
        Column("format", label="Format", accessor="format_label", sort_key="format"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("received_at", label="Received", sort_key="received_at"),
        DeadlineColumn("due_on", label="Due", sort_key="due_on"),
    ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(action_url_names={
            "in_progress": self.get_url_name("in_progress"), "done": self.get_url_name("done"),
        }, **kwargs)

    def get_extra_urlpatterns(self):
        detail = self.get_url_name("inspect")
        return [path("<int:pk>/in-progress/", MarkInProgressView.as_view(detail_url_name=detail), name="in_progress"),
                path("<int:pk>/done/", MarkDoneView.as_view(detail_url_name=detail), name="done")]


class CommunicationNeedDetailView(AuditedInspectView):
    page_title = "Communication need"
    header_icon = "user"

    def get_fields(self):
        return ["name", "format", "language", "details", "reply_by", "email", "phone", "address",
                "consent_version", "recorded_at", "updated_at"]

    def get_consent_version_display_value(self):
        return f"Version {self.object.consent_version}: \u201c{services.consent_wording_for(self.object)}\u201d"

    def get_phone_display_value(self):
        return format_phone(self.object.phone)


class CommunicationNeedViewSet(ListAndInspectViewSet):
    """The communication needs people asked us to keep. Deleting one is how a person who
    withdraws consent (and gave no e-mail address or phone number) is removed."""

    model = CommunicationNeed
    name = "communication-needs"
    icon = "user"
    menu_label = "Communication needs"
    menu_order = 200
    inspect_view_class = CommunicationNeedDetailView
    list_filter = ["format", "reply_by"]
    search_fields = ["name"]
    ordering = ["name", "pk"]
    list_display = [
        "name",
        Column("format", label="Format", accessor="format_label", sort_key="format"),
        Column("reply_by", label="Contact by", accessor="get_reply_by_display", sort_key="reply_by"),
        DateColumn("updated_at", label="Last asked", sort_key="updated_at"),
    ]

    deletable = True

    def get_extra_urlpatterns(self):
        return [path("<int:pk>/delete/", self.delete_view, name="delete")]


class OtherFormatsViewSetGroup(ViewSetGroup):
    menu_label = "Other formats"
    menu_name = "other-formats"
    menu_icon = "doc-full"
    menu_order = 270
    items = (FormatRequestViewSet, CommunicationNeedViewSet)


class FormatRequestsPanel(Component):
    """Dashboard: how many requests are open and how many overdue, with links to them."""

    name = "format_requests"
    order = 95
    template_name = "accessible_formats/admin/dashboard_panel.html"

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context):
        index = reverse("format-requests:index")
        return {"counts": self.counts, "open_url": f"{index}?status=open",
                "index_url": index, "overdue_url": f"{index}?overdue=true"}


def dashboard_panel(user):
    """The panel for someone who may see the requests, when any are open; else None."""
    if not permissions.can_view_requests(user):
        return None
    counts = services.queue_counts()
    return FormatRequestsPanel(counts) if counts["open"] else None
