"""Subject access requests in the admin: a Wagtail ModelViewSet (list, log, edit, history) in the
"Personal data" menu, and a dashboard panel of the ones due soon or overdue. The due date and
what "completed" means are rules in services.py."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from base.phone import normalise_phone

from .models import SubjectAccessRequest
from .services import save_subject_access_request, subject_access_attention, time_left_text

Status = SubjectAccessRequest.Status
NATIVE_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class SubjectAccessRequestForm(WagtailAdminModelForm):
    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not normalise_phone(phone):
            raise ValidationError("Enter a phone number, like 07700 900123")
        return phone

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received and received > timezone.localdate():
            raise ValidationError("The date received cannot be in the future")
        return received

    def clean(self):
        cleaned = super().clean()
        completed, received = cleaned.get("completed_on"), cleaned.get("received_on")
        if completed and received and completed < received:
            self.add_error("completed_on", "The date completed cannot be before the date received")
        return cleaned

    def save(self, commit=True):
        return save_subject_access_request(self.instance)


def deadline_text(request, today=None):
    """The deadline in words, so it never depends on colour: "Overdue by 3 days", "Due in 5 days"."""
    if request.status == Status.COMPLETED:
        return f"Completed {request.completed_on:%-d %B %Y}" if request.completed_on else "Completed"
    return time_left_text(request.due_on, today)


class SubjectAccessRequestViewSet(ModelViewSet):
    model = SubjectAccessRequest
    name = "subject-access-requests"
    icon = "doc-full"
    menu_label = "Subject access requests"
    menu_name = "subject-access-requests"
    menu_order = 200
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "requester",
        DateColumn("received_on", label="Received", sort_key="received_on"),
        DateColumn("due_on", label="Due", sort_key="due_on"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("deadline", label="Deadline", accessor=deadline_text),
    ]
    list_filter = ["status"]
    search_fields = ["requester"]
    ordering = ["due_on", "pk"]
    edit_handler = ObjectList([
        FieldPanel("requester"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")], heading="How to reach them"),
        # The browser's own date field: Wagtail's date picker pop-up has unlabelled buttons.
        FieldPanel("received_on", widget=NATIVE_DATE),
        FieldPanel("status"),
        FieldPanel("completed_on", widget=NATIVE_DATE),
        FieldPanel("notes"),
    ], base_form_class=SubjectAccessRequestForm)

    def get_common_view_kwargs(self, **kwargs):
        # Nothing refers to a request: no "usage" screen.
        return {**super().get_common_view_kwargs(**kwargs), "usage_url_name": None}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "usage"]


class SubjectAccessPanel(Component):
    """Dashboard: open subject access requests that are overdue or due within a week."""

    name = "subject_access_requests"
    order = 90
    template_name = "privacy/subject_access_panel.html"

    def __init__(self, requests, index_url):
        self.requests, self.index_url = requests, index_url

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        return {"requests": [{"request": r, "deadline": deadline_text(r, today), "overdue": r.due_on < today}
                             for r in self.requests],
                "index_url": self.index_url}


def attention_panel(user, index_url):
    """The panel for someone who may see the requests, when any need attention; else None."""
    if not user.has_perm("privacy.view_subjectaccessrequest"):
        return None
    requests = list(subject_access_attention())
    return SubjectAccessPanel(requests, index_url) if requests else None
