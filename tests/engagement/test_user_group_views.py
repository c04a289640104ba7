"""The public "Join the User Group" application as question pages: start, one short page per
question, errors, the optional equality section, check your answers, change, send; without
JavaScript, with nothing kept until the person sends."""
import pytest

from engagement.models import EqualityMonitoring, UserGroupApplication
from mailer.models import OutgoingEmail
from privacy.models import ConsentRecord

from .applying import CHECK_URL, SENT_URL, answer_every_question, answers, apply, step_url
from .conftest import PAGE_URL

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_the_start_page_says_what_we_will_ask_and_starts_without_a_cookie(client, join_page):
    response = client.get(PAGE_URL)
    assert response.status_code == 200
    text = html(response)
    assert "<h1>Join the User Group</h1>" in text
    assert "Help shape local services." in text and "within 10 working days" in text
    assert "Applying takes about 10 minutes" in text
    assert "They are optional: you can skip them all." in text
    assert f'href="{step_url("contact-details")}"' in text and ">Start now</a>" in text
    assert "sessionid" not in response.cookies


def test_each_question_page_asks_little_with_a_back_link_and_where_the_person_is(client, join_page):
    response = client.get(step_url("contact-details"))
    text = html(response)
    assert "<h1>Your contact details</h1>" in text
    assert 'class="nhsuk-back-link" href="/get-involved/join/"' in text
    assert "Question 1 of 18" in text  # the equality consent page is only asked when needed
    assert "There is a problem" not in text
    assert [field.name for field in response.context["fields"]] == ["name", "email", "phone", "preferred_contact"]
    assert "<title>Your contact details - Join the User Group" in text

    # A page that asks one question has that question as its heading.
    response = client.get(step_url("experience"))
    assert ('<h1 class="nhsuk-fieldset__heading">Do you use local health or care services, or care for someone '
            'who does?</h1>') in html(response)
    assert f'href="{step_url("our-work")}"' in html(response)  # back to the question before

    response = client.get(step_url("age-band"))
    assert '<h1 class="nhsuk-fieldset__heading">What is your age?</h1>' in html(response)
    assert html(response).count('value="prefer_not_to_say"') == 1
    assert "sessionid" not in response.cookies  # reading a question keeps nothing


@pytest.mark.parametrize("step, overrides, field, message", [
    ("contact-details", {"email": "", "phone": ""}, "email", "Enter an e-mail address or a phone number"),
    ("contact-details", {"email": "", "phone": "07700900123"}, "email", "Enter your e-mail address, or choose phone"),
    ("contact-details", {"preferred_contact": "phone"}, "phone", "Enter your phone number, or choose e-mail"),
    ("contact-details", {"phone": "12345"}, "phone", "Enter a phone number, like 01922 123456"),
    ("contact-details", {"email": "sam@"}, "email", "Enter an e-mail address in the right format"),
    ("contact-details", {"name": ""}, "name", "Enter your full name"),
    ("where-you-live", {"postcode": "WS1"}, "postcode", "Enter a real UK postcode"),
    ("taking-part", {"participation": None}, "participation", "Choose at least one way"),
    ("agree", {"consent": None}, "consent", "Tick the box to agree"),
])
def test_errors_are_shown_beside_the_field_and_in_the_summary_keeping_the_answers(client, join_page, step, overrides,
                                                                                  field, message):
    from .applying import step_data
    from engagement.views.application import FLOW

    data = answers(**overrides)
    response = client.post(step_url(step), step_data(FLOW.step(step), data))

    assert response.status_code == 200
    text = html(response)
    assert "There is a problem" in text and message in text
    assert response.context["form"].errors[field]
    assert "<title>Error: " in text
    for name, value in step_data(FLOW.step(step), data).items():
        if isinstance(value, str) and value:
            assert f'value="{value}"' in text  # what the person typed is kept
    assert not UserGroupApplication.objects.exists()


