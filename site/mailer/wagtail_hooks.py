"""Wiring only: the "E-mail suppressions" admin views (views_admin.py)."""
from wagtail import hooks

from .views_admin import SuppressionViewSet


@hooks.register("register_admin_viewset")
def register_suppression_viewset():
    return SuppressionViewSet()
