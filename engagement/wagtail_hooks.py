"""Wiring only: the "User Group" admin menu (views in views/screening.py and views/dashboard.py)."""
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .views.dashboard import ReachDashboardViewSet, ReachTargetViewSet
from .views.screening import ApplicationViewSet, InviteMembersViewSet


class UserGroupViewSetGroup(ViewSetGroup):
    menu_label = "User Group"
    menu_name = "user-group"
    menu_icon = "group"
    menu_order = 250
    items = (ApplicationViewSet, InviteMembersViewSet, ReachDashboardViewSet, ReachTargetViewSet)


@hooks.register("register_admin_viewset")
def register_user_group_viewsets():
    return UserGroupViewSetGroup()
