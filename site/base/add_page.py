"""One press to start a new page of a type that lives under an index page (a newsletter issue,
an event), from a menu item or a dashboard panel, so staff need not find the index page in the
page tree. The shortcut's address redirects to Wagtail's own "add page" form under the first
index page the member of staff may add to."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page


def parent_for_new(page_class, user):
    """The first index page (in tree order) where `user` may add a `page_class`, or None."""
    parent_types = page_class.allowed_parent_page_models()
    parents = Page.objects.type(*parent_types).order_by("path")
    for parent in parents:
        if (page_class in parent.specific_class.allowed_subpage_models()
                and parent.permissions_for_user(user).can_add_subpage()):
            return parent
    return None


def add_page_url(page_class, user):
    """Wagtail's add-page form for `page_class` under its index page, or None."""
    parent = parent_for_new(page_class, user)
    if parent is None:
        return None
    meta = page_class._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])


class AddPageView(View):
    page_class = None

    def get(self, request):
        url = add_page_url(self.page_class, request.user)
        if url is not None:
            return redirect(url)
        if not Page.objects.type(*self.page_class.allowed_parent_page_models()).exists():
            messages.error(request, f"There is no page to add a {self.page_class._meta.verbose_name} to yet: "
                                    "ask an administrator to add it.")
            return redirect("wagtailadmin_home")
        raise PermissionDenied


class AddPageMenuItem(MenuItem):
    page_class = None

    def is_shown(self, request):
        return parent_for_new(self.page_class, request.user) is not None


class AddPageViewSet(ViewSet):
    """A menu item (and its address) that starts a new `page_class`. Give name, page_class,
    menu_label and icon; add_to_admin_menu or put it in a ViewSetGroup."""

    page_class = None

    @property
    def menu_item_class(self):
        return type("AddPageMenuItem", (AddPageMenuItem,), {"page_class": self.page_class})

    def get_urlpatterns(self):
        return [path("", AddPageView.as_view(page_class=self.page_class), name="add")]
