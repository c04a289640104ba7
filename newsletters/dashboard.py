"""The Newsletters panel on the admin dashboard: what needs the Comms team now."""
from django.urls import reverse
from wagtail.admin.ui.components import Component

from base.add_page import add_page_url

from . import campaigns, services
from .models import NewsletterIssuePage
from .permissions import can_view_campaigns


class NewslettersPanel(Component):
    name = "newsletters"
    order = 110
    template_name = "newsletters/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "awaiting_approval": services.issues_awaiting_approval(),
            "drafts": services.draft_issues(),
            "upcoming": campaigns.upcoming_campaigns(),
            "write_url": add_page_url(NewsletterIssuePage, request.user),
            "campaigns_url": reverse("newsletter-campaigns:index"),
        }


def add_panel(request, panels):
    if can_view_campaigns(request.user):
        panels.append(NewslettersPanel())
