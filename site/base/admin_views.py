"""Pieces shared by the staff screens of several apps."""
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet


class ListAndInspectViewSet(ModelViewSet):
    """Records that come from a public form (or another service): a list and an (audited) page for
    each, no adding, editing, copying or history here; links to a record from elsewhere in the
    admin go to its page. `deletable` keeps the delete link (its route is the set's to give);
    `get_extra_urlpatterns` adds the set's own screens (actions on a record, an export)."""

    inspect_path = "<int:pk>/"  # a record's page
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    deletable = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, history_url_name=None, usage_url_name=None,
                           copy_url_name=None)
        if not self.deletable:
            view_kwargs["delete_url_name"] = None
        return view_kwargs

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(self.inspect_path, self.inspect_view, name="inspect"),
        ] + self.get_extra_urlpatterns()

    def get_extra_urlpatterns(self):
        """The set's own screens besides the list and a record's page."""
        return []


class StaffPageMixin(WagtailAdminTemplateMixin):
    """An admin page inside a section of the admin (a viewset's list, `index_url_name`, called
    `index_label` in the breadcrumbs), for staff who pass `permission_check(user)`; anyone else is
    refused (403)."""

    index_url_name = None
    index_label = ""
    permission_check = None  # staticmethod(a function of the user, from the app's permissions.py)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse(self.index_url_name), "label": self.index_label},
                                         {"url": "", "label": self.get_page_title()}]