def test_error_summary_links_radios_and_tick_boxes_to_their_first_option(client, join_page):
    response = client.post(step_url("contact-details"), {"name": "Sam", "email": "sam@example.org"})
    assert dict(response.context["errors"]).get("id_preferred_contact_0")
    response = client.post(step_url("taking-part"), {})
    assert dict(response.context["errors"]).get("id_participation_0")


def test_the_equality_questions_can_be_skipped_in_one_press(client, join_page):
    response = client.get(step_url("equality-questions"))
    text = html(response)
    assert "<h1>Equality questions</h1>" in text and "You do not have to answer them." in text
    assert 'name="skip"' in text and "Skip the equality questions" in text

    response = client.post(step_url("equality-questions"), {"skip": "1"})
    assert response["Location"] == step_url("agree")  # past all 8 questions in one press

    response = answer_every_question(client, answers())
    text = html(response)
    assert response.request["PATH_INFO"] == CHECK_URL
    assert "Check your answers before you apply" in text
    assert "You chose not to answer" in text
    # From the last question, "Back" skips the equality section the person skipped.
    assert client.get(step_url("agree")).context["back_url"] == step_url("equality-questions")


def test_equality_answers_need_their_own_consent_asked_on_its_own_page(client, join_page):
    data = answers(**{"equality-ethnic_group": "indian", "equality-age_band": "35_44"})
    response = answer_every_question(client, data)
    assert response.request["PATH_INFO"] == step_url("equality-consent")
    assert "Tick the box to agree that we can use your equality answers" in html(response)

    data["equality-consent"] = "on"
    response = answer_every_question(client, data)
    text = html(response)
    assert "Check your answers before you apply" in text
    assert "Ethnic group" in text and "Indian" in text and "35 to 44" in text

    # "Prefer not to say" alone needs no consent: the page is not asked.
    client.session.flush()
    response = answer_every_question(client, answers(**{"equality-ethnic_group": "prefer_not_to_say"}))
    assert "Check your answers before you apply" in html(response)


def test_check_page_shows_the_locality_from_the_postcode_with_change_links_and_stores_nothing(client, join_page):
    response = answer_every_question(client, answers())
    text = html(response)
    assert "North (from your postcode: change it if this is wrong)" in text
    assert "WS3 2PN" in text
    assert f'href="{step_url("where-you-live")}?change=1#id_locality_0"' in text
    assert 'Change<span class="nhsuk-u-visually-hidden"> Part of Walsall</span>' in text
    assert "walsall</span>" not in text  # the question as written: Walsall keeps its capital
    assert not UserGroupApplication.objects.exists() and not ConsentRecord.objects.exists()


def test_changing_an_answer_returns_to_the_check_page_with_the_suggested_locality_chosen(client, join_page):
    answer_every_question(client, answers())
    response = client.get(step_url("where-you-live") + "?change=1")
    text = html(response)
    assert "There is a problem" not in text
    assert 'id="id_locality_0" name="locality" type="radio" value="north" checked' in text
    assert 'name="change" value="1"' in text
    assert response.context["back_url"] == CHECK_URL

    # The applicant corrects it: their choice is kept, no longer "from the postcode".
    response = client.post(step_url("where-you-live"), {"postcode": "ws3 2pn", "locality": "east",
                                                        "locality_from_postcode": "True", "change": "1"})
    assert response["Location"] == CHECK_URL
    text = html(client.get(CHECK_URL))
    assert "East" in text and "from your postcode" not in text


def test_the_check_page_sends_people_back_to_a_question_they_have_not_answered(client, join_page):
    assert client.get(CHECK_URL)["Location"] == PAGE_URL  # nothing started
    client.post(step_url("contact-details"), {"name": "Sam", "email": "sam@example.org", "preferred_contact": "email"})
    assert client.get(CHECK_URL)["Location"].startswith(step_url("where-you-live"))
    response = client.post(CHECK_URL)  # "Send" without the answers: nothing stored
    assert response["Location"].startswith(step_url("where-you-live"))
    assert not UserGroupApplication.objects.exists()


