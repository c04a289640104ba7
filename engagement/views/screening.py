"""Screening User Group applications in the Wagtail admin (Healthwatch staff).

The queue is a ModelViewSet index with filters; an application's page shows its details, status
history and notes, with small forms to move it along the workflow, add a note, assign it and
e-mail the applicant. Each form posts to its own view, which calls a service and comes back.
Opening an application is audit-logged; its equality answers are shown only on request, to
staff with the equality permission, and that is logged separately.
"""
from types import SimpleNamespace

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from base.admin_views import ListAndInspectViewSet
from base.languages import english_name
from base.models import Topic
from mailer.services import render_email
from privacy.models import AuditLogEntry
from privacy.services import audit

from .. import app_settings, permissions
from ..forms import ApplicantEmailForm, AssignForm, InvitationForm, NoteForm, StatusChangeForm
from ..localities import Locality
from ..models import UserGroupApplication
from ..services import user_group
from ..services.user_group import ScreeningError

Status = UserGroupApplication.Status


# The queue -----------------------------------------------------------------------------------


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    locality = django_filters.ChoiceFilter(choices=Locality.choices, empty_label="Any locality")
    pathway = django_filters.ModelChoiceFilter(
        field_name="interests", label="Pathway", empty_label="Any pathway",
        queryset=Topic.objects.filter(kind=Topic.Kind.PATHWAY).order_by("sort_order"))
    created_at = django_filters.DateFromToRangeFilter(label="Received", widget=DateRangePickerWidget)
    waiting = django_filters.BooleanFilter(
        label="Waiting too long", method="filter_waiting",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]))

    class Meta:
        model = UserGroupApplication
        fields = ["status", "locality", "pathway", "created_at", "waiting"]

    def filter_waiting(self, queryset, name, value):
        waiting = {"status": Status.NEW, "status_changed_at__lt": user_group.waiting_cutoff()}
        return queryset.filter(**waiting) if value else queryset.exclude(**waiting)


class StatusColumn(Column):
    """The status, with a "waiting N days" tag (in words, not only colour) when it is overdue."""

    cell_template_name = "engagement/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        now = parent_context.get("now") or timezone.now()
        context["waiting_days"] = (user_group.days_waiting(instance, now)
                                   if user_group.is_waiting_too_long(instance, now) else None)
        return context


class ApplicationIndexView(IndexView):
    page_title = "User Group applications"
    header_icon = "group"

    def get_base_queryset(self):
        return super().get_base_queryset().filter(anonymised_at=None).select_related("assigned_to")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["now"] = timezone.now()
        context["waiting_days"] = app_settings.user_group_waiting_days()
        return context


# One application -----------------------------------------------------------------------------


