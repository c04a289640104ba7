"""Who may download branding assets. Views and templates both ask here."""
from accounts.roles import is_staff_member


def can_download_assets(user):
    """Partner staff, every other staff group and superusers; nobody signed out."""
    return is_staff_member(user)
