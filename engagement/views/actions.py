"""Themes ("You said") and actions ("We did") in the Wagtail admin, for Healthwatch staff.

Themes are edited as they are; responses are linked to them from each response's page. An
action is created and edited in a form; saving hands over to services/loop.py, which records
the change on the action's timeline and (once it is published, and whenever its status
changes) has every contributor who asked to hear back e-mailed once. The action's own page
shows the timeline, with forms to change the status and add a progress note.
"""
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from base.admin_columns import YesNoColumn

from .. import permissions
from ..forms import ActionStatusForm, ProgressUpdateForm
from ..models import Action, Theme
from ..services import loop
from ..services.feedback import with_response_counts
from ..services.loop import ActionError


class ThemeIndexView(IndexView):
    def get_base_queryset(self):
        return with_response_counts(super().get_base_queryset().select_related("exercise"))


class ThemeViewSet(ModelViewSet):
    model = Theme
    name = "feedback-themes"
    icon = "tag"
    menu_label = "Themes (you said)"
    menu_order = 200
    copy_view_enabled = False
    index_view_class = ThemeIndexView
    list_filter = ["exercise", "is_published"]
    list_display = [
        "title",
        Column("exercise", label="Exercise", accessor=lambda theme: theme.exercise.title),
        Column("response_count", label="Responses", sort_key="response_count"),
        YesNoColumn("is_published", label="On the website"),
    ]
    list_per_page = 50


class ActionAdminForm(WagtailAdminModelForm):
    update_note = forms.CharField(
        required=False, label="What changed (optional)", widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Added to the public timeline, and to the e-mail contributors get when you publish the action "
                  "or change its status.")

    def clean(self):
        cleaned = super().clean()
        exercise, themes = cleaned.get("exercise"), cleaned.get("themes")
        if exercise and themes and any(theme.exercise_id != exercise.pk for theme in themes):
            self.add_error("themes", "Choose themes of the action's own engagement exercise.")
        return cleaned


ACTION_PANELS = ObjectList([
    FieldPanel("exercise"),
    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    FieldPanel("title"), FieldPanel("description"), FieldPanel("partner"),
    MultiFieldPanel([FieldPanel("status"), FieldPanel("not_possible_reason")], heading="Status"),
    FieldRowPanel([FieldPanel("starts_on"), FieldPanel("due_on"), FieldPanel("completed_on")], heading="Dates"),
    InlinePanel("evidence_links", label="Evidence: where to read more"),
    FieldPanel("sort_order"),
    FieldPanel("is_published"),
    FieldPanel("update_note"),
], base_form_class=ActionAdminForm)


class _SaveThroughLoop:
    """Save the form, then let services/loop.py record (and announce) what changed."""

    def save_instance(self):
        existing = getattr(self, "object", None)
        before = (Action.objects.filter(pk=existing.pk).values("status", "is_published").first()
                  if existing is not None and existing.pk else None)
        instance = super().save_instance()
        try:
            loop.record_action_change(
                instance, was_published=bool(before and before["is_published"]),
                previous_status=before["status"] if before else None, actor=self.request.user,
                note=self.form.cleaned_data.get("update_note", ""))
        except ActionError as error:  # the model's own validation normally catches this first
            messages.error(self.request, str(error))
        return instance


class _ToTheActionsPage:
    """After saving, show the action's page: its timeline, and the button to publish it."""

    inspect_url_name = None

    def get_success_url(self):
        return self.get_inspect_url()

    def get_inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class ActionCreateView(_ToTheActionsPage, _SaveThroughLoop, CreateView):
    pass


class ActionEditView(_ToTheActionsPage, _SaveThroughLoop, EditView):
    pass


class ActionIndexView(IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        # The title opens the action's page (timeline, publish, status), not straight to the edit
        # form: that page has "Edit" too, as does each row's "More" menu.
        columns[0]._get_url_func = self.get_inspect_url
        return columns


class ActionDetailView(InspectView):
    """The action's page: what it is, its timeline, and publish / change status / add progress."""

    template_name = "engagement/admin/action_detail.html"
    page_title = "Action (we did)"
    action_url_names = {}

    @cached_property
    def header_buttons(self):
        edit_url = self.get_edit_url()
        return [HeaderButton("Edit", url=edit_url, icon_name="edit")] if edit_url else []

    @cached_property
    def header_more_buttons(self):
        return [button for button in super().header_more_buttons if button.url != self.get_edit_url()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        context.update(
            action=action, updates=action.updates.order_by("-created_at", "-pk"),
            themes=action.themes.all(), hidden_themes=loop.hidden_themes(action),
            evidence=action.evidence_links.select_related("page"),
            contributors=len(loop.contributors(action)),
            can_manage=permissions.can_manage_actions(self.request.user),
            status_form=ActionStatusForm(initial={"status": action.status}), progress_form=ProgressUpdateForm(),
            action_urls={name: reverse(url, args=[action.pk]) for name, url in self.action_url_names.items()},
        )
        return context


class ActionOperationView(View):
    http_method_names = ["post"]
    detail_url_name = None
    operation = None

    def post(self, request, pk):
        if not permissions.can_manage_actions(request.user):
            raise PermissionDenied
        action = get_object_or_404(Action, pk=pk)
        try:
            message = getattr(self, self.operation)(request, action)
        except ActionError as error:
            messages.error(request, str(error))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.detail_url_name, pk)

    def status(self, request, action):
        form = ActionStatusForm(request.POST)
        if not form.is_valid():
            raise ActionError("Choose a status.")
        data = form.cleaned_data
        action, update = loop.change_status(action, data["status"], request.user, data["note"], data["reason"])
        told = " Contributors who asked to hear back will be e-mailed." if update and update.notifies else ""
        return f"Status changed to '{action.get_status_display()}'.{told}"

    def progress(self, request, action):
        form = ProgressUpdateForm(request.POST)
        if not form.is_valid():
            raise ActionError("Write the update before saving it.")
        loop.add_progress_update(action, form.cleaned_data["text"], request.user)
        return "Progress update added to the timeline."

    def publish(self, request, action):
        _, update = loop.publish_action(action, request.user)
        return "Published. Contributors who asked to hear back will be e-mailed." if update else "Already published."


class ActionViewSet(ModelViewSet):
    model = Action
    name = "feedback-actions"
    icon = "tick-inverse"
    menu_label = "Actions (we did)"
    menu_order = 300
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ActionDetailView
    index_view_class = ActionIndexView
    add_view_class = ActionCreateView
    edit_view_class = ActionEditView
    edit_handler = ACTION_PANELS
    list_filter = ["exercise", "status", "is_published"]
    list_display = [
        "title",
        Column("exercise", label="Exercise", accessor=lambda action: action.exercise.title),
        Column("partner", label="Partner", accessor=lambda action: str(action.partner or "")),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        YesNoColumn("is_published", label="On the website"),
    ]
    list_per_page = 50

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(action_url_names={
            name: self.get_url_name(name) for name in ("status", "progress", "publish")}, **kwargs)

    def get_urlpatterns(self):
        detail = self.get_url_name("inspect")
        return super().get_urlpatterns() + [
            path(f"<int:pk>/{name}/", ActionOperationView.as_view(operation=name, detail_url_name=detail), name=name)
            for name in ("status", "progress", "publish")
        ]
