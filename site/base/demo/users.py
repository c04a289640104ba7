"""Demo staff accounts, one per staff group plus a superuser. Never in production."""
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF, ensure_staff_groups

DEMO_PASSWORD = "walsall-demo-2026"

# (e-mail, groups (none for the superuser), first name, last name)
DEMO_USERS = [
    ("comms@example.org", (COMMS_TEAM,), "Demo", "Comms team"),
    ("approver@example.org", (COMMS_TEAM, COMMS_APPROVERS), "Demo", "Comms approver"),
    ("healthwatch@example.org", (HEALTHWATCH_STAFF,), "Demo", "Healthwatch staff"),
    ("partner@example.org", (PARTNER_STAFF,), "Demo", "Partner staff"),
    ("admin@example.org", (), "Demo", "Administrator"),
]


class DemoUsersRefused(Exception):
    """Demo accounts with a published password must never exist on the live site."""


def demo_users_allowed():
    return not getattr(settings, "PRODUCTION", True)


def load_demo_users():
    """Create or update the demo accounts; returns [(email, created)].

    Raises DemoUsersRefused when settings.PRODUCTION is true (or not set).
    """
    if not demo_users_allowed():
        raise DemoUsersRefused("Demo users are not created in production.")
    User = get_user_model()
    results = []
    with transaction.atomic():
        ensure_staff_groups()
        for email, group_names, first_name, last_name in DEMO_USERS:
            username = email.split("@")[0]
            user = User.objects.filter(username=username).first()
            created = user is None
            if created:
                user = User(username=username)
            user.email = email
            user.first_name, user.last_name = first_name, last_name
            user.is_active = True
            user.is_superuser = user.is_staff = not group_names
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name__in=group_names))
            _verified_primary_address(user, email)
            results.append((email, created))
    return results


def _verified_primary_address(user, email):
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email, "verified": True, "primary": True},
    )
    if not (address.verified and address.primary and address.email == email):
        address.email, address.verified, address.primary = email, True, True
        address.save()
