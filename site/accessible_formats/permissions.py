"""Who may see and work through requests for other formats (the Comms team: accounts.roles)."""


def can_view_requests(user):
    return user.has_perm("accessible_formats.view_formatrequest")


def can_handle_requests(user):
    return user.has_perm("accessible_formats.change_formatrequest")
