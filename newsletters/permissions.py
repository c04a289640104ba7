"""Who may do what with newsletters in the admin. Superusers pass every check (Django's has_perm).

Subscribers are personal data, so `view_subscriber` is one of accounts.roles.PERSONAL_DATA_PERMISSIONS:
people who have it must use two-factor authentication. Campaign pages show only counts.
"""
from django.core.exceptions import PermissionDenied

VIEW_SUBSCRIBERS = "newsletters.view_subscriber"
IMPORT_SUBSCRIBERS = "newsletters.add_subscriber"
VIEW_CAMPAIGNS = "newsletters.view_newslettercampaign"
SEND_CAMPAIGNS = "newsletters.send_newslettercampaign"


def _has(user, permission):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))


def can_view_subscribers(user):
    return _has(user, VIEW_SUBSCRIBERS)


def can_import_subscribers(user):
    return can_view_subscribers(user) and _has(user, IMPORT_SUBSCRIBERS)


def can_view_campaigns(user):
    """See campaigns and their progress, preview an issue as an e-mail and send a test to yourself."""
    return _has(user, VIEW_CAMPAIGNS)


def can_send_campaigns(user):
    """Send an issue to a list, schedule it and cancel a scheduled send (Comms approvers)."""
    return can_view_campaigns(user) and _has(user, SEND_CAMPAIGNS)


class PermissionRequiredMixin:
    """For admin views: 403 unless the user passes `permission_check`."""

    permission_check = staticmethod(can_view_campaigns)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
