"""Moderating engagement feedback in the Wagtail admin (Healthwatch staff, with MFA).

The queue is a ModelViewSet index (new responses, oldest first, unless a filter says otherwise),
each row opening its response and showing the start of its words with the suggested redactions
taken out; a decision (approve, redact, reject) opens the next response waiting. A response's
page shows every answer with the suggested redactions highlighted and small forms, each
posting to its own view, which calls services/moderation.py and comes back. Opening a response
is audit-logged; so is every moderation step (in the service). Staff type in responses received
by phone, on paper or at an event, and export responses as CSV.
"""
import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from base.admin_views import ListAndInspectViewSet, StaffPageMixin
from base.question_pages import error_list
from base.spreadsheets import csv_download
from privacy.consents import current_wording
from privacy.models import AuditLogEntry
from privacy.services import audit

from .. import app_settings, permissions, redaction
from ..forms import (
    ApproveForm, ChooseExerciseForm, FeedbackEqualityForm, ReasonForm, SafeguardingForm, StaffResponseForm,
    ThemesForm,
)
from ..localities import Locality
from ..models import Answer, BlockedSender, EngagementExercisePage, Response
from ..services import feedback, moderation
from ..services.moderation import ModerationError

Status = Response.Status


class ResponseFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    exercise = django_filters.ModelChoiceFilter(queryset=EngagementExercisePage.objects.order_by("-opens_on"),
                                                empty_label="Any exercise")
    flagged = django_filters.BooleanFilter(
        label="Safeguarding flag", field_name="safeguarding_flagged_at", lookup_expr="isnull", exclude=True,
        widget=forms.Select(choices=[("", "Any"), ("true", "Flagged"), ("false", "Not flagged")]))
    channel = django_filters.ChoiceFilter(choices=Response.Channel.choices, empty_label="Any channel")
    locality = django_filters.ChoiceFilter(choices=Locality.choices, empty_label="Any locality")
    submitted_at = django_filters.DateFromToRangeFilter(label="Received", widget=DateRangePickerWidget)

    class Meta:
        model = Response
        fields = ["status", "exercise", "flagged", "channel", "locality", "submitted_at"]


class StatusColumn(Column):
    cell_template_name = "engagement/admin/response_status_cell.html"


class ResponseIndexView(IndexView):
    page_title = "Feedback responses"
    header_icon = "comment"
    export_url_name = None
    choose_exercise_url_name = None

    @cached_property
    def is_queue(self):
        """Without a status, flag, exercise or search, the list is the moderation queue."""
        return not any(name in self.request.GET for name in ("status", "flagged", "exercise", "q"))

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("exercise").prefetch_related("answers")
        if self.is_queue:
            queryset = queryset.filter(pk__in=moderation.queue().values("pk"))
        return queryset

    def get_ordering(self):
        # The queue is first in, first out, like "next in the queue" on a response's page.
        if self.is_queue and not self.is_explicitly_ordered:
            return "submitted_at"
        return super().get_ordering()

    def get_page_title(self):
        return "Moderation queue" if self.is_queue else super().get_page_title()

    def get_page_subtitle(self):
        return "Oldest first" if self.is_queue else super().get_page_subtitle()

    @cached_property
    def no_results_message(self):
        if self.is_queue and not self.is_filtering:
            return "No responses are waiting for moderation: the queue is empty."
        return super().no_results_message

    @cached_property
    def header_buttons(self):
        query = f"?{self.request.GET.urlencode()}" if self.request.GET else ""
        buttons = [HeaderButton("Download CSV", url=reverse(self.export_url_name) + query, icon_name="download")]
        if permissions.can_add_responses(self.request.user):
            buttons.insert(0, HeaderButton("Add a response", url=reverse(self.choose_exercise_url_name),
                                           icon_name="plus"))
        return buttons