def test_sending_stores_the_application_and_shows_the_confirmation_once(client, join_page):
    data = answers(**{"equality-ethnic_group": "indian", "equality-age_band": "35_44", "equality-consent": "on"})
    response = apply(client, data)

    text = html(response)
    assert response.request["PATH_INFO"] == SENT_URL
    assert "Application sent" in text
    assert "We have recorded that you live in the North locality." in text
    assert "Thank you for your time." in text
    application = UserGroupApplication.objects.get()
    assert (application.locality, application.locality_from_postcode, application.postcode) == ("north", True,
                                                                                                 "WS3 2PN")
    assert application.equality.answers() == {"ethnic_group": "indian", "age_band": "35_44"}
    assert set(ConsentRecord.objects.values_list("purpose", flat=True)) == {"user_group", "equality_monitoring"}
    assert OutgoingEmail.objects.get().subject == "We have received your application to join the User Group"

    # Pressing "Send" again (or refreshing) does not make a second application.
    response = client.post(CHECK_URL, follow=True)
    assert "Application sent" in html(response)
    assert UserGroupApplication.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1
    # The answers are gone from the session once sent.
    assert "user_group_application" not in client.session


def test_an_application_without_equality_answers_stores_none(client, join_page):
    data = answers(postcode="", email="", phone="(07700) 900-123", preferred_contact="phone")
    check_page = answer_every_question(client, data)
    assert "07700 900123" in html(check_page)  # the number as people write it
    response = client.post(CHECK_URL, follow=True)
    assert "Application sent" in html(response)
    application = UserGroupApplication.objects.get()
    assert application.phone == "07700900123" and application.locality == ""
    assert not EqualityMonitoring.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_an_abandoned_application_keeps_nothing_after_the_browser_closes(client, join_page):
    answer_every_question(client, answers())
    assert client.session.get_expire_at_browser_close()  # the session cookie dies with the browser
    assert "user_group_application" in client.session
    assert not UserGroupApplication.objects.exists() and not ConsentRecord.objects.exists()


def test_every_change_link_lands_on_the_question_it_names(client, join_page):
    """Each "Change" link's #id is an input on the page it opens (a focusable element, so the
    browser and a screen reader land on the question): a group of radios or tick boxes, which has
    no element with the field's id, at its first option."""
    from bs4 import BeautifulSoup

    data = answers(**{"equality-ethnic_group": "indian", "equality-age_band": "35_44", "equality-consent": "on"})
    page = BeautifulSoup(html(answer_every_question(client, data)), "html.parser")
    links = {link.find(class_="nhsuk-u-visually-hidden").get_text(strip=True): link["href"]
             for link in page.select(".nhsuk-summary-list__actions a")}
    assert len(links) > 15
    for question, href in links.items():
        url, anchor = href.split("#")
        target = BeautifulSoup(html(client.get(url)), "html.parser").find(id=anchor)
        assert target is not None and target.name in ("input", "select", "textarea"), (question, href)

    links = {question.lower(): href for question, href in links.items()}
    assert links["name"].endswith("#id_name")  # a text box
    assert links["how we contact you"].endswith("#id_preferred_contact_0")  # radios
    assert links["how you would like to take part"].endswith("#id_participation_0")  # tick boxes


def test_a_person_who_skipped_the_equality_questions_can_answer_them_from_the_check_page(client, join_page):
    answer_every_question(client, answers())  # skipped in one press
    check = html(client.get(CHECK_URL))
    assert "You chose not to answer" in check
    change_url = step_url("equality-questions") + "?change=1"
    assert f'href="{change_url}"' in check.replace("&amp;", "&")

    # "Or answer them: Continue" goes to the first question, not straight back to the check page.
    response = client.post(change_url, {"change": "1"})
    assert response["Location"] == step_url("age-band")
