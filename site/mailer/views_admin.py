"""Suppressed addresses in the Wagtail admin ("Personal data" menu), for the Comms team.

Read-only: suppressions come from the ESP's webhooks. Staff may remove a hard bounce or a manual
suppression (e.g. a resident fixed their mailbox); complaints and unsubscribes are the person's
own choice and cannot be removed here. Removing one is written to the audit log.
"""
from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView

from base.admin_views import ListAndInspectViewSet
from privacy.models import AuditLogEntry
from privacy.services import audit
from privacy.views import PERSONAL_DATA_MENU_HOOK

from . import services
from .models import Suppression


class SuppressionIndexView(IndexView):
    page_title = "E-mail suppressions"

    def get_delete_url(self, instance):
        if services.can_remove_suppression(instance):
            return super().get_delete_url(instance)
        return None


class SuppressionInspectView(InspectView):
    page_title = "Suppression"

    def get_email_display_value(self):
        return self.object.email or "Erased (only a keyed hash is kept, so the address stays suppressed)"

    def get_delete_url(self):
        if services.can_remove_suppression(self.object):
            return super().get_delete_url()
        return None


class SuppressionDeleteView(DeleteView):
    page_title = "Remove suppression"
    success_message = "Suppression of '%(object)s' removed: this address can be e-mailed again."

    def get_object(self, queryset=None):
        suppression = super().get_object(queryset)
        if not services.can_remove_suppression(suppression):
            raise PermissionDenied
        return suppression

    @property
    def confirmation_message(self):
        return "Remove this suppression? We will start e-mailing this address again."

    def delete_action(self):
        audit(self.request.user, AuditLogEntry.Action.ERASE, self.object.email or "",
              source=Suppression._meta.label_lower, reason=self.object.reason)
        services.remove_suppression(self.object)


class SuppressionViewSet(ListAndInspectViewSet):
    model = Suppression
    name = "suppressions"
    icon = "mail"
    menu_label = "E-mail suppressions"
    menu_order = 250
    menu_hook = PERSONAL_DATA_MENU_HOOK
    index_view_class = SuppressionIndexView
    inspect_view_class = SuppressionInspectView
    delete_view_class = SuppressionDeleteView
    inspect_view_fields = ["email", "reason", "detail", "created_at"]
    deletable = True
    form_fields = []
    list_display = [
        Column("email", label="Address", accessor=lambda s: s.email or "Erased address"),
        Column("reason", label="Reason", accessor="get_reason_display"),
        DateColumn("created_at", label="Since", sort_key="created_at"),
    ]
    list_filter = ["reason"]
    search_fields = ["email"]
    search_backend_name = None  # plain database search on the address
    ordering = "-created_at"

    def get_extra_urlpatterns(self):
        return [path("<int:pk>/remove/", self.delete_view, name="delete")]
