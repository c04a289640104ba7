"""Wiring only: contact messages join the "Personal data" admin menu (see views_admin.py)."""
from wagtail import hooks

from .views_admin import ContactMessageViewSet


@hooks.register("register_admin_viewset")
def register_contact_message_viewset():
    return ContactMessageViewSet()
