"""A stranger who knows a staff e-mail address cannot keep its owner out by guessing passwords
(accounts.sign_in_protection), while guessing stays slow: the owner signs in on a device they have
used before, or with a code e-mailed to them (two-factor authentication still asked for), and is
told by e-mail that someone is guessing."""
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.sign_in_protection import KNOWN_DEVICE_COOKIE
from mailer.models import OutgoingEmail
from tests.factories import UserFactory

from .test_accounts import LOGIN_URL, PASSWORD, is_signed_in, sign_in, soup, totp_code

pytestmark = pytest.mark.django_db

WARNING_SUBJECT = "Walsall Together: Someone is trying to sign in to your account"
OWNER_IP = "192.0.2.10"


def stranger(number):
    """A browser at its own internet address, as from a botnet."""
    return Client(REMOTE_ADDR=f"203.0.113.{number}")


def page_text(response):
    return " ".join(soup(response).find("main").get_text(" ").split())


def guess_five_times(email, first=1):
    """Five wrong passwords for `email`, each from a different internet address."""
    for number in range(first, first + 5):
        response = sign_in(stranger(number), email, "guess-123")
        assert response.status_code == 200
        assert "The e-mail address or password is not right" in response.content.decode()


def sign_out(client):
    client.post(reverse("account_logout"))
    assert not is_signed_in(client)


def login_code_from_email(email):
    body = OutgoingEmail.objects.filter(to=email, subject="Walsall Together: Your sign-in code").latest("id").body_text
    return re.search(r"Your sign-in code is:\s+(\S+)", body).group(1)


def test_strangers_guessing_from_many_addresses_are_locked_out_but_the_owner_signs_in(client, home_page):
    user = UserFactory()
    owner = Client(REMOTE_ADDR=OWNER_IP)
    assert sign_in(owner, user.email).status_code == 302  # some day before: this becomes a known device
    assert owner.cookies[KNOWN_DEVICE_COOKIE].value
    sign_out(owner)

    guess_five_times(user.email)
    # The sixth guess, from yet another address, is refused even with the right password.
    refused = sign_in(stranger(6), user.email)
    assert refused.status_code == 429
    text = page_text(refused)
    assert "Too many attempts" in text
    assert "We can e-mail you a code to sign in with instead of your password." in text
    assert soup(refused).find("a", string="Get a sign-in code by e-mail")["href"] == reverse(
        "account_request_login_code")
    assert "on a computer or phone you have signed in on before" in text
    # The owner, on their own device, is not kept out, with a typo first.
    assert sign_in(owner, user.email, "typo-in-password").status_code == 200
    response = sign_in(owner, user.email)
    assert response.status_code == 302
    assert is_signed_in(owner)
    # Still no one else: guessing stays slow for strangers.
    assert sign_in(stranger(7), user.email, "guess-456").status_code == 429

    # The owner was told, once, and how to sign in anyway.
    warnings = OutgoingEmail.objects.filter(to=user.email, subject=WARNING_SUBJECT)
    assert warnings.count() == 1
    assert "someone may be trying to guess your password" in warnings.get().body_text
    assert f"http://testserver{reverse('account_request_login_code')}" in warnings.get().body_text


