"""Signing up in another language: the form, the confirmation e-mail and the pages its links open
are in it, the consent is recorded in the words shown, and staff see the language. Newsletter
issues themselves stay English (the Comms team writes them)."""
import uuid

import pytest
from django.urls import reverse

from newsletters.models import Subscriber
from privacy.consents import current_wording
from privacy.models import ConsentRecord
from tests.base.test_languages import translate
from tests.factories import UserFactory, activate_totp
from tests.privacy.conftest import signed_in

from .conftest import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def polish_signup_page(signup_page):
    return translate(signup_page, "pl", title="Zapisz się na nasze e-maile")


def test_signing_up_in_polish_sends_the_confirmation_in_polish(
        client, polish_signup_page, lists, mailoutbox, django_capture_on_commit_callbacks):
    form = client.get("/pl/sign-up/").content.decode()
    assert '<html lang="pl" dir="ltr"' in form
    assert "Jakie e-maile chcesz otrzymywać?" in form and "Zapisz się</button>" in form
    shown = current_wording("newsletter").in_language("pl")
    assert shown in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/pl/sign-up/", {
            "email": "ola@example.org", "name": "Ola", "consent": "on", "lists": [lists[0].pk],
            "submission_token": str(uuid.uuid4())})
    assert "Sprawdź swoją skrzynkę e-mail" in client.get(response["Location"]).content.decode()
    assert Subscriber.objects.get().language == "pl"

    [message] = mailoutbox
    assert message.subject == "Potwierdź subskrypcję e-maili od Walsall Together"
    assert "Dzień dobry Ola," in message.body and "Link działa przez 7 dni." in message.body
    assert "Stakeholder newsletter" in message.body  # the list's own name, as the Comms team wrote it
    html = message.alternatives[0][0]
    assert '<html lang="pl" dir="ltr">' in html and "Potwierdzam subskrypcję" in html

    confirm_path = link_in(message, "confirm")  # /subscriptions/...: no language in the address
    page = client.get(confirm_path).content.decode()
    assert '<html lang="pl" dir="ltr"' in page and "Potwierdź subskrypcję" in page
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(confirm_path, follow=True).content.decode()
    assert "Subskrypcja potwierdzona" in confirmed

    consent = ConsentRecord.objects.get(purpose="newsletter")
    assert consent.wording_text == shown and consent.wording_version == current_wording("newsletter").version


def test_signing_up_in_english_stays_english(client, polish_signup_page, lists, mailoutbox,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/sign-up/", {"email": "sam@example.org", "consent": "on", "lists": [lists[0].pk],
                                  "submission_token": str(uuid.uuid4())})
    [message] = mailoutbox
    assert message.subject == "Confirm your subscription to Walsall Together e-mails"
    assert Subscriber.objects.get().language == "en-gb"


def test_staff_see_the_subscribers_language(lists):
    Subscriber.objects.create(email="ola@example.org", language="pl")
    admin = signed_in(activate_totp(UserFactory(is_superuser=True, is_staff=True)))
    listing = admin.get(reverse("newsletter-subscribers:index")).content.decode()
    assert "Language" in listing and "Polish" in listing
    subscriber = Subscriber.objects.get()
    detail = admin.get(reverse("newsletter-subscribers:inspect", args=[subscriber.pk])).content.decode()
    assert "Preferred language" in detail and "Polish" in detail and "newsletter issues are in English" in detail
