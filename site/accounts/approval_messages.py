"""What an approver is told after acting on a page in the approval workflow.

Wagtail's editor says "Page '…' has been updated." after every workflow action, even when
"Approve and publish" has just put the page live; an approver then cannot tell whether it is
published. After an approval, that message is replaced by one that says what happened.
"""
from django.contrib import messages as django_messages
from django.utils import timezone
from wagtail.admin import messages

APPROVE_ACTION = "approve"


def was_approval(request):
    return (request.method == "POST" and bool(request.POST.get("action-workflow-action"))
            and request.POST.get("workflow-action-name") == APPROVE_ACTION)


def approval_message(page):
    """The message for a page just approved, read fresh from the database."""
    page = type(page).objects.get(pk=page.pk)
    title = page.get_admin_display_title()
    if page.current_workflow_state is not None:
        return f"Page '{title}' has been approved and moved to the next approval step."
    scheduled = page.scheduled_revision
    if scheduled is not None and scheduled.approved_go_live_at:
        when = timezone.localtime(scheduled.approved_go_live_at).strftime("%-d %B %Y at %H:%M")
        return f"Page '{title}' has been approved and will be published on {when}."
    if page.live and not page.has_unpublished_changes:
        return f"Page '{title}' has been approved and published."
    return None


def replace_updated_message(request, page):
    """Swap Wagtail's "has been updated" for `approval_message`, keeping any other messages."""
    message = approval_message(page)
    if message is None:
        return
    storage = django_messages.get_messages(request)
    kept = [m for m in storage if "has been updated." not in str(m.message)]
    for old in kept:
        django_messages.add_message(request, old.level, old.message, extra_tags=old.extra_tags)
    messages.success(request, message)
