"""Contact form messages in the Wagtail admin, under the "Personal data" menu.

Read-only apart from marking a message handled: no adding, editing, copying or deleting here
(messages are erased through the privacy tools or by the retention rule). Opening a message
writes an audit log entry, because it shows the sender's name, address and words.
"""
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import BaseOperationView, IndexView, InspectView, PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy.models import AuditLogEntry
from privacy.services import audit
from privacy.views import PERSONAL_DATA_MENU_HOOK

from .admin_columns import YesNoColumn
from .admin_views import ListAndInspectViewSet
from .models import ContactMessage, Topic, UncheckedTranslation


class ContactMessageIndexView(IndexView):
    page_title = "Contact messages"


class ContactMessageInspectView(InspectView):
    template_name = "privacy/contact_message_inspect.html"
    page_title = "Message"
    mark_handled_url_name = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit(request.user, AuditLogEntry.Action.VIEW, self.object.email,
              source=ContactMessage._meta.label_lower, id=self.object.pk)
        return response

    def get_message_display_value(self):
        return linebreaksbr(self.object.message, autoescape=True)

    def get_handled_display_value(self):
        return "Yes" if self.object.handled else "No"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.mark_handled_url_name and self.user_has_permission("change"):
            context["mark_handled_url"] = reverse(self.mark_handled_url_name, args=[self.object.pk])
        return context


class MarkHandledView(PermissionCheckedMixin, BaseOperationView):
    """POST handled=1 (or 0) to mark a message handled (or not). Needs the change permission."""

    model = ContactMessage
    permission_required = "change"
    index_url_name = None

    def perform_operation(self):
        self.object.handled = self.request.POST.get("handled", "1") == "1"
        self.object.save(update_fields=["handled"])

    def get_success_message(self):
        state = "handled" if self.object.handled else "not handled"
        return f"Message '{self.object}' marked as {state}."

    def get_success_url(self):
        # Back to the list, not the message: reopening it would log another view.
        return self.next_url or reverse(self.index_url_name)


class ContactMessageViewSet(ListAndInspectViewSet):
    model = ContactMessage
    name = "contact-messages"
    icon = "mail"
    menu_label = "Contact messages"
    menu_order = 200
    menu_hook = PERSONAL_DATA_MENU_HOOK
    index_view_class = ContactMessageIndexView
    inspect_view_class = ContactMessageInspectView
    inspect_view_fields = ["created_at", "name", "email", "subject", "message", "handled"]
    form_fields = ["handled"]
    list_display = [
        "subject",
        DateColumn("created_at", label="Received", sort_key="created_at"),
        YesNoColumn("handled", label="Handled", sort_key="handled"),
    ]
    list_filter = ["handled"]
    ordering = "-created_at"

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(mark_handled_url_name=self.get_url_name("mark_handled"), **kwargs)

    @property
    def mark_handled_view(self):
        return self.construct_view(MarkHandledView, index_url_name=self.get_url_name("index"))

    def get_extra_urlpatterns(self):
        # Only the list, the message and "mark handled" exist.
        return [path("<int:pk>/handled/", self.mark_handled_view, name="mark_handled")]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    add_to_settings_menu = True
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    ordering = ["kind", "sort_order", "name"]



class UncheckedTranslationViewSet(ModelViewSet):
    """Pages in other languages waiting for a translator: deleting the record says it was checked."""

    model = UncheckedTranslation
    name = "translations-to-check"
    icon = "globe"
    menu_label = "Translations to check"
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["note"]
    list_display = ["__str__", "note", DateColumn("created_at", label="Marked", sort_key="created_at")]
    ordering = "-created_at"
