"""The public "Join the User Group" page: form, errors, check step, sending, without JavaScript."""
import uuid

import pytest

from engagement.models import EqualityMonitoring, UserGroupApplication
from mailer.models import OutgoingEmail
from privacy.models import ConsentRecord

from .conftest import PAGE_URL, topic

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "name": "Sam Resident", "email": "sam.resident@example.org", "phone": "", "preferred_contact": "email",
        "postcode": "ws3 2pn", "pathways": [str(topic("Diabetes").pk)], "lived_experience": "patient",
        "participation": ["meetings", "surveys"], "availability": ["weekend"], "heard_about": "one_walsall",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def hidden_fields(response):
    """What the check page posts back: its hidden inputs as a dict of lists."""
    data = {}
    for name, value in response.context["carried"]:
        data.setdefault(name, []).append(value)
    return data


def test_the_page_shows_the_form_with_a_separate_optional_equality_section(client, join_page):
    response = client.get(PAGE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Join the User Group</h1>" in html
    assert "Help shape local services." in html and "within 10 working days" in html
    assert 'About you: equality questions (optional)' in html
    assert "You do not have to answer these questions" in html
    # Census 2021 ethnic groups under their headings, each question with "Prefer not to say".
    assert '<legend class="nhsuk-fieldset__legend nhsuk-body nhsuk-u-font-weight-bold nhsuk-u-margin-bottom-2">' \
           'Black, Black British, Black Welsh, Caribbean or African</legend>' in html
    assert html.count('value="prefer_not_to_say"') == 8
    assert "I agree that Healthwatch Walsall can keep my details" in html
    assert "I agree that Healthwatch Walsall can use my answers to these equality questions" in html
    assert 'name="submission_token"' in html
    assert "Set-Cookie" not in str(response.headers) or "sessionid" not in response.cookies


@pytest.mark.parametrize("overrides, field, message", [
    ({"email": "", "phone": ""}, "email", "Enter an e-mail address or a phone number"),
    ({"email": "", "phone": "07700900123"}, "email", "Enter your e-mail address, or choose phone"),
    ({"preferred_contact": "phone"}, "phone", "Enter your phone number, or choose e-mail"),
    ({"phone": "12345"}, "phone", "Enter a phone number, like 01922 123456"),
    ({"postcode": "WS1"}, "postcode", "Enter a real UK postcode"),
    ({"email": "sam@"}, "email", "Enter an e-mail address in the right format"),
    ({"name": ""}, "name", "Enter your full name"),
    ({"participation": None}, "participation", "Choose at least one way"),
    ({"consent": None}, "consent", "Tick the box to agree"),
])
def test_errors_are_shown_beside_the_field_and_in_the_summary(client, join_page, overrides, field, message):
    response = client.post(PAGE_URL, form_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert response.context["form"].errors[field]
    assert "<title>Error: " in html
    assert not UserGroupApplication.objects.exists()


def test_error_summary_links_radios_and_tick_boxes_to_their_first_option(client, join_page):
    response = client.post(PAGE_URL, form_data(participation=None, preferred_contact=None))
    anchors = dict(response.context["errors"])
    assert "id_participation_0" in anchors and "id_preferred_contact_0" in anchors


def test_equality_answers_need_their_own_consent(client, join_page):
    response = client.post(PAGE_URL, form_data(**{"equality-ethnic_group": "indian"}))
    assert "Tick the box to agree that we can use your equality answers" in response.content.decode()
    # "Prefer not to say" alone needs no consent.
    response = client.post(PAGE_URL, form_data(**{"equality-ethnic_group": "prefer_not_to_say"}))
    assert "Check your answers" in response.content.decode()


def test_check_step_shows_the_locality_from_the_postcode_and_stores_nothing(client, join_page):
    response = client.post(PAGE_URL, form_data(**{"step": "check"}))

    html = response.content.decode()
    assert "Check your answers before you apply" in html
    assert "North (from your postcode: change it if this is wrong)" in html
    assert "WS3 2PN" in html
    carried = hidden_fields(response)
    assert carried["locality"] == ["north"] and carried["locality_from_postcode"] == ["True"]
    assert carried["participation"] == ["meetings", "surveys"]
    assert "csrfmiddlewaretoken" not in carried
    assert not UserGroupApplication.objects.exists()


def test_change_goes_back_to_the_form_with_the_suggested_locality_chosen(client, join_page):
    carried = hidden_fields(client.post(PAGE_URL, form_data()))
    response = client.post(PAGE_URL, {**carried, "step": "change"})
    html = response.content.decode()
    assert "There is a problem" not in html
    assert 'id="id_locality_0" name="locality" type="radio" value="north" checked' in html
    # The applicant corrects it: their choice is kept, no longer "from the postcode".
    carried.update(locality=["east"])
    response = client.post(PAGE_URL, {**carried, "step": "check"})
    assert "East" in response.content.decode()
    assert "from your postcode" not in response.content.decode()


def test_sending_stores_the_application_and_shows_the_confirmation(client, join_page):
    carried = hidden_fields(client.post(PAGE_URL, form_data(**{
        "equality-ethnic_group": "indian", "equality-age_band": "35_44", "equality-consent": "on"})))

    response = client.post(PAGE_URL, {**carried, "step": "send"})

    html = response.content.decode()
    assert "Application sent" in html
    assert "We have recorded that you live in the North locality." in html
    assert "Thank you for your time." in html
    application = UserGroupApplication.objects.get()
    assert (application.locality, application.locality_from_postcode, application.postcode) == ("north", True,
                                                                                                 "WS3 2PN")
    assert application.equality.answers() == {"ethnic_group": "indian", "age_band": "35_44"}
    assert set(ConsentRecord.objects.values_list("purpose", flat=True)) == {"user_group", "equality_monitoring"}
    assert OutgoingEmail.objects.get().subject == "We have received your application to join the User Group"

    # Pressing "Send" again (or refreshing) does not make a second application.
    client.post(PAGE_URL, {**carried, "step": "send"})
    assert UserGroupApplication.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1


def test_an_application_without_equality_answers_stores_none(client, join_page):
    carried = hidden_fields(client.post(PAGE_URL, form_data(postcode="", email="", phone="07700 900123",
                                                            preferred_contact="phone")))
    response = client.post(PAGE_URL, {**carried, "step": "send"})
    assert "Application sent" in response.content.decode()
    application = UserGroupApplication.objects.get()
    assert application.phone == "07700900123" and application.locality == ""
    assert not EqualityMonitoring.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_tampered_send_is_checked_again(client, join_page):
    carried = hidden_fields(client.post(PAGE_URL, form_data()))
    carried["consent"] = []
    response = client.post(PAGE_URL, {**carried, "step": "send"})
    assert "There is a problem" in response.content.decode()
    assert not UserGroupApplication.objects.exists()
