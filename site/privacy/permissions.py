"""Who may use the staff privacy tools. Superusers pass every check (Django's has_perm)."""
from django.core.exceptions import PermissionDenied

MANAGE_PERSONAL_DATA = "privacy.manage_personal_data"
VIEW_AUDIT_LOG = "privacy.view_auditlogentry"


def can_manage_personal_data(user):
    """May find, export and erase everything held about an e-mail address."""
    return user.is_authenticated and user.is_active and user.has_perm(MANAGE_PERSONAL_DATA)


def can_view_audit_log(user):
    return user.is_authenticated and user.is_active and user.has_perm(VIEW_AUDIT_LOG)


class ManagePersonalDataRequiredMixin:
    """For class-based admin views: 403 (Wagtail shows "permission denied") without the permission."""

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
