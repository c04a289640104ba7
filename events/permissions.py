"""Who may see and run event bookings in the admin. Superusers pass every check (Django's has_perm).

Bookings are residents' personal data (with access needs), so `view_booking` is one of
accounts.roles.PERSONAL_DATA_PERMISSIONS: people who have it must use two-factor authentication.
"""
from django.core.exceptions import PermissionDenied

VIEW_BOOKINGS = "events.view_booking"
ADD_BOOKINGS = "events.add_booking"
CHANGE_BOOKINGS = "events.change_booking"


def _has(user, permission):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))


def can_view_bookings(user):
    return _has(user, VIEW_BOOKINGS)


def can_add_bookings(user):
    """Add a booking taken by phone, on paper or in person."""
    return can_view_bookings(user) and _has(user, ADD_BOOKINGS)


def can_change_bookings(user):
    """Cancel, promote from the waiting list, record access arrangements and attendance, message attendees."""
    return can_view_bookings(user) and _has(user, CHANGE_BOOKINGS)


class BookingPermissionMixin:
    """For admin views: 403 unless the user passes `permission_check`, checked before anything
    is looked up (`load_objects`), so a refused user cannot even tell whether a booking exists."""

    permission_check = staticmethod(can_view_bookings)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self):
        pass
