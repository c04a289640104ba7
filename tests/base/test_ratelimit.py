"""Rate limits on every public form: they count forms sent, not pages or corrections; the post
beyond the rate gets the 429 page and saves nothing; a flood of posts of any kind is stopped too;
reading the page is never limited; each form and each internet address has its own count."""
import os
import subprocess
import sys
import uuid

import pytest
from bs4 import BeautifulSoup

from base.models import ContactMessage, ContactPage
from engagement.models import UserGroupApplication
from events.models import Booking
from tests.engagement.conftest import PAGE_URL as JOIN_URL
from tests.engagement.conftest import join_page  # noqa: F401 - fixture
from tests.engagement.applying import CHECK_URL as JOIN_CHECK_URL
from tests.engagement.applying import answer_every_question, answers
from tests.events.conftest import events_index, make_event  # noqa: F401 - fixture
from tests.events.booking import answer_every_question as answer_every_booking_question
from tests.events.booking import answers as booking_answers
from tests.events.booking import book_through_pages, check_url
from tests.factories import make_page
from tests.test_deployment import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(home_page):
    return make_page(home_page, ContactPage, title="Contact us", slug="contact")


@pytest.fixture
def low_limits(settings, rate_limit_clock):
    settings.RATE_LIMITS = {"contact": "3/m", "event_booking": "3/m", "user_group_application": "3/m"}
    return 3


def contact_data(**overrides):
    data = {"name": "Sam Carer", "email": "sam.carer@example.org", "subject": "Parking",
            "message": "Is there parking?", "consent": "on", "submission_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def assert_too_many_attempts_page(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.title.string.strip() == "Too many attempts - Walsall Together"
    main = page.find("main")
    assert main.h1.get_text(strip=True) == "Too many attempts"
    text = " ".join(main.get_text(" ").split())
    assert "We have not sent your form." in text
    assert "Wait 1 minute, then try again." in text
    assert page.find(class_="nhsuk-header")  # the site's own layout


def test_contact_form_post_beyond_the_limit_gets_the_429_page_and_is_not_saved(client, contact_page, low_limits):
    for _ in range(low_limits):
        assert client.post(contact_page.url, contact_data()).status_code == 200
    assert ContactMessage.objects.count() == low_limits

    response = client.post(contact_page.url, contact_data())
    assert_too_many_attempts_page(response)
    assert ContactMessage.objects.count() == low_limits


def test_corrections_do_not_count_but_a_flood_of_posts_is_stopped(client, contact_page, low_limits, settings):
    for _ in range(low_limits + 2):
        response = client.post(contact_page.url, contact_data(email=""))  # a mistake, shown again
        assert response.status_code == 200 and b"There is a problem" in response.content
    for _ in range(low_limits):
        assert client.post(contact_page.url, contact_data()).status_code == 200
    assert ContactMessage.objects.count() == low_limits

    settings.RATE_LIMIT_FORM_POSTS = "3/m"
    cache_clear()
    for _ in range(3):
        client.post(contact_page.url, contact_data(email=""), REMOTE_ADDR="192.0.2.9")
    assert_too_many_attempts_page(client.post(contact_page.url, contact_data(), REMOTE_ADDR="192.0.2.9"))


def cache_clear():
    from django.core.cache import cache

    cache.clear()


def test_reading_the_form_is_never_limited(client, contact_page, low_limits):
    for _ in range(low_limits + 1):
        client.post(contact_page.url, contact_data())
    for _ in range(10):
        response = client.get(contact_page.url)
        assert response.status_code == 200
        assert 'name="submission_token"' in response.content.decode()


def test_each_form_and_each_address_has_its_own_count(client, contact_page, events_index, low_limits):
    event = make_event(events_index)
    for _ in range(low_limits + 1):
        client.post(contact_page.url, contact_data())
    assert client.post(contact_page.url, contact_data()).status_code == 429

    booking = book_through_pages(client, event, booking_answers())
    assert booking.status_code == 302  # the booking form still works
    other_address = client.post(contact_page.url, contact_data(), REMOTE_ADDR="192.0.2.44")
    assert other_address.status_code == 200


def test_event_booking_post_beyond_the_limit_gets_the_429_page(client, events_index, low_limits):
    event = make_event(events_index, capacity=50)
    # A family on one computer: each goes through the question pages, then books.
    for number in range(low_limits):
        response = book_through_pages(client, event, booking_answers(email=f"person{number}@example.org"))
        assert response.status_code == 302 and "/booking/" in response["Location"]
    # One more person still answers every question (nobody is stopped half way)...
    response = answer_every_booking_question(client, event, booking_answers(email="one.more@example.org"))
    assert "Check your answers before you book" in response.content.decode()
    # ...but booking is over the limit: the 429 page, nothing stored, the answers kept to book later.
    assert_too_many_attempts_page(client.post(check_url(event), {"expected": "place"}))
    assert Booking.objects.count() == low_limits
    assert client.get(check_url(event)).status_code == 200
    assert client.get(f"{event.url}book/").status_code == 200


def test_user_group_applications_are_counted_when_sent_not_page_by_page(client, join_page, low_limits):
    # A family on one computer: each goes through about 20 question pages, then sends.
    for number in range(low_limits):
        answer_every_question(client, answers(email=f"person{number}@example.org"))
        assert client.post(JOIN_CHECK_URL)["Location"].endswith("/sent/")
    assert UserGroupApplication.objects.count() == low_limits

    # One more person still goes through every question (nobody is stopped half way)...
    response = answer_every_question(client, answers(email="one.more@example.org"))
    assert "Check your answers before you apply" in response.content.decode()
    # ...but sending is over the limit: the 429 page, nothing stored, the answers kept to send later.
    assert_too_many_attempts_page(client.post(JOIN_CHECK_URL))
    assert UserGroupApplication.objects.count() == low_limits
    assert client.get(JOIN_CHECK_URL).status_code == 200
    assert client.get(JOIN_URL).status_code == 200


def test_limits_can_be_turned_off(client, contact_page, low_limits, settings):
    settings.RATE_LIMIT_ENABLED = False
    for _ in range(low_limits + 2):
        assert client.post(contact_page.url, contact_data()).status_code == 200


def test_an_unreachable_cache_lets_residents_send_the_form(client, contact_page, low_limits, monkeypatch, caplog):
    def cache_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to the cache")

    monkeypatch.setattr("base.ratelimit.get_usage", cache_down)
    for _ in range(low_limits + 1):
        assert client.post(contact_page.url, contact_data()).status_code == 200
    assert ContactMessage.objects.count() == low_limits + 1
    assert "Rate limit not checked" in caplog.text


def test_behind_a_proxy_each_visitor_is_counted_by_the_address_in_its_header(client, contact_page, low_limits,
                                                                              settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"  # set by the load balancer
    for _ in range(low_limits):
        assert client.post(contact_page.url, contact_data(), HTTP_X_REAL_IP="198.51.100.7").status_code == 200
    assert client.post(contact_page.url, contact_data(), HTTP_X_REAL_IP="198.51.100.7").status_code == 429
    assert client.post(contact_page.url, contact_data(), HTTP_X_REAL_IP="198.51.100.8").status_code == 200


def test_sign_in_limits_read_the_same_header():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.base as s; print(s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}", "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "X-Real-Ip"
