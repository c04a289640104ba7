"""The Comms team sees suppressed addresses in the admin and may lift a bounce, nothing more."""
import pytest
from django.urls import reverse

from accounts.roles import COMMS_TEAM, PARTNER_STAFF, PERSONAL_DATA_PERMISSIONS
from mailer import services
from mailer.models import OutgoingEmail, Suppression
from privacy import registry
from privacy.models import AuditLogEntry
from tests.factories import UserFactory
from tests.privacy.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(db):
    return signed_in(UserFactory(groups=[COMMS_TEAM], mfa=True))


@pytest.fixture
def suppressions(db):
    bounced = services.suppress("ann@example.org", Suppression.Reason.HARD_BOUNCE, detail="Postmark: mailbox not found")
    complained = services.suppress("bo@example.org", Suppression.Reason.COMPLAINT)
    services.suppress("erased@example.org", Suppression.Reason.HARD_BOUNCE)
    registry.erase_all("erased@example.org")
    return bounced, complained


def url(name, *args):
    return reverse(f"suppressions:{name}", args=args)


def test_seeing_suppressions_needs_mfa():
    assert "mailer.view_suppression" in PERSONAL_DATA_PERMISSIONS


def test_the_comms_team_sees_every_suppression(comms, suppressions):
    html = comms.get(url("index")).content.decode()
    assert "ann@example.org" in html and "Hard bounce" in html
    assert "bo@example.org" in html and "Spam complaint" in html
    assert "Erased address" in html
    assert "erased@example.org" not in html
    inspect = comms.get(url("inspect", suppressions[0].pk)).content.decode()
    assert "Postmark: mailbox not found" in inspect


def test_a_bounce_can_be_removed_and_the_removal_is_audited(comms, suppressions):
    bounced, _ = suppressions
    assert comms.get(url("delete", bounced.pk)).status_code == 200
    response = comms.post(url("delete", bounced.pk))
    assert response.status_code == 302
    assert not Suppression.objects.filter(pk=bounced.pk).exists()
    assert not services.is_suppressed("ann@example.org", OutgoingEmail.Kind.TRANSACTIONAL)
    entry = AuditLogEntry.objects.get(action="erase")
    assert entry.subject == "a***@example.org" and entry.details["reason"] == "hard_bounce"


def test_a_complaint_cannot_be_removed_by_staff(comms, suppressions):
    _, complained = suppressions
    assert url("delete", complained.pk) not in comms.get(url("index")).content.decode()
    response = comms.post(url("delete", complained.pk))
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's "permission denied"
    assert Suppression.objects.filter(pk=complained.pk).exists()
    assert services.is_suppressed("bo@example.org", OutgoingEmail.Kind.MARKETING)


def test_partner_staff_cannot_see_suppressions(suppressions):
    partner = signed_in(UserFactory(groups=[PARTNER_STAFF]))
    response = partner.get(url("index"))
    assert response.status_code in (302, 403)
    assert "ann@example.org" not in response.content.decode()
