"""Stopping User Group invitations without replying: the signed link at the foot of every
invitation e-mail.

The link names the member and is signed (it cannot be made up for someone else) but never
expires: an old invitation's link must still work. Following it shows a page with a button,
so that a mail scanner opening the link stops nothing; pressing it records the opt-out on the
member (`invitations_stopped_at`, which select_members leaves out) and notes it for Healthwatch
staff. Stopping twice is harmless.
"""
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import ApplicationNote, UserGroupApplication

SALT = "engagement.user-group-invitations.stop"
NOTE = "Asked to get no more invitations, with the link in an invitation e-mail."


def stop_token(member):
    return signing.Signer(salt=SALT).sign(str(member.pk))


def stop_url(member):
    return settings.SITE_URL + reverse("user_group_stop_invitations", args=[stop_token(member)])


def member_for_token(token):
    """The member a stop link names, or None for a link that is not ours (or an erased member)."""
    try:
        pk = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return UserGroupApplication.objects.filter(pk=pk, anonymised_at=None).first()


def stop_invitations(member, now=None):
    """Record that `member` wants no more invitations. Returns False if they had already asked."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = UserGroupApplication.objects.filter(pk=member.pk, invitations_stopped_at=None).update(
            invitations_stopped_at=now)
        if updated:
            ApplicationNote.objects.create(application=member, text=NOTE, author_label="Applicant",
                                           created_at=now)
    return bool(updated)
