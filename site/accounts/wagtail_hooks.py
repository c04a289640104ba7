"""Wiring only: the approval workflow's messages (approval_messages.py)."""
from wagtail import hooks

from .approval_messages import replace_updated_message, was_approval


@hooks.register("after_edit_page")
def say_published_after_approval(request, page):
    if was_approval(request):
        replace_updated_message(request, page)
