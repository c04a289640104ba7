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


# Engagement feedback ("You said, we did") -------------------------------------------------------

import datetime  # noqa: E402

from engagement.models import EngagementExercisePage, EngagementIndexPage, PartnerOrganisation  # noqa: E402
from engagement.services import feedback  # noqa: E402

QUESTIONS = [
    {"type": "free_text", "value": {"question": "What matters most to you about care in Walsall?",
                                    "hint": "", "required": True, "quotable": True}},
    {"type": "choice", "value": {"question": "Which services have you used?", "hint": "", "required": False,
                                 "choices": ["GP practice", "Hospital", "Community nursing"], "multiple": True}},
    {"type": "rating", "value": {"question": "How good is joined-up care today?", "hint": "", "required": False,
                                 "scale": "good"}},
    {"type": "free_text", "value": {"question": "Anything else? (not for quoting)", "hint": "", "required": False,
                                    "quotable": False}},
]


def days(n):
    return feedback.today() + datetime.timedelta(days=n)


@pytest.fixture
def have_your_say(home_page):
    get_involved = make_page(home_page, SectionIndexPage, title="Get involved", slug="get-involved")
    return make_page(get_involved, EngagementIndexPage, title="Have your say", slug="have-your-say",
                     introduction="<p>Tell us what you think.</p>")


def make_exercise(index, *, opens_on=None, closes_on=None, slug="care-in-walsall", title="Care in Walsall",
                  topics=(), partners=(), questions=None):
    exercise = make_page(
        index, EngagementExercisePage, title=title, slug=slug, summary="Tell us about care in Walsall.",
        about="<p>We want to know what matters to you.</p>",
        opens_on=opens_on or days(-7), closes_on=closes_on or days(21),
        questions=questions or QUESTIONS,
        how_responses_are_used="<p>Healthwatch Walsall reads every response.</p>",
        thank_you_text="<p>Thank you.</p>")
    if topics or partners:
        exercise.topics.set(topics)
        exercise.partners.set(partners or [])
        exercise.save_revision().publish()
    return exercise


@pytest.fixture
def exercise(have_your_say):
    return make_exercise(have_your_say, topics=[topic("Respiratory")],
                         partners=[PartnerOrganisation.objects.create(name="Walsall Council")])


def question_ids(exercise):
    """{kind or 'private': question id} of QUESTIONS."""
    asked = feedback.questions(exercise)
    return {"text": asked[0].id, "choice": asked[1].id, "rating": asked[2].id, "private": asked[3].id}


def respond(exercise, text="Care should be joined up.", *, channel="online", entered_by=None, equality=None,
            ip_address="203.0.113.5", **data):
    ids = question_ids(exercise)
    data.setdefault("publish_consent", "anonymous")
    answers = {ids["text"]: text, ids["choice"]: ["GP practice"], ids["rating"]: "2"}
    if "private" in data:
        answers[ids["private"]] = data.pop("private")
    response, _ = feedback.submit_response(exercise, data, answers, equality_answers=equality,
                                           equality_consent=bool(equality), channel=channel, entered_by=entered_by,
                                           ip_address=ip_address, source="test")
    return response
