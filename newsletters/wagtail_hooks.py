"""Wiring only: the "Newsletters" admin menu (views_admin.py), and a "Send by e-mail" button on
each newsletter issue in the page explorer and the page editor's header."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from .models import NewsletterIssuePage
from .permissions import can_view_campaigns
from .views_admin import NewslettersViewSetGroup


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewslettersViewSetGroup()


def _send_button(page, user, priority):
    if page.specific_class is NewsletterIssuePage and can_view_campaigns(user):
        yield Button("Send by e-mail", reverse("newsletter-campaigns:issue", args=[page.pk]), icon_name="mail",
                     priority=priority)


@hooks.register("register_page_listing_buttons")
def page_listing_send_button(page, user, next_url=None, **kwargs):
    yield from _send_button(page, user, priority=15)


@hooks.register("register_page_header_buttons")
def page_header_send_button(page, user, next_url=None, view_name=None, **kwargs):
    yield from _send_button(page, user, priority=15)
