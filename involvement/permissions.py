"""Who may do what with involvement claims. Claims are personal and financial data, so viewing
them is one of accounts.roles.PERSONAL_DATA_PERMISSIONS (two-factor authentication)."""
VIEW_CLAIMS = "involvement.view_claim"
ADD_CLAIMS = "involvement.add_claim"
APPROVE_CLAIMS = "involvement.approve_claim"
EXPORT_CLAIMS = "involvement.export_claims"


def _has(user, permission):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))


def can_view_claims(user):
    return _has(user, VIEW_CLAIMS)


def can_enter_claims(user):
    """Enter a claim for someone without e-mail, with the channel recorded."""
    return can_view_claims(user) and _has(user, ADD_CLAIMS)


def can_decide_claims(user):
    """Check, approve, return and reject."""
    return can_view_claims(user) and _has(user, APPROVE_CLAIMS)


def can_export_claims(user):
    return can_view_claims(user) and _has(user, EXPORT_CLAIMS)
