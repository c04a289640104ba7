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


# Engagement feedback ---------------------------------------------------------------------------
# Responses are residents' words and (sometimes) e-mail addresses: every one of these is in
# accounts.roles.PERSONAL_DATA_PERMISSIONS, so staff who have them must use MFA.
VIEW_RESPONSES = "engagement.view_response"
MODERATE_RESPONSES = "engagement.change_response"
ADD_RESPONSES = "engagement.add_response"
MANAGE_THEMES = "engagement.change_theme"
MANAGE_ACTIONS = "engagement.change_action"


def can_view_responses(user):
    """See responses and export them."""
    return _has(user, VIEW_RESPONSES) or _has(user, MODERATE_RESPONSES)


def can_moderate_responses(user):
    """Approve, redact, reject, flag, block a sender, link responses to themes."""
    return can_view_responses(user) and _has(user, MODERATE_RESPONSES)


def can_add_responses(user):
    """Type in a response received by phone, on paper or at an event."""
    return can_view_responses(user) and _has(user, ADD_RESPONSES)


def can_manage_actions(user):
    """Publish actions and change their status (which e-mails contributors)."""
    return _has(user, MANAGE_ACTIONS)
