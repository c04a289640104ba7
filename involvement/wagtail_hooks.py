"""Wiring only: the "Involvement payments" admin menu (claims, activities, levels, rates, views_admin.py)
and the co-production costs section of the User Group reach dashboard."""
from wagtail import hooks

from .views_admin import InvolvementViewSetGroup


@hooks.register("register_admin_viewset")
def register_involvement_viewsets():
    return InvolvementViewSetGroup()


@hooks.register("reach_dashboard_sections")
def coproduction_costs_section(request):
    """Co-production cost by activity and locality, and how many said no to the payment, for staff who see claims."""
    from types import SimpleNamespace

    from .permissions import can_view_claims
    from .services import coproduction_costs

    if not can_view_claims(request.user):
        return None
    return SimpleNamespace(template_name="involvement/admin/reach_costs.html", costs=coproduction_costs())