class ApplicationDetailView(InspectView):
    template_name = "engagement/admin/application_detail.html"
    page_title = "User Group application"
    header_icon = "user"
    action_url_names = {}

    def get_object(self, queryset=None):
        return get_object_or_404(
            UserGroupApplication.objects.filter(anonymised_at=None).select_related("assigned_to"), pk=self.pk)

    @cached_property
    def show_equality(self):
        return self.request.GET.get("equality") == "1" and permissions.can_view_equality(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        details = {"source": UserGroupApplication._meta.label_lower, "id": self.object.pk}
        if self.show_equality:
            details.update(special_category="equality monitoring answers")
        audit(request.user, AuditLogEntry.Action.VIEW, self.object.email or self.object.phone, **details)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application, user = self.object, self.request.user
        can_screen = permissions.can_screen_applications(user)
        context.update(
            application=application,
            interests=application.interests.order_by("kind", "sort_order"),
            status_changes=application.status_changes.all(),
            assigned_to_name=user_group.staff_name(application.assigned_to),
            language_name=english_name(application.language),
            notes=application.notes.all(),
            waiting_days=(user_group.days_waiting(application)
                          if user_group.is_waiting_too_long(application) else None),
            can_screen=can_screen,
            can_view_equality=permissions.can_view_equality(user),
            equality=getattr(application, "equality", None) if self.show_equality else None,
            show_equality=self.show_equality,
            has_equality=hasattr(application, "equality"),
            action_urls={name: reverse(url_name, args=[application.pk])
                         for name, url_name in self.action_url_names.items()},
        )
        if can_screen:
            context.update(
                status_form=StatusChangeForm(application=application),
                note_form=NoteForm(),
                assign_form=AssignForm(initial={"assigned_to": application.assigned_to_id}),
                standard_form=ApplicantEmailForm() if application.email else None,
            )
            move_to = self.request.GET.get("move_to", "")
            if move_to in user_group.allowed_transitions(application.status):
                context["suggested_status"] = {"value": move_to, "label": Status(move_to).label}
        return context


class ScreeningActionView(View):
    """POST one small form about one application to a service; back to the application."""

    form_class = None
    detail_url_name = None
    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.can_screen_applications(request.user):
            raise PermissionDenied
        application = get_object_or_404(UserGroupApplication, pk=pk, anonymised_at=None)
        form = self.get_form(request.POST, application)
        if not form.is_valid():
            messages.error(request, self.invalid_message(form))
        else:
            try:
                messages.success(request, self.perform(application, form.cleaned_data, request.user))
            except ScreeningError as error:
                messages.error(request, str(error))
        return redirect(self.detail_url_name, pk)

    def get_form(self, data, application):
        return self.form_class(data)

    def invalid_message(self, form):
        return " ".join(str(error) for errors in form.errors.values() for error in errors)


class ChangeStatusView(ScreeningActionView):
    form_class = StatusChangeForm

    def get_form(self, data, application):
        return StatusChangeForm(data, application=application)

    def invalid_message(self, form):
        return "Choose a status the application can move to."

    def perform(self, application, data, user):
        user_group.change_status(application, data["status"], user, data["reason"])
        return f"Application moved to '{application.get_status_display()}'."


class AddNoteView(ScreeningActionView):
    form_class = NoteForm

    def perform(self, application, data, user):
        user_group.add_note(application, data["text"], user)
        return "Note added."


class AssignView(ScreeningActionView):
    form_class = AssignForm

    def perform(self, application, data, user):
        user_group.assign(application, data["assigned_to"], user)
        who = data["assigned_to"]
        return f"Assigned to {user_group.staff_name(who)}." if who else "No longer assigned to anyone."


class EmailApplicantView(WagtailAdminTemplateMixin, TemplateView):
    """Write an e-mail to one applicant: fill it from a standard message, edit it, preview it
    exactly as it will arrive, then send what was previewed. Sending one that usually moves the
    application on (an induction invitation) offers that move on the application's page."""

    template_name = "engagement/admin/email_applicant.html"
    page_title = "E-mail the applicant"
    header_icon = "mail"
    detail_url_name = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_screen_applications(request.user):
            raise PermissionDenied
        self.application = get_object_or_404(UserGroupApplication, pk=kwargs["pk"], anonymised_at=None)
        if not self.application.email:
            messages.error(request, "This applicant has no e-mail address. Contact them by phone.")
            return redirect(self.detail_url_name, self.application.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.application.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "User Group applications"},
            {"url": reverse(self.detail_url_name, args=[self.application.pk]), "label": self.application.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        standard = request.GET.get("standard", "")
        initial = {}
        if standard in user_group.APPLICANT_EMAILS:
            initial = {"standard": standard, **user_group.standard_email(standard, self.application)}
        return self.render_to_response(self.get_context_data(form=ApplicantEmailForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        form = ApplicantEmailForm(request.POST)
        context = {"form": form}
        if action == "fill":
            standard = request.POST.get("standard", "")
            if standard in user_group.APPLICANT_EMAILS:
                form = ApplicantEmailForm(initial={"standard": standard,
                                                   **user_group.standard_email(standard, self.application)})
                context["form"] = form
            else:
                form.is_valid()
                form.add_error("standard", "Choose a standard message")
        elif form.is_valid():
            data = form.cleaned_data
            if action == "send":
                return self.send(data)
            subject, text = user_group.preview_applicant_email(
                self.application, data["subject"], data["message"], request.user, standard=data["standard"])
            context["preview"] = {"subject": subject, "text": text, "data": data}
        return self.render_to_response(self.get_context_data(**context))

    def send(self, data):
        try:
            user_group.email_applicant(self.application, data["subject"], data["message"], self.request.user,
                                       standard=data["standard"])
        except ScreeningError as error:
            messages.error(self.request, str(error))
            return redirect(self.detail_url_name, self.application.pk)
        messages.success(self.request, "E-mail queued. It is sent in the next minute or so.")
        url = reverse(self.detail_url_name, args=[self.application.pk])
        if move_to := user_group.suggested_status(data["standard"], self.application):
            url += f"?move_to={move_to}#screening-heading"
        return redirect(url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = user_group.applicant_language(self.application)
        context.update(application=self.application,
                       detail_url=reverse(self.detail_url_name, args=[self.application.pk]),
                       language_name=english_name(language) if language != settings.LANGUAGE_CODE else "")
        return context


class ScreeningQueuePanel(Component):
    """Dashboard: how many User Group applications wait for screening, and for how long the oldest."""

    name = "user_group_screening"
    order = 92
    template_name = "engagement/admin/screening_panel.html"

    def __init__(self, queue):
        self.queue = queue

    def get_context_data(self, parent_context):
        index = reverse("user-group-applications:index")
        return {"queue": self.queue, "new_url": f"{index}?status={Status.NEW}", "index_url": index}


def screening_panel(user):
    """The panel for someone who may screen applications, when any are waiting; else None."""
    if not permissions.can_screen_applications(user):
        return None
    queue = user_group.screening_queue()
    return ScreeningQueuePanel(queue) if queue["count"] else None


class ApplicationViewSet(ListAndInspectViewSet):
    model = UserGroupApplication
    name = "user-group-applications"
    icon = "group"
    menu_label = "Applications"
    menu_order = 100
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationDetailView
    filterset_class = ApplicationFilterSet
    ordering = "-created_at"
    list_per_page = 50
    # Names only, here: no one's contact details or answers in the list.
    list_display = [
        "name",
        StatusColumn("status", label="Status", sort_key="status"),
        Column("locality", label="Locality", accessor="get_locality_display", sort_key="locality"),
        Column("language", label="Language", accessor=lambda a: english_name(a.language), sort_key="language"),
        DateColumn("created_at", label="Received", sort_key="created_at"),
        Column("assigned_to", label="Assigned to", accessor=lambda a: user_group.staff_name(a.assigned_to)),
    ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(action_url_names={
            "status": self.get_url_name("status"), "note": self.get_url_name("note"),
            "assign": self.get_url_name("assign"), "email": self.get_url_name("email"),
        }, **kwargs)

    def get_extra_urlpatterns(self):
        detail = self.get_url_name("inspect")
        actions = {"status": ChangeStatusView, "note": AddNoteView, "assign": AssignView}
        email_view = self.construct_view(EmailApplicantView, detail_url_name=detail,
                                         index_url_name=self.get_url_name("index"))
        return [
            path("<int:pk>/email/", email_view, name="email"),
        ] + [
            path(f"<int:pk>/{name}/", view.as_view(detail_url_name=detail), name=name)
            for name, view in actions.items()
        ]


# Inviting members ----------------------------------------------------------------------------


class InviteMembersView(WagtailAdminTemplateMixin, TemplateView):
    """Choose members by locality and interest, preview who it reaches and the e-mail, then send."""

    template_name = "engagement/admin/invite_members.html"
    page_title = "Invite members"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_invite_members(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=InvitationForm()))

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            data = form.cleaned_data
            members = user_group.select_members(data["localities"], data["interests"], form.statuses())
            if request.POST.get("action") == "send":
                invitation = user_group.send_invitation(
                    subject=data["subject"], message=data["message"], link_url=data["link_url"],
                    filters=form.filters(), members=members, actor=request.user)
                messages.success(request, f"Invitation queued for {invitation.recipient_count} "
                                          f"member{'s' if invitation.recipient_count != 1 else ''}.")
                context.update(sent=invitation, preview=user_group.invitation_preview(members))
            else:
                context.update(preview=user_group.invitation_preview(members),
                               email_preview=self._render_preview(data))
        return self.render_to_response(self.get_context_data(**context))

    def _render_preview(self, data):
        """The e-mail as members will get it, with a stand-in for their name."""
        invitation = SimpleNamespace(subject=data["subject"], message=data["message"], link_url=data["link_url"])
        subject, text, _ = render_email("engagement/email/member_invitation",
                                        {"invitation": invitation, "member": SimpleNamespace(name="(member's name)")})
        return {"subject": subject, "text": text}


class InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_invite_members(request.user)


class InviteMembersViewSet(ViewSet):
    name = "user-group-invite"
    icon = "mail"
    menu_label = "Invite members"
    menu_order = 200
    menu_item_class = InviteMenuItem

    def get_urlpatterns(self):
        return [path("", self.construct_view(InviteMembersView), name="index")]