class ResponseDetailView(InspectView):
    template_name = "engagement/admin/response_detail.html"
    page_title = "Feedback response"
    header_icon = "comment"
    action_url_names = {}
    inspect_url_name = None  # given by the viewset, for "Next in the queue"

    def get_object(self, queryset=None):
        return get_object_or_404(Response.objects.select_related("exercise"), pk=self.pk)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit(request.user, AuditLogEntry.Action.VIEW, self.object.email, source=Response._meta.label_lower,
              id=self.object.pk)
        return response

    def get_page_subtitle(self):
        return self.object.reference

    @cached_property
    def answers(self):
        answers = list(Answer.objects.filter(response=self.object))
        for answer in answers:
            answer.response = self.object
            answer.highlighted = redaction.highlight(answer.text, moderation.suggestions(answer))
        return answers

    @cached_property
    def next_in_queue(self):
        return moderation.next_in_queue(after=self.object)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.next_in_queue:
            buttons = [*buttons, HeaderButton("Next in the queue", icon_name="arrow-right",
                                              url=reverse(self.inspect_url_name, args=[self.next_in_queue.pk]))]
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response, user = self.object, self.request.user
        quotable = [answer for answer in self.answers if answer.quotable]
        can_moderate = permissions.can_moderate_responses(user)
        context.update(
            response=response, answers=self.answers, quotable=quotable, can_moderate=can_moderate,
            history=moderation.history(response),
            themes=response.themes.order_by("sort_order"),
            action_urls={name: reverse(url_name, args=[response.pk])
                         for name, url_name in self.action_url_names.items()},
            publishable=response.publish_consent in feedback.PUBLISHABLE_CONSENTS,
            safeguarding_lead_email=app_settings.safeguarding_lead_email(),
        )
        if can_moderate:
            initial = {f"public_text_{a.pk}": (a.public_text if response.status == Status.APPROVED and a.public_text
                                               else moderation.suggested_public_text(a)) for a in quotable}
            context.update(
                approve_form=ApproveForm(initial=initial, answers=quotable),
                reject_form=ReasonForm(prefix="reject"), block_form=ReasonForm(prefix="block"),
                flag_form=SafeguardingForm(),
                themes_form=ThemesForm(exercise=response.exercise, initial={"themes": list(response.themes.all())}),
            )
        return context


class ModerationActionView(View):
    """POST one small form about one response to a service; back to the response."""

    form_class = None
    detail_url_name = None
    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.can_moderate_responses(request.user):
            raise PermissionDenied
        response = get_object_or_404(Response.objects.select_related("exercise"), pk=pk)
        form = self.get_form(request.POST, response)
        if form is not None and not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                message = self.perform(response, form, request.user)
            except ModerationError as error:
                messages.error(request, str(error))
            else:
                return self.done(request, response, message)
        return redirect(self.detail_url_name, pk)

    def done(self, request, response, message):
        messages.success(request, message)
        return redirect(self.detail_url_name, response.pk)

    def get_form(self, data, response):
        return self.form_class(data) if self.form_class else None


class DecisionView(ModerationActionView):
    """A decision (approve, change the published version, reject) moves on to the next response
    waiting in the queue; after the last one, staff stay on it and are told the queue is empty."""

    def done(self, request, response, message):
        following = moderation.next_in_queue(after=response)
        if following is None:
            messages.success(request, f"{message} No more responses are waiting: the moderation queue is empty.")
            return redirect(self.detail_url_name, response.pk)
        messages.success(request, f"{message} This is the next response waiting in the queue.", buttons=[
            messages.button(reverse(self.detail_url_name, args=[response.pk]), f"Back to {response.reference}")])
        return redirect(self.detail_url_name, following.pk)


class ApproveView(DecisionView):
    def get_form(self, data, response):
        return ApproveForm(data, answers=Answer.objects.filter(response=response, kind=Answer.Kind.FREE_TEXT,
                                                                quotable=True).select_related("response"))

    def perform(self, response, form, user):
        moderation.approve(response, user, form.public_texts(), form.cleaned_data["reason"])
        return f"{response.reference} approved."


class RedactView(ApproveView):
    def perform(self, response, form, user):
        moderation.redact(response, user, form.public_texts(), form.cleaned_data["reason"])
        return f"The published version of {response.reference} was changed."


class RejectView(DecisionView):
    def get_form(self, data, response):
        return ReasonForm(data, prefix="reject")

    def perform(self, response, form, user):
        moderation.reject(response, user, form.cleaned_data["reason"])
        return f"{response.reference} rejected."


class FlagView(ModerationActionView):
    form_class = SafeguardingForm

    def perform(self, response, form, user):
        moderation.flag_safeguarding(response, user, form.cleaned_data["note"])
        return "Flagged for safeguarding. The safeguarding lead has been e-mailed."


class BlockView(ModerationActionView):
    def get_form(self, data, response):
        return ReasonForm(data, prefix="block")

    def perform(self, response, form, user):
        moderation.block_sender(response, user, form.cleaned_data["reason"])
        return "Sender blocked. What they send from now on is quarantined."


class ReleaseView(ModerationActionView):
    def perform(self, response, form, user):
        moderation.release(response, user)
        return f"{response.reference} is back in the moderation queue."


class ThemesView(ModerationActionView):
    def get_form(self, data, response):
        return ThemesForm(data, exercise=response.exercise)

    def perform(self, response, form, user):
        themes = moderation.set_themes(response, form.cleaned_data["themes"], user)
        return f"{response.reference} is linked to {len(themes)} theme{'s' if len(themes) != 1 else ''}."


class ExportView(View):
    """Responses (as filtered in the queue) as CSV, without contact details. Audit-logged."""

    def get(self, request):
        if not permissions.can_view_responses(request.user):
            raise PermissionDenied
        filters = ResponseFilterSet(request.GET, queryset=Response.objects.all())
        responses = filters.qs if filters.is_valid() else Response.objects.none()
        return csv_download(moderation.export_csv(responses.order_by("submitted_at", "pk"), request.user),
                            f"feedback-{timezone.localtime():%Y%m%d}.csv")


