"""Wiring only: the "Newsletters" admin menu (views_admin.py), the dashboard's newsletters panel
(dashboard.py), the subscribers' preferred languages on the User Group reach dashboard, and a "Send by e-mail" button on each newsletter issue in the page explorer and
the page editor's header."""
from wagtail import hooks

from base.page_buttons import register_page_button

from . import dashboard
from .models import NewsletterIssuePage
from .permissions import can_view_campaigns
from .views_admin import NewslettersViewSetGroup


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewslettersViewSetGroup()


hooks.register("construct_homepage_panels", dashboard.add_panel)

register_page_button(NewsletterIssuePage, "Send by e-mail", "newsletter-campaigns:issue", icon_name="mail",
                     allowed=can_view_campaigns)


@hooks.register("home_page_sections")
def latest_newsletter_section(home):
    from .services import latest_newsletter_section

    return latest_newsletter_section()


@hooks.register("reach_dashboard_language_sources")
def subscriber_language_sources():
    from .subscriptions import language_source

    return [language_source()]
