"""Sign-up and password reset beyond django-allauth's limits (ACCOUNT_RATE_LIMITS) get our 429
page; the pages themselves still open. Sign-in limits: test_accounts.py."""
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from mailer.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_429_page(response, minutes=5):
    assert response.status_code == 429
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.find("main").h1.get_text(strip=True) == "Too many attempts"
    assert f"Wait {minutes} minutes, then try again." in " ".join(page.get_text(" ").split())
    assert page.find(class_="nhsuk-header")


def outgoing_to(email):
    return OutgoingEmail.objects.filter(to=email).count()


def test_password_reset_beyond_the_limit_for_one_address(client, home_page, settings):
    # "3/15m/key": three reset e-mails in 15 minutes for one address, from any browser.
    user = UserFactory()
    for _ in range(3):
        client.cookies.clear()
        response = client.post("/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 302
    assert outgoing_to(user.email) == 3
    assert_429_page(client.post("/accounts/password/reset/", {"email": user.email}), minutes=15)
    assert outgoing_to(user.email) == 3
    assert client.get("/accounts/password/reset/").status_code == 200


def request_code(client, email):
    client.cookies.clear()  # a new browser each time, as someone sending them on purpose would
    return client.post(reverse("account_request_login_code"), {"email": email})


def test_a_fourth_sign_in_code_for_one_address_in_15_minutes_is_refused_and_not_sent(client, home_page):
    user = UserFactory()
    for _ in range(3):
        assert request_code(client, user.email).status_code == 302
    assert outgoing_to(user.email) == 3

    response = request_code(client, user.email)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    error = page.find(class_="nhsuk-error-message").get_text(" ", strip=True)
    assert "We have already sent several sign-in codes. Use the code in the last e-mail we sent you" in error
    assert "wait 15 minutes and ask for a new one" in error
    assert page.find(class_="nhsuk-error-summary")
    assert outgoing_to(user.email) == 3


def test_one_ip_address_cannot_ask_for_codes_to_many_addresses(client, home_page):
    # "20/15m/ip", whatever the addresses.
    users = [UserFactory() for _ in range(21)]
    for user in users[:20]:
        assert request_code(client, user.email).status_code == 302
    assert OutgoingEmail.objects.count() == 20
    response = request_code(client, users[20].email)
    assert "We have already sent several sign-in codes" in response.content.decode()
    assert outgoing_to(users[20].email) == 0


def test_sign_up_beyond_the_limit(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    for _ in range(3):
        assert client.post("/accounts/signup/", {"email": "someone@gmail.example"}).status_code == 200
    assert_429_page(client.post("/accounts/signup/", {"email": "someone@gmail.example"}))
    assert client.get("/accounts/signup/").status_code == 200