def test_the_owner_on_a_new_device_signs_in_with_an_emailed_code(client, home_page):
    user = UserFactory()
    guess_five_times(user.email)
    owner = Client(REMOTE_ADDR=OWNER_IP)  # never signed in here
    refused = sign_in(owner, user.email)
    assert refused.status_code == 429 and not is_signed_in(owner)

    code_page = owner.get(soup(refused).find("a", string="Get a sign-in code by e-mail")["href"])
    assert soup(code_page).find("main").h1.get_text(strip=True) == "Sign in with a code"
    response = owner.post(reverse("account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    confirm_page = owner.get(response["Location"])
    assert soup(confirm_page).find("main").h1.get_text(strip=True) == "Enter your sign-in code"
    assert soup(confirm_page).find("label", attrs={"for": "id_code"}).get_text(strip=True) == "Sign-in code"

    wrong = owner.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    assert "The sign-in code is not right" in soup(wrong).find(class_="nhsuk-error-summary").get_text()
    response = owner.post(reverse("account_confirm_login_code"), {"code": login_code_from_email(user.email)})
    assert response.status_code == 302
    assert is_signed_in(owner)
    # Now a known device: the password works here too, while strangers are still refused.
    sign_out(owner)
    assert sign_in(stranger(20), user.email, "guess-789").status_code == 429
    assert sign_in(owner, user.email).status_code == 302


def test_a_code_sign_in_still_asks_staff_for_their_authenticator_code(client, home_page):
    user = UserFactory(groups=["Healthwatch staff"], mfa=True)
    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    client.post(reverse("account_request_login_code"), {"email": user.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": login_code_from_email(user.email)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    assert KNOWN_DEVICE_COOKIE not in client.cookies  # not a known device until the sign-in is complete
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert is_signed_in(client)
    assert client.cookies[KNOWN_DEVICE_COOKIE].value
    assert client.get("/admin/").status_code == 200


def test_a_password_without_the_authenticator_code_does_not_make_a_known_device(client, home_page):
    user = UserFactory(groups=["Healthwatch staff"], mfa=True)
    assert sign_in(client, user.email)["Location"] == reverse("mfa_authenticate")
    assert KNOWN_DEVICE_COOKIE not in client.cookies
    del client.cookies[settings.SESSION_COOKIE_NAME]  # walks away from the security code page
    guess_five_times(user.email)
    assert sign_in(client, user.email).status_code == 429


def test_a_known_device_for_one_account_does_not_lift_the_limit_for_another(client, home_page):
    own, target = UserFactory(), UserFactory()
    attacker = stranger(99)
    assert sign_in(attacker, own.email).status_code == 302  # the attacker's own account
    sign_out(attacker)
    guess_five_times(target.email)
    assert sign_in(attacker, target.email).status_code == 429
    # A made-up cookie is ignored too.
    attacker.cookies[KNOWN_DEVICE_COOKIE] = "anything"
    assert sign_in(attacker, target.email).status_code == 429


def test_one_internet_address_still_guesses_slowly_even_on_a_known_device(client, home_page):
    user, other = UserFactory(), UserFactory()
    assert sign_in(client, user.email).status_code == 302
    sign_out(client)
    for _ in range(5):
        assert sign_in(client, user.email, "wrong").status_code == 200
    response = sign_in(client, user.email)
    assert response.status_code == 429
    assert "Get a sign-in code by e-mail" in page_text(response)
    assert sign_in(client, other.email).status_code == 429  # "5/5m/ip"
    # Only the per-e-mail-address limit e-mails the owner.
    assert not OutgoingEmail.objects.filter(subject=WARNING_SUBJECT).exists()


def test_the_lockout_page_is_the_same_for_an_address_without_an_account(client, home_page):
    user = UserFactory()
    guess_five_times(user.email)
    guess_five_times("nobody@walsallhealthcare.nhs.uk", first=10)
    with_account = page_text(sign_in(stranger(30), user.email))
    without = sign_in(stranger(31), "nobody@walsallhealthcare.nhs.uk")
    assert without.status_code == 429
    assert page_text(without) == with_account
    assert not OutgoingEmail.objects.filter(to="nobody@walsallhealthcare.nhs.uk").exists()


def test_the_sign_in_page_offers_a_code_by_email(client, home_page):
    page = soup(client.get(LOGIN_URL))
    link = page.find("a", href=reverse("account_request_login_code"))
    assert link.get_text(strip=True) == "Sign in with a code sent to your e-mail instead"
    assert BeautifulSoup(client.get(link["href"]).content.decode(), "html.parser").find("label", attrs={
        "for": "id_email"}).get_text(strip=True) == "E-mail address"
