"""A button for one page type, shown on its row in the page explorer and in its editor's header,
to staff allowed to use it (e.g. an event's "Bookings", a newsletter issue's "Send by e-mail").

A row's own buttons must be Wagtail's ListingButton: a plain Button there has no button
classes, so its icon is drawn at the SVG's natural size (150 px), stretching every row."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button, ListingButton


def register_page_button(page_class, label, url_name, *, icon_name, allowed, priority=15):
    """Call from an app's wagtail_hooks.py. `url_name` takes the page's id; `allowed(user)`."""

    def buttons(page, user, button_class):
        if page.specific_class is page_class and allowed(user):
            yield button_class(label, reverse(url_name, args=[page.pk]), icon_name=icon_name, priority=priority)

    @hooks.register("register_page_listing_buttons")
    def listing_button(page, user, next_url=None, **kwargs):
        yield from buttons(page, user, ListingButton)

    @hooks.register("register_page_header_buttons")
    def header_button(page, user, next_url=None, view_name=None, **kwargs):
        yield from buttons(page, user, Button)  # shown in the header's dropdown, which sizes icons
