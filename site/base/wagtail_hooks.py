"""Wiring only: contact messages join the "Personal data" admin menu; topics are a snippet
(viewsets in views_admin.py)."""
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .views_admin import ContactMessageViewSet, TopicViewSet


@hooks.register("register_admin_viewset")
def register_contact_message_viewset():
    return ContactMessageViewSet()


register_snippet(TopicViewSet)
