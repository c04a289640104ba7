import uuid

import pytest

from base.models import ContactMessage, ContactPage
from mailer.models import OutgoingEmail
from privacy.consents import current_wording
from privacy.models import ConsentRecord
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(home_page):
    return make_page(home_page, ContactPage, title="Contact us", slug="contact")


def valid_data(**overrides):
    data = {"name": "Sam Carer", "email": "Sam.Carer@Example.org", "subject": "Parking",
            "message": "Is there parking?", "consent": "on", "submission_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def test_message_is_stored_with_consent_and_both_emails_sent(client, contact_page, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, valid_data())
    assert response.status_code == 200
    assert "Message sent" in response.content.decode()
    message = ContactMessage.objects.get()
    assert message.email == "sam.carer@example.org"
    consent = ConsentRecord.objects.get()
    assert (consent.email, consent.purpose, consent.source) == ("sam.carer@example.org", "contact", "/contact/")
    assert consent.wording_text == current_wording("contact").text
    assert consent.wording_version == current_wording("contact").version
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["sam.carer@example.org", "walsall.together@walsallhealthcare.nhs.uk"]
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2
    notification = next(m for m in mailoutbox if m.to[0].startswith("walsall.together"))
    assert "Is there parking?" in notification.body


def test_double_submit_stores_one_message(client, contact_page, django_capture_on_commit_callbacks, mailoutbox):
    data = valid_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(contact_page.url, data)
        second = client.post(contact_page.url, data)
    assert first.status_code == second.status_code == 200
    assert ContactMessage.objects.count() == 1
    assert ConsentRecord.objects.count() == 1
    assert len(mailoutbox) == 2


def test_form_shows_a_fresh_token_and_the_consent_wording(client, contact_page):
    html = client.get(contact_page.url).content.decode()
    assert 'name="submission_token"' in html
    assert current_wording("contact").text in html


def test_without_consent_nothing_is_stored(client, contact_page):
    response = client.post(contact_page.url, valid_data(consent=""))
    assert "Tick the box to agree" in response.content.decode()
    assert ContactMessage.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_an_address_too_long_to_keep_is_refused_beside_the_field_with_everything_kept(client, contact_page):
    from bs4 import BeautifulSoup

    too_long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # a valid form, 314 characters
    response = client.post(contact_page.url, valid_data(email=too_long, message="Is there parking?"))
    page = BeautifulSoup(response.content, "html.parser")
    message = "Enter an e-mail address of 254 characters or fewer"
    assert message in page.select_one(".nhsuk-error-summary").get_text()
    assert message in page.select_one("#id_email").find_parent(class_="nhsuk-form-group").get_text()
    assert page.select_one("#id_email")["value"] == too_long
    assert not page.select_one("#id_email").has_attr("maxlength")  # never cut short by the browser
    assert page.select_one("#id_message").get_text().strip() == "Is there parking?"
    assert ContactMessage.objects.count() == 0


def test_the_same_token_with_another_address_is_a_new_message_not_dropped(client, contact_page):
    data = valid_data()
    client.post(contact_page.url, data)
    # The person pressed Back, corrected their address and sent the form again.
    response = client.post(contact_page.url, {**data, "email": "sam.corrected@example.org"})
    assert "Message sent" in response.content.decode()
    assert sorted(ContactMessage.objects.values_list("email", flat=True)) == [
        "sam.carer@example.org", "sam.corrected@example.org"]


@pytest.mark.parametrize("token", ["not-a-token", "1234", "\x00"])
def test_a_changed_token_says_what_to_do_and_keeps_the_answers(client, contact_page, token):
    response = client.post(contact_page.url, valid_data(submission_token=token))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert ("<li>We could not send this form because part of it was changed or is out of date. "
            "Check your answers, then send it again.</li>") in html
    assert 'value="Is there parking?"' in html or "Is there parking?</textarea>" in html
    fresh = response.context["form"]["submission_token"].value()
    assert uuid.UUID(str(fresh))  # a new token, so sending again works
    assert not ContactMessage.objects.exists()
    resend = client.post(contact_page.url, valid_data(submission_token=str(fresh)))
    assert "Message sent" in resend.content.decode()
