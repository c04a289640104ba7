"""Who may do what with the User Group. Superusers pass every check (Django's has_perm).

Views, menu items and templates all ask these functions, so each rule is written once.
"""
SCREEN_APPLICATIONS = "engagement.change_usergroupapplication"
VIEW_APPLICATIONS = "engagement.view_usergroupapplication"
VIEW_EQUALITY = "engagement.view_equality_monitoring"
VIEW_DASHBOARD = "engagement.view_reach_dashboard"
INVITE_MEMBERS = "engagement.invite_members"


def _has(user, permission):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))


def can_view_applications(user):
    return _has(user, VIEW_APPLICATIONS) or _has(user, SCREEN_APPLICATIONS)


def can_screen_applications(user):
    """Change status, add notes, assign and e-mail applicants."""
    return _has(user, SCREEN_APPLICATIONS)


def can_view_equality(user):
    """See equality monitoring answers (special category data), one person's or as totals."""
    return _has(user, VIEW_EQUALITY)


def can_view_dashboard(user):
    return _has(user, VIEW_DASHBOARD)


def can_invite_members(user):
    return _has(user, INVITE_MEMBERS)
