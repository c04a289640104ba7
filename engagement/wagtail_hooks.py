"""Wiring only: the "User Group" admin menu (views in views/screening.py and views/dashboard.py),
the "Feedback" menu (views/moderation.py and views/actions.py), on the admin dashboard the number
of responses waiting for moderation and the applications waiting for screening, and the
applications' and responses' preferred languages on the reach dashboard."""
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.viewsets.base import ViewSetGroup

from . import permissions
from .services.moderation import queue_count
from .views.actions import ActionViewSet, ThemeViewSet
from .views.dashboard import ReachDashboardViewSet, ReachTargetViewSet
from .views.moderation import BlockedSenderViewSet, ResponseViewSet
from .views.screening import ApplicationViewSet, InviteMembersViewSet, screening_panel


class UserGroupViewSetGroup(ViewSetGroup):
    menu_label = "User Group"
    menu_name = "user-group"
    menu_icon = "group"
    menu_order = 250
    items = (ApplicationViewSet, InviteMembersViewSet, ReachDashboardViewSet, ReachTargetViewSet)


class FeedbackViewSetGroup(ViewSetGroup):
    menu_label = "Feedback"
    menu_name = "feedback"
    menu_icon = "comment"
    menu_order = 260
    items = (ResponseViewSet, ThemeViewSet, ActionViewSet, BlockedSenderViewSet)


@hooks.register("register_admin_viewset")
def register_user_group_viewsets():
    return UserGroupViewSetGroup()


@hooks.register("register_admin_viewset")
def register_feedback_viewsets():
    return FeedbackViewSetGroup()


class ModerationSummaryItem(SummaryItem):
    order = 250
    template_name = "engagement/admin/moderation_summary_item.html"

    def get_context_data(self, parent_context):
        return {"count": queue_count()}

    def is_shown(self):
        return permissions.can_moderate_responses(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_moderation_summary_item(request, items):
    items.append(ModerationSummaryItem(request))


@hooks.register("construct_homepage_panels")
def add_screening_panel(request, panels):
    if panel := screening_panel(request.user):
        panels.append(panel)


@hooks.register("site_navigation_pages")
def you_said_we_did_in_navigation():
    """"You said, we did" is what the site is for: it is in the main navigation."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from .models import YouSaidWeDidIndexPage

    return Q(content_type=ContentType.objects.get_for_model(YouSaidWeDidIndexPage))


@hooks.register("home_page_sections")
def you_said_we_did_section(home):
    from .services.home import you_said_we_did_section

    return you_said_we_did_section()


@hooks.register("home_page_sections")
def have_your_say_section(home):
    from .services.home import have_your_say_section

    return have_your_say_section()


@hooks.register("section_index_pages")
def you_said_we_did_in_its_section():
    """"Get involved" lists "You said, we did" beside "Have your say", though it sits under it."""
    return you_said_we_did_in_navigation()


@hooks.register("reach_dashboard_language_sources")
def engagement_language_sources():
    from .services.reach import language_sources

    return language_sources()
