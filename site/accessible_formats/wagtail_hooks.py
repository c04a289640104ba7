"""Wiring only: the "Other formats" admin menu and the dashboard panel (views_admin.py)."""
from wagtail import hooks

from .views_admin import OtherFormatsViewSetGroup, dashboard_panel


@hooks.register("register_admin_viewset")
def register_other_formats_viewsets():
    return OtherFormatsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_format_requests_panel(request, panels):
    if panel := dashboard_panel(request.user):
        panels.append(panel)