class AddResponseMixin(StaffPageMixin):
    header_icon = "comment"
    index_label = "Feedback responses"
    permission_check = staticmethod(permissions.can_add_responses)
    add_url_name = None


class ChooseExerciseView(AddResponseMixin, TemplateView):
    template_name = "engagement/admin/add_response_choose.html"
    page_title = "Add a response"

    def get(self, request, *args, **kwargs):
        form = ChooseExerciseForm(request.GET or None)
        if form.is_bound and form.is_valid():
            return redirect(self.add_url_name, form.cleaned_data["exercise"].pk)
        return self.render_to_response(self.get_context_data(form=form))


class AddResponseView(AddResponseMixin, TemplateView):
    """Staff type in a response received by phone, on paper or at an event (channel recorded)."""

    template_name = "engagement/admin/add_response.html"
    page_title = "Add a response"

    def get_page_subtitle(self):
        return self.exercise.title

    def dispatch(self, request, *args, **kwargs):
        self.exercise = get_object_or_404(EngagementExercisePage, pk=kwargs["exercise_id"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_form(StaffResponseForm(exercise=self.exercise), FeedbackEqualityForm())

    def post(self, request, *args, **kwargs):
        form = StaffResponseForm(request.POST, exercise=self.exercise)
        equality_form = FeedbackEqualityForm(request.POST)
        if form.is_valid() & equality_form.is_valid():
            try:
                response, created = feedback.submit_response(
                    self.exercise, form.response_data(), form.answers(), equality_answers=equality_form.answers(),
                    equality_consent=equality_form.cleaned_data.get("consent", False),
                    channel=form.cleaned_data["channel"], entered_by=request.user,
                    source=f"{form.cleaned_data['channel']} response typed in by {request.user.email or 'staff'}")
            except feedback.ExerciseNotOpen as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{response.reference} added to the moderation queue." if created else
                                 f"{response.reference} was already added.")
                return redirect(self.index_url_name)
        return self.render_form(form, equality_form)

    def render_form(self, form, equality_form):
        return self.render_to_response(self.get_context_data(
            form=form, equality_form=equality_form, exercise=self.exercise,
            errors=[(None, e) for e in form.non_field_errors()] + error_list(form, equality_form),
            updates_wording=current_wording(feedback.UPDATES_CONSENT).text))


class ResponseMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_responses(request.user)


class ResponseViewSet(ListAndInspectViewSet):
    model = Response
    name = "feedback-responses"
    icon = "comment"
    menu_label = "Responses"
    menu_order = 100
    menu_item_class = ResponseMenuItem
    index_view_class = ResponseIndexView
    inspect_view_class = ResponseDetailView
    filterset_class = ResponseFilterSet
    ordering = "-submitted_at"
    list_per_page = 50
    # The reference opens the response. No contact details in the list, and the words only as
    # an excerpt with the suggested redactions taken out.
    list_display = [
        "reference",
        Column("excerpt", label="What they said (start)", accessor=moderation.excerpt),
        Column("exercise", label="Exercise", accessor=lambda r: r.exercise.title),
        DateColumn("submitted_at", label="Received", sort_key="submitted_at"),
        Column("channel", label="Channel", accessor="get_channel_display", sort_key="channel"),
        StatusColumn("status", label="Status", sort_key="status"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(export_url_name=self.get_url_name("export"),
                                             choose_exercise_url_name=self.get_url_name("choose"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            action_url_names={name: self.get_url_name(name) for name in self.actions}, **kwargs)

    actions = {"approve": ApproveView, "redact": RedactView, "reject": RejectView, "flag": FlagView,
               "block": BlockView, "release": ReleaseView, "themes": ThemesView}

    def get_extra_urlpatterns(self):
        detail = self.get_url_name("inspect")
        add_kwargs = {"index_url_name": self.get_url_name("index"), "add_url_name": self.get_url_name("add")}
        return [
            path("export/", ExportView.as_view(), name="export"),
            path("add/", ChooseExerciseView.as_view(**add_kwargs), name="choose"),
            path("add/<int:exercise_id>/", AddResponseView.as_view(**add_kwargs), name="add"),
        ] + [
            path(f"<int:pk>/{name}/", view.as_view(detail_url_name=detail), name=name)
            for name, view in self.actions.items()
        ]


class BlockedSenderViewSet(ModelViewSet):
    """Blocks in force (hashes only, so nothing here identifies anyone); delete one to unblock."""

    model = BlockedSender
    name = "feedback-blocked-senders"
    icon = "cross"
    menu_label = "Blocked senders"
    menu_order = 400
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["__str__", Column("reason", label="Reason"), Column("created_by_label", label="Blocked by")]
    form_fields = ["reason"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, copy_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in ("add", "copy")]
