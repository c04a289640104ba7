"""Sign-up and password reset beyond django-allauth's limits (ACCOUNT_RATE_LIMITS) get our 429
page; the pages themselves still open. Sign-in limits: test_accounts.py."""
import pytest
from bs4 import BeautifulSoup

from mailer.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_429_page(response):
    assert response.status_code == 429
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.find("main").h1.get_text(strip=True) == "Too many attempts"
    assert "Wait 5 minutes, then try again." in " ".join(page.get_text(" ").split())
    assert page.find(class_="nhsuk-header")


def test_password_reset_beyond_the_limit_for_one_address(client, home_page, settings):
    # "5/m/key": five reset e-mails a minute for one address.
    user = UserFactory()
    for _ in range(5):
        response = client.post("/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 302
    assert OutgoingEmail.objects.filter(to=user.email).count() == 5
    assert_429_page(client.post("/accounts/password/reset/", {"email": user.email}))
    assert OutgoingEmail.objects.filter(to=user.email).count() == 5
    assert client.get("/accounts/password/reset/").status_code == 200


def test_sign_up_beyond_the_limit(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    for _ in range(3):
        assert client.post("/accounts/signup/", {"email": "someone@gmail.example"}).status_code == 200
    assert_429_page(client.post("/accounts/signup/", {"email": "someone@gmail.example"}))
    assert client.get("/accounts/signup/").status_code == 200
