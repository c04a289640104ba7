"""The public feedback pages: the response form (errors keep input, the window, spam and abuse,
double submit), the exercise list and the "You said, we did" pages."""
import re
import uuid

import pytest
from django.core.cache import cache

from engagement.models import EqualityMonitoring, Response
from engagement.services import feedback, loop, moderation
from mailer.models import OutgoingEmail
from tests.factories import UserFactory

from .conftest import days, make_exercise, question_ids, respond

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(exercise, **overrides):
    ids = question_ids(exercise)
    data = {
        f"q_{ids['text'].replace('-', '')}": "Please join up my care.",
        f"q_{ids['choice'].replace('-', '')}": ["Hospital"],
        f"q_{ids['rating'].replace('-', '')}": "4",
        "locality": "west", "publish_consent": "anonymous", "display_name": "", "email": "",
        "submission_token": str(uuid.uuid4()), "website": "",
    }
    data.update(overrides)
    return data


def field(exercise, kind):
    return f"q_{question_ids(exercise)[kind].replace('-', '')}"


def test_the_form_shows_the_questions_and_the_consents(client, exercise):
    page = client.get(f"{exercise.url}respond/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "What matters most to you about care in Walsall?" in html
    assert "How good is joined-up care today?" in html and "Very good" in html
    assert "May we quote what you wrote?" in html and "Yes, quote my words without my name" in html
    assert "tell me what happens as a result" in html
    assert "About you: equality questions (optional)" in html
    assert "hear from people from all of Walsall" in html  # the feedback wording, not the User Group's
    assert 'name="website"' in html and "<div hidden>" in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_errors_keep_everything_typed(client, exercise):
    data = form_data(exercise, **{field(exercise, "text"): ""}, email="not-an-address", publish_consent="named",
                     display_name="", **{field(exercise, "private"): "Something private I typed"})
    page = client.post(f"{exercise.url}respond/", data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Give your views" in html
    assert "There is a problem" in html
    for message in ("Answer the question: What matters most to you about care in Walsall?",
                    "Enter an e-mail address in the right format, like name@example.com",
                    "Enter the name to show with your words, or choose to be quoted without your name"):
        assert html.count(message) == 2, message  # in the summary and beside the field
    assert "Something private I typed</textarea>" in html
    assert 'value="not-an-address"' in html
    assert re.search(r'value="named"\s+checked', html) and re.search(r'value="west"\s+checked', html)
    assert re.search(r'value="Hospital"\s+checked', html) and re.search(r'value="4"\s+checked', html)
    assert not Response.objects.exists()


def test_email_and_consent_to_hear_back_go_together(client, exercise):
    html = client.post(f"{exercise.url}respond/", form_data(exercise, email="sam@example.org")).content.decode()
    assert "Tick the box if you would like us to e-mail you, or remove your e-mail address" in html
    html = client.post(f"{exercise.url}respond/", form_data(exercise, wants_updates="on")).content.decode()
    assert "Enter your e-mail address, so that we can tell you what happened" in html
    assert not Response.objects.exists()


def test_a_response_with_nothing_answered_is_refused(client, exercise):
    data = form_data(exercise, **{field(exercise, "choice"): [], field(exercise, "rating"): ""})
    data[field(exercise, "text")] = ""
    html = client.post(f"{exercise.url}respond/", data).content.decode()
    assert "Answer the question: What matters most" in html


def test_sending_a_response(client, exercise):
    data = form_data(exercise, email="sam@example.org", wants_updates="on", **{
        "equality-age_band": "45_54", "equality-consent": "on"})
    page = client.post(f"{exercise.url}respond/", data, REMOTE_ADDR="203.0.113.9")
    html = page.content.decode()
    assert page.status_code == 200 and "Response sent" in html and "we will e-mail you when we do" in html
    response = Response.objects.get()
    assert response.email == "sam@example.org" and response.locality == "west" and response.status == "new"
    assert response.ip_digest == feedback.sender_digest("203.0.113.9")
    assert EqualityMonitoring.objects.get(response=response).age_band == "45_54"
    assert OutgoingEmail.objects.filter(to="sam@example.org").count() == 1


def test_a_double_submit_is_one_response(client, exercise):
    data = form_data(exercise)
    assert b"Response sent" in client.post(f"{exercise.url}respond/", data).content
    assert b"Response sent" in client.post(f"{exercise.url}respond/", data).content
    assert Response.objects.count() == 1


def test_outside_the_window_there_is_no_form_and_a_post_is_refused(client, have_your_say):
    closed = make_exercise(have_your_say, slug="closed", opens_on=days(-30), closes_on=days(-1))
    upcoming = make_exercise(have_your_say, slug="upcoming", opens_on=days(2), closes_on=days(30))
    page = client.get(f"{closed.url}respond/")
    assert page.status_code == 200 and b"This engagement has closed" in page.content and b"<textarea" not in page.content
    refused = client.post(f"{closed.url}respond/", form_data(closed))
    assert refused.status_code == 403 and b"This engagement has closed" in refused.content
    refused = client.post(f"{upcoming.url}respond/", form_data(upcoming))
    assert refused.status_code == 403 and b"This engagement is not open yet" in refused.content
    assert not Response.objects.exists()
    exercise_page = client.get(closed.url).content.decode()
    assert "This engagement closed on" in exercise_page and "Give your views" not in exercise_page


def test_a_filled_in_honeypot_is_thanked_and_ignored(client, exercise):
    page = client.post(f"{exercise.url}respond/", form_data(exercise, website="http://spam.example"))
    assert page.status_code == 200 and b"Response sent" in page.content
    assert not Response.objects.exists()


def test_too_many_responses_from_one_address_get_the_429_page(client, exercise, settings, rate_limit_clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "engagement_feedback": "3/h"}
    for _ in range(3):
        assert client.post(f"{exercise.url}respond/", form_data(exercise), REMOTE_ADDR="198.51.100.1").status_code == 200
    blocked = client.post(f"{exercise.url}respond/", form_data(exercise), REMOTE_ADDR="198.51.100.1")
    assert blocked.status_code == 429 and b"Too many attempts" in blocked.content
    other = client.post(f"{exercise.url}respond/", form_data(exercise), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 200
    assert Response.objects.count() == 4


def test_a_blocked_sender_sees_the_usual_thanks(client, exercise):
    staff = UserFactory(mfa=True)
    first = respond(exercise, "Abuse", ip_address="198.51.100.66")
    moderation.block_sender(first, staff, "Abuse")
    page = client.post(f"{exercise.url}respond/", form_data(exercise), REMOTE_ADDR="198.51.100.66")
    assert b"Response sent" in page.content
    assert Response.objects.latest("pk").status == "quarantined"


# Listings ------------------------------------------------------------------------------------------


def test_the_exercise_list_filters_without_javascript(client, have_your_say):
    from base.models import Topic

    make_exercise(have_your_say, slug="breathing", title="Breathing services", topics=[Topic.objects.get(name="Respiratory")])
    make_exercise(have_your_say, slug="hearts", title="Heart services", topics=[Topic.objects.get(name="Cardiology")])
    make_exercise(have_your_say, slug="old", title="An old one", opens_on=days(-90), closes_on=days(-60))
    html = client.get(have_your_say.url).content.decode()
    assert "Open now" in html and "Breathing services" in html and "Heart services" in html
    assert "Closed" in html and "An old one" in html
    html = client.get(have_your_say.url, {"pathway": "respiratory"}).content.decode()
    assert "Breathing services" in html and "Heart services" not in html
    assert "Showing engagements about Respiratory" in html
    assert client.get(have_your_say.url, {"pathway": "<script>"}).status_code == 200


def test_the_home_page_lists_open_exercises(client, exercise):
    html = client.get("/").content.decode()
    assert "Have your say" in html and exercise.title in html


def test_the_you_said_we_did_pages(client, exercise, have_your_say):
    from engagement.models import YouSaidWeDidIndexPage
    from tests.factories import make_page

    staff = UserFactory(mfa=True)
    index = make_page(have_your_say, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
    before = client.get(f"{exercise.url}you-said-we-did/").content.decode()
    assert "We have not published what people told us yet" in before

    responses = [respond(exercise, "Joined up please", publish_consent="named", display_name="Pat"),
                 respond(exercise, "By phone", channel="phone", entered_by=staff)]
    for response in responses:
        moderation.approve(response, staff)
    theme = moderation.create_theme(exercise, "Care should be joined up", responses=responses, published=True)
    loop.create_action(exercise, [theme], "We joined up the teams", status="done", published=True, actor=staff,
                       evidence=[("Highlight report", "https://example.org/report")])
    html = client.get(f"{exercise.url}you-said-we-did/").content.decode()
    assert "2 people gave their views" in html and "Online: 1" in html and "Phone: 1" in html
    assert "You said: Care should be joined up" in html and "2 responses said this." in html
    assert "Joined up please" in html and "Pat" in html
    assert "We joined up the teams" in html and "Done" in html and "https://example.org/report" in html
    assert "What we did about the 1 thing you told us in this engagement" in html
    assert "We did something about 1 of them." in html

    listing = client.get(index.url).content.decode()
    assert "We did something about 1 of them." in listing and exercise.title in listing and "1 action" in listing
    assert "You told us 1 thing." in listing
    assert exercise.title not in client.get(index.url, {"status": "planned"}).content.decode()
