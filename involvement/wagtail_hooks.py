"""Wiring only: the "Involvement payments" admin menu (claims, activities, levels, rates, views_admin.py),
the number of claims waiting for a decision on the admin dashboard, and the co-production costs
section of the User Group reach dashboard."""
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from .permissions import can_decide_claims
from .services import waiting_for_decision
from .views_admin import WAITING, InvolvementViewSetGroup


@hooks.register("register_admin_viewset")
def register_involvement_viewsets():
    return InvolvementViewSetGroup()


class ClaimsSummaryItem(SummaryItem):
    order = 260
    template_name = "involvement/admin/claims_summary_item.html"

    def get_context_data(self, parent_context):
        return {"count": waiting_for_decision().count(), "status": WAITING}

    def is_shown(self):
        return can_decide_claims(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_claims_summary_item(request, items):
    items.append(ClaimsSummaryItem(request))


@hooks.register("reach_dashboard_sections")
def coproduction_costs_section(request):
    """Co-production cost by activity and locality, and how many said no to the payment, for staff who see claims."""
    from types import SimpleNamespace

    from .permissions import can_view_claims
    from .services import coproduction_costs

    if not can_view_claims(request.user):
        return None
    return SimpleNamespace(template_name="involvement/admin/reach_costs.html", costs=coproduction_costs())
