"""Fixtures for the User Group tests: the Join page, applications in each state, staff clients."""
import pytest
from django.contrib.auth.models import Permission

from accounts.roles import COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from base.models import SectionIndexPage, Topic
from engagement.models import UserGroupApplicationPage
from engagement.services import user_group
from tests.factories import UserFactory, make_page
from tests.privacy.conftest import activate_totp, signed_in

PAGE_URL = "/get-involved/join/"


def topic(name):
    return Topic.objects.get(name=name)


def application_data(**overrides):
    """What a valid application form gives the service."""
    data = {
        "name": "Sam Resident", "email": "sam.resident@example.org", "phone": "", "preferred_contact": "email",
        "postcode": "WS3 2PN", "locality": "", "interests": [topic("Diabetes")], "lived_experience": "patient",
        "participation": ["meetings"], "availability": ["weekend"], "access_needs": "", "heard_about": "whg",
        "heard_about_other": "",
    }
    data.update(overrides)
    return data


def make_application(status="new", equality=None, **overrides):
    """An application moved along the workflow to `status`, by the service."""
    application, _ = user_group.submit_application(application_data(**overrides), equality,
                                                   equality_consent=bool(equality))
    path = {
        "new": [], "contacted": ["contacted"], "induction_booked": ["contacted", "induction_booked"],
        "active": ["contacted", "induction_booked", "active"],
        "paused": ["contacted", "induction_booked", "active", "paused"],
        "left": ["contacted", "induction_booked", "active", "left"],
        "not_progressed": ["not_progressed"],
    }[status]
    for step in path:
        user_group.change_status(application, step, None, "No longer interested" if step == "not_progressed" else "")
    return application


@pytest.fixture
def join_page(home_page):
    get_involved = make_page(home_page, SectionIndexPage, title="Get involved", slug="get-involved")
    return make_page(get_involved, UserGroupApplicationPage, title="Join the User Group", slug="join",
                     introduction="<p>Help shape local services.</p>",
                     what_happens_next="<p>We will contact you within 10 working days.</p>",
                     thank_you_text="<p>Thank you for your time.</p>")


@pytest.fixture
def healthwatch_user(db):
    return activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF]))


@pytest.fixture
def healthwatch_client(healthwatch_user):
    return signed_in(healthwatch_user)


@pytest.fixture
def screener_without_equality(db):
    """Healthwatch-like staff who may screen applications but not see equality answers."""
    user = activate_totp(UserFactory())
    for codename in ("access_admin", "view_usergroupapplication", "change_usergroupapplication",
                     "view_reach_dashboard"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def comms_client(db):
    return signed_in(UserFactory(groups=[COMMS_TEAM]))


@pytest.fixture
def partner_client(db):
    return signed_in(UserFactory(groups=[PARTNER_STAFF]))
