"""Staff users and signed-in clients for the privacy admin tests."""
import pytest
from django.test import Client

from accounts.roles import COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from tests.factories import UserFactory, activate_totp


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def healthwatch_user(db):
    return activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF]))


@pytest.fixture
def staff_client_with_mfa(healthwatch_user):
    """Healthwatch staff (may find, export and erase personal data) who have set up MFA."""
    return signed_in(healthwatch_user)


@pytest.fixture
def comms_client(db):
    return signed_in(UserFactory(groups=[COMMS_TEAM], mfa=True))


@pytest.fixture
def partner_client(db):
    return signed_in(UserFactory(groups=[PARTNER_STAFF]))
