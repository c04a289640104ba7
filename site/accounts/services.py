from django.contrib.auth.models import Group

from .adapter import email_domain_allowed
from .roles import PARTNER_STAFF


def grant_partner_staff(user, email):
    """A verified address on a partner domain makes the account Partner staff."""
    if email_domain_allowed(email):
        user.groups.add(Group.objects.get_or_create(name=PARTNER_STAFF)[0])
