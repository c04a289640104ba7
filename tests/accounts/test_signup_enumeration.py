"""Sign-up does not tell who has an account: the page, and the work done (the password is hashed
either way, so the answer takes as long), are the same for an address with an account and a new
one; the account's owner is told by e-mail that someone tried (accounts.forms.PartnerSignupForm)."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from mailer.models import OutgoingEmail
from tests.factories import UserFactory

from .test_accounts import NEW_PASSWORD, SIGNUP_URL, soup

pytestmark = pytest.mark.django_db

ALREADY_EXISTS_SUBJECT = "Walsall Together: Someone tried to create an account with your e-mail address"


@pytest.fixture
def hashings(monkeypatch):
    """How many times a password has been hashed: the slow part of creating an account."""
    calls = []
    hasher_class = type(get_hasher("default"))
    encode = hasher_class.encode

    def counting_encode(self, password, salt, *args, **kwargs):
        calls.append(password)
        return encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", counting_encode)
    return calls


def sign_up(client, email):
    return client.post(SIGNUP_URL, {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_signing_up_with_an_address_that_has_an_account_looks_and_works_the_same(
    client, home_page, hashings, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="sam.jones@walsallhealthcare.nhs.uk")
    hashings.clear()  # the factory's own password

    with django_capture_on_commit_callbacks(execute=True):
        new_response = sign_up(client, "new.person@walsallhealthcare.nhs.uk")
    new_hashings = list(hashings)
    hashings.clear()
    with django_capture_on_commit_callbacks(execute=True):
        existing_response = sign_up(client, existing.email)

    # The password offered is hashed on both paths (so both take about as long)...
    assert new_hashings == [NEW_PASSWORD]
    assert hashings == [NEW_PASSWORD]
    # ...and the visitor sees the same thing.
    assert new_response.status_code == existing_response.status_code == 302
    assert new_response["Location"] == existing_response["Location"] == reverse("account_email_verification_sent")
    page = soup(client.get(existing_response["Location"]))
    assert page.find("main").h1.get_text(strip=True) == "Confirm your e-mail address"

    # No second account, and the password of the existing one has not changed.
    assert get_user_model().objects.filter(email__iexact=existing.email).count() == 1
    existing.refresh_from_db()
    assert existing.check_password("correct-horse-battery")
    # Its owner is told someone tried, and how to get in if it was them.
    message = OutgoingEmail.objects.get(to=existing.email)
    assert message.subject == ALREADY_EXISTS_SUBJECT
    assert message.status == OutgoingEmail.Status.SENT
    assert "You already have an account with this address, so we have not created another one." in message.body_text
    assert f"http://testserver{reverse('account_reset_password')}" in message.body_text
    assert "If it was not you, you do not need to do anything." in message.body_text
    # The new address got its confirmation e-mail, as before.
    assert OutgoingEmail.objects.get(to="new.person@walsallhealthcare.nhs.uk").subject == \
        "Walsall Together: Confirm your e-mail address"
