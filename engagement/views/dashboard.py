"""The User Group reach dashboard and its targets, in the Wagtail admin (Healthwatch staff).

Everything shown or exported comes from services.reach.build_dashboard, already suppressed.
The equality sections are special category data (even as totals): only staff with the
equality permission see them, and each view or export of them is audit-logged.
"""
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from base.spreadsheets import csv_download
from privacy.models import AuditLogEntry
from privacy.services import audit

from .. import permissions
from ..models import ReachTarget
from ..services import reach

SOURCE = "engagement.reach_dashboard"


class DashboardPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def build(self):
        include_equality = permissions.can_view_equality(self.request.user)
        return reach.build_dashboard(include_equality=include_equality, language_sources=language_sources())


class ReachDashboardView(DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "engagement/admin/reach_dashboard.html"
    page_title = "User Group reach"
    header_icon = "view"
    export_url_name = None
    targets_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = self.build()
        if dashboard.include_equality:
            audit(self.request.user, AuditLogEntry.Action.VIEW, source=SOURCE,
                  special_category="equality monitoring totals")
        context.update(
            dashboard=dashboard, members=reach.MEMBERS, applicants=reach.APPLICANTS,
            suppressed_text=reach.SUPPRESSED_TEXT, suppress_below=reach.SUPPRESS_BELOW,
            ratio_percent=int(reach.UNDER_REPRESENTED_RATIO * 100),
            export_url=reverse(self.export_url_name),
            targets_url=reverse(self.targets_url_name) if self.request.user.has_perm(
                "engagement.change_reachtarget") else None,
            extra_sections=extra_sections(self.request),
        )
        return context


def extra_sections(request):
    """Sections other apps add to the dashboard through the "reach_dashboard_sections" hook: each
    hook takes the request and returns an object with a `template_name` (and what that template
    shows), or None to add nothing."""
    sections = [hook(request) for hook in hooks.get_hooks("reach_dashboard_sections")]
    return [section for section in sections if section is not None]


def language_sources():
    """[(name, queryset)] whose preferred languages the dashboard counts: each app declares its own
    through the "reach_dashboard_language_sources" hook (a function returning such a list)."""
    return [source for hook in hooks.get_hooks("reach_dashboard_language_sources") for source in hook()]


class ReachExportView(DashboardPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        dashboard = self.build()
        audit(request.user, AuditLogEntry.Action.EXPORT, source=SOURCE, format="csv",
              **({"special_category": "equality monitoring totals"} if dashboard.include_equality else {}))
        return csv_download(reach.dashboard_rows(dashboard), f"user-group-reach-{timezone.localtime():%Y%m%d}.csv")


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_dashboard(request.user)


class ReachDashboardViewSet(ViewSet):
    name = "user-group-reach"
    icon = "view"
    menu_label = "Reach dashboard"
    menu_order = 300
    menu_item_class = DashboardMenuItem

    def get_urlpatterns(self):
        kwargs = {"export_url_name": self.get_url_name("export"), "targets_url_name": "user-group-targets:index"}
        return [
            path("", self.construct_view(ReachDashboardView, **kwargs), name="index"),
            path("export/", ReachExportView.as_view(), name="export"),
        ]


class ReachTargetViewSet(ModelViewSet):
    """Staff edit the target shares; the list of groups itself comes from the equality questions."""

    model = ReachTarget
    name = "user-group-targets"
    icon = "crosshairs"
    menu_label = "Reach targets"
    menu_order = 400
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "__str__",
        Column("share", label="Target share (%)"),
        Column("note", label="Source"),
    ]
    list_filter = ["category"]
    ordering = ["category", "value"]
    list_per_page = 100

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, delete_url_name=None, copy_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns()
                if pattern.name not in ("add", "delete", "copy")]
