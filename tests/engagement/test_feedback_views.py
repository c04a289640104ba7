"""The public feedback pages: the response form as question pages (errors keep input, check your
answers and change, the optional equality section, the window, spam and abuse, double submit,
nothing kept until sent), the exercise list and the "You said, we did" pages."""
import re

import pytest
from django.core.cache import cache

from engagement.models import EqualityMonitoring, Response
from engagement.services import feedback, loop, moderation
from mailer.models import OutgoingEmail
from privacy.models import ConsentRecord
from tests.factories import UserFactory

from .conftest import QUESTIONS, days, make_exercise, respond
from .responding import (
    answer_every_question, answers, check_url, field, send_response, start_url, step_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def html(response):
    return response.content.decode()


def test_the_start_page_says_what_we_will_ask_and_how_we_use_it(client, exercise):
    page = client.get(start_url(exercise))
    text = html(page)
    assert page.status_code == 200
    assert "<h1>Give your views</h1>" in text and "We will ask 4 questions, one a page" in text
    assert "They are optional: you can skip them all." in text
    assert "Healthwatch Walsall reads every response." in text  # how responses are used
    assert f'href="{step_url(exercise, "question-1")}"' in text and ">Start now</a>" in text
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert "sessionid" not in page.cookies


def test_each_question_is_its_own_page_with_a_back_link_and_progress(client, exercise):
    page = client.get(step_url(exercise, "question-1"))
    text = html(page)
    assert page.status_code == 200 and "There is a problem" not in text
    assert f'class="nhsuk-back-link" href="{start_url(exercise)}"' in text
    assert "Your answers" in text and "Question 1 of 16" in text  # the equality consent is asked only when needed
    assert ">What matters most to you about care in Walsall?" in text and "<h1" in text
    assert "do not include your name, or anyone else" in text
    assert 'name="website"' in text and "<div hidden>" in text  # the honeypot, on the first page only
    assert "noindex" in page["X-Robots-Tag"]

    page = client.get(step_url(exercise, "question-3"))
    text = html(page)
    assert '<h1 class="nhsuk-fieldset__heading">How good is joined-up care today? (optional)</h1>' in text
    assert "Very good" in text and 'name="website"' not in text
    assert f'href="{step_url(exercise, "question-2")}"' in text  # back to the question before

    text = html(client.get(step_url(exercise, "quoting")))
    assert "<h1>Quoting your words</h1>" in text and "May we quote what you wrote?" in text
    assert "Yes, quote my words without my name" in text
    text = html(client.get(step_url(exercise, "hear-back")))
    assert "<h1>Hear what happened</h1>" in text and "tell me what happens as a result" in text
    text = html(client.get(step_url(exercise, "equality-questions")))
    assert "hear from people from all of Walsall" in text  # the feedback wording, not the User Group's
    assert ">Skip the equality questions</button>" in text
    page = client.get(step_url(exercise, "age-band"))
    assert '<h1 class="nhsuk-fieldset__heading">What is your age?</h1>' in html(page)
    assert "sessionid" not in page.cookies  # reading a question keeps nothing


def test_errors_on_a_step_are_summarised_and_beside_the_field_keeping_what_was_typed(client, exercise):
    page = client.post(step_url(exercise, "question-1"), {field(exercise, "text"): ""})
    text = html(page)
    assert page.status_code == 200
    assert "<title>Error: What matters most to you about care in Walsall?" in text and "There is a problem" in text
    message = "Answer the question: What matters most to you about care in Walsall?"
    assert text.count(message) == 2  # in the summary and beside the field
    assert f'href="#id_{field(exercise, "text")}"' in text

    page = client.post(step_url(exercise, "quoting"), {"publish_consent": "named", "display_name": ""})
    text = html(page)
    assert text.count("Enter the name to show with your words, or choose to be quoted without your name") == 2
    assert re.search(r'value="named"\s+checked', text)

    page = client.post(step_url(exercise, "hear-back"), {"email": "not-an-address", "wants_updates": "on"})
    text = html(page)
    assert text.count("Enter an e-mail address in the right format, like name@example.com") == 2
    assert 'value="not-an-address"' in text

    page = client.post(step_url(exercise, "question-2"), {field(exercise, "choice"): ["Hospital", "Mars"]})
    assert page.status_code == 200 and re.search(r'value="Hospital"\s+checked', html(page))
    # What was typed with an error is kept: the next visit to the page shows it, to be corrected.
    assert 'value="not-an-address"' in html(client.get(step_url(exercise, "hear-back")))
    assert not Response.objects.exists()


def test_email_and_consent_to_hear_back_go_together(client, exercise):
    text = html(client.post(step_url(exercise, "hear-back"), {"email": "sam@example.org"}))
    assert "Tick the box if you would like us to e-mail you, or remove your e-mail address" in text
    text = html(client.post(step_url(exercise, "hear-back"), {"wants_updates": "on"}))
    assert "Enter your e-mail address, so that we can tell you what happened" in text
    assert not Response.objects.exists()


def test_a_response_with_nothing_answered_is_refused_on_the_check_page(client, have_your_say):
    optional = [{**question, "value": {**question["value"], "required": False}} for question in QUESTIONS]
    exercise = make_exercise(have_your_say, slug="all-optional", questions=optional)
    check_page = answer_every_question(client, exercise, answers(exercise, text="", choice=[], rating=""))
    text = html(check_page)
    assert "<title>Error: Check your answers" in text
    assert "Answer at least one question before you send your response" in text
    assert f'href="{step_url(exercise, "question-1")}?change=1"' in text
    assert client.post(check_url(exercise)).status_code == 200
    assert not Response.objects.exists()


def test_sending_a_response(client, exercise):
    data = answers(exercise, email="Sam@Example.org", wants_updates="on", **{
        "equality-age_band": "45_54", "equality-consent": "on"})
    check_page = answer_every_question(client, exercise, data, REMOTE_ADDR="203.0.113.9")
    text = html(check_page)
    assert "Check your answers before you send your response" in text
    for question, answer in [("What matters most to you about care in Walsall?", "Please join up my care."),
                             ("Which services have you used?", "Hospital"),
                             ("How good is joined-up care today?", "Good"),
                             ("Anything else? (not for quoting)", "Not answered"),
                             ("Part of Walsall", "West"), ("May we quote you", "Yes, quote my words without my name"),
                             ("E-mail address", "Sam@Example.org"), ("Age", "45 to 54")]:
        assert re.search(rf"<dt[^>]*>{re.escape(question)}</dt>\s*<dd[^>]*>{re.escape(answer)}</dd>", text), question
    assert "Name to show" not in text  # only asked of people who chose to be quoted by name
    assert not Response.objects.exists()  # nothing stored before "Send"

    page = client.post(check_url(exercise), follow=True, REMOTE_ADDR="203.0.113.9")
    text = html(page)
    assert page.request["PATH_INFO"] == f"{exercise.url}respond/sent/"
    assert "Response sent" in text and "we will e-mail you when we do" in text
    response = Response.objects.get()
    assert response.email == "sam@example.org" and response.locality == "west" and response.status == "new"
    assert response.publish_consent == "anonymous" and response.wants_updates and response.channel == "online"
    assert response.ip_digest == feedback.sender_digest("203.0.113.9")
    stored = [(answer.kind, answer.text, answer.choices, answer.rating)
              for answer in response.answers.order_by("sort_order")]
    assert stored == [("free_text", "Please join up my care.", [], None),
                      ("choice", "Hospital", ["Hospital"], None), ("rating", "Good", [], 4)]
    assert EqualityMonitoring.objects.get(response=response).age_band == "45_54"
    assert set(ConsentRecord.objects.values_list("purpose", flat=True)) >= {feedback.UPDATES_CONSENT}
    assert OutgoingEmail.objects.filter(to="sam@example.org").count() == 1
    assert f"engagement_response_{exercise.pk}" not in client.session  # the answers are gone once sent


def test_a_change_link_on_the_check_page_comes_back_to_it(client, exercise):
    check_page = answer_every_question(client, exercise, answers(exercise))
    change = f'{step_url(exercise, "quoting")}?change=1'
    assert f'href="{change}#id_publish_consent_0"' in html(check_page)
    page = client.get(change)
    assert f'class="nhsuk-back-link" href="{check_url(exercise)}"' in html(page)
    assert re.search(r'value="anonymous"\s+checked', html(page))  # the answer given, ready to change
    # An error while changing stays on the page, still on its way back to the check page.
    page = client.post(change, {"publish_consent": "named", "display_name": "", "change": "1"})
    assert "Enter the name to show with your words" in html(page) and 'name="change" value="1"' in html(page)
    page = client.post(change, {"publish_consent": "named", "display_name": "Pat", "change": "1"})
    assert page.status_code == 302 and page["Location"] == check_url(exercise)
    text = html(client.get(check_url(exercise)))
    assert "Yes, quote my words with the name I give below" in text and ">Pat</dd>" in text
    client.post(check_url(exercise))
    response = Response.objects.get()
    assert (response.publish_consent, response.display_name) == ("named", "Pat")


def test_the_equality_questions_are_skipped_in_one_press(client, exercise):
    page = client.post(step_url(exercise, "equality-questions"), {"skip": "1"})
    assert page.status_code == 302 and page["Location"] == check_url(exercise)
    check_page = answer_every_question(client, exercise, answers(exercise))
    assert "You chose not to answer" in html(check_page)
    client.post(check_url(exercise))
    assert Response.objects.count() == 1 and not EqualityMonitoring.objects.exists()


def test_the_ethnic_group_is_asked_on_two_short_pages(client, exercise):
    page = client.post(step_url(exercise, "ethnic-group"), {"equality-ethnic_heading": "prefer_not_to_say"})
    assert page["Location"] == step_url(exercise, "disability")  # no second question
    page = client.post(step_url(exercise, "ethnic-group"), {"equality-ethnic_heading": "asian"})
    assert page["Location"] == step_url(exercise, "ethnic-background")
    text = html(client.get(step_url(exercise, "ethnic-background")))
    assert "Which of these best describes your Asian, Asian British or Asian Welsh background?" in text
    assert 'value="indian"' in text and 'value="prefer_not_to_say"' in text and 'value="african"' not in text
    page = client.post(step_url(exercise, "ethnic-background"), {})
    assert "Choose the option that best describes your background, or &#x27;Prefer not to say&#x27;" in html(page)

    data = answers(exercise, **{"equality-ethnic_group": "indian", "equality-consent": "on"})
    text = html(answer_every_question(client, exercise, data))
    assert re.search(r"Ethnic group</dt>\s*<dd[^>]*>Asian, Asian British or Asian Welsh</dd>", text)
    assert re.search(r"Ethnic background</dt>\s*<dd[^>]*>Indian</dd>", text)
    client.post(check_url(exercise))
    assert EqualityMonitoring.objects.get().ethnic_group == "indian"


def test_pressing_send_twice_makes_one_response(client, exercise):
    answer_every_question(client, exercise, answers(exercise, email="sam@example.org", wants_updates="on"))
    before_sending = dict(client.session.items())
    assert b"Response sent" in client.post(check_url(exercise), follow=True).content
    assert b"Response sent" in client.post(check_url(exercise), follow=True).content  # pressed again
    # Both presses read the answers before either was sent (two requests at once): one response still.
    session = client.session
    session.update(before_sending)
    session.save()
    assert b"Response sent" in client.post(check_url(exercise), follow=True).content
    assert Response.objects.count() == 1
    assert OutgoingEmail.objects.filter(to="sam@example.org").count() == 1


def test_an_abandoned_response_keeps_nothing_after_the_browser_closes(client, exercise):
    key = f"engagement_response_{exercise.pk}"
    client.post(step_url(exercise, "question-1"), {field(exercise, "text"): "Half way through"})
    client.post(step_url(exercise, "question-2"), {field(exercise, "choice"): ["Hospital"]})
    assert client.session.get_expire_at_browser_close()  # the session cookie dies with the browser
    assert key in client.session and "Continue your response" in html(client.get(start_url(exercise)))
    assert not Response.objects.exists() and not ConsentRecord.objects.exists()
    client.cookies.clear()  # the browser is closed
    assert key not in client.session
    assert ">Start now</a>" in html(client.get(start_url(exercise)))
    assert client.get(check_url(exercise))["Location"] == start_url(exercise)
    assert "Half way through" not in html(client.get(step_url(exercise, "question-1")))
    assert not Response.objects.exists()


def test_outside_the_window_there_is_no_form_and_a_post_is_refused(client, have_your_say):
    closed = make_exercise(have_your_say, slug="closed", opens_on=days(-30), closes_on=days(-1))
    upcoming = make_exercise(have_your_say, slug="upcoming", opens_on=days(2), closes_on=days(30))
    for url in (start_url(closed), step_url(closed, "question-1"), check_url(closed)):
        page = client.get(url)
        assert page.status_code == 200 and b"This engagement has closed" in page.content, url
        assert b"<textarea" not in page.content and b"Start now" not in page.content
    refused = client.post(step_url(closed, "question-1"), {field(closed, "text"): "Too late"})
    assert refused.status_code == 403 and b"This engagement has closed" in refused.content
    assert client.post(check_url(closed)).status_code == 403
    refused = client.post(step_url(upcoming, "question-1"), {field(upcoming, "text"): "Too early"})
    assert refused.status_code == 403 and b"This engagement is not open yet" in refused.content
    assert not Response.objects.exists()
    exercise_page = client.get(closed.url).content.decode()
    assert "This engagement closed on" in exercise_page and "Give your views" not in exercise_page


def test_an_exercise_that_closes_while_someone_answers_refuses_the_response(client, exercise):
    answer_every_question(client, exercise, answers(exercise))
    exercise.closes_on = days(-1)
    exercise.save_revision().publish()
    refused = client.post(check_url(exercise))
    assert refused.status_code == 403 and b"This engagement has closed" in refused.content
    assert not Response.objects.exists()


def test_a_filled_in_honeypot_is_thanked_and_ignored(client, exercise):
    page = client.post(step_url(exercise, "question-1"),
                       {field(exercise, "text"): "Buy now", "website": "http://spam.example"}, follow=True)
    assert page.status_code == 200 and b"Response sent" in page.content
    assert not Response.objects.exists()


def test_the_rate_limit_counts_sent_responses_not_pages(client, exercise, settings, rate_limit_clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "engagement_feedback": "3/h"}
    for _ in range(3):
        sent = send_response(client, exercise, answers(exercise), REMOTE_ADDR="198.51.100.1")
        assert b"Response sent" in sent.content
    # A fourth person at that address goes through every page, and is stopped only at "Send".
    pages = []
    check_page = answer_every_question(client, exercise, answers(exercise), each=pages.append,
                                       REMOTE_ADDR="198.51.100.1")
    assert all(page.status_code == 302 for page in pages) and check_page.status_code == 200
    blocked = client.post(check_url(exercise), REMOTE_ADDR="198.51.100.1")
    assert blocked.status_code == 429 and b"Too many attempts" in blocked.content
    other = client.post(check_url(exercise), REMOTE_ADDR="198.51.100.2", follow=True)
    assert b"Response sent" in other.content
    assert Response.objects.count() == 4


def test_a_blocked_sender_sees_the_usual_thanks(client, exercise):
    staff = UserFactory(mfa=True)
    first = respond(exercise, "Abuse", ip_address="198.51.100.66")
    moderation.block_sender(first, staff, "Abuse")
    page = send_response(client, exercise, answers(exercise), REMOTE_ADDR="198.51.100.66")
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
