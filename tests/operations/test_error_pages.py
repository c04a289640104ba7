"""Residents see the site's own pages when something goes wrong, never Django's plain ones."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DESIGN = ('class="nhsuk-skip-link"', 'class="nhsuk-header wt-header"', "css/walsall-together.css")


def assert_site_design(response):
    html = response.content.decode()
    for part in DESIGN:
        assert part in html, part
    return html


def test_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in assert_site_design(response)


@pytest.mark.urls("tests.operations.error_urls")
def test_403_page(client, home_page):
    response = client.get("/refuse/")
    assert response.status_code == 403
    assert "You cannot see this page</h1>" in assert_site_design(response)


@pytest.mark.urls("tests.operations.error_urls")
def test_500_page(home_page):
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    assert "<h1>Sorry, there is a problem with the service</h1>" in assert_site_design(response)


def test_400_page_for_a_host_name_the_site_does_not_answer_to(client, home_page, settings):
    settings.ALLOWED_HOSTS = ["walsalltogether.example"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = assert_site_design(response)
    assert "<h1>Sorry, we could not understand that request</h1>" in html
    assert "evil.example" not in html


def test_expired_form_page_offers_the_way_back_to_the_form(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "typed"},
                           HTTP_REFERER="http://testserver/accounts/login/?next=/admin/")
    assert response.status_code == 403
    html = assert_site_design(response)
    assert "This form has expired</h1>" in html
    assert "Use your browser's back button to return to the form" in html
    assert '<a href="http://testserver/accounts/login/?next=/admin/">open the form again</a>' in html
    assert "typed" not in html.replace("what you typed", "")  # nothing posted is shown or re-sent
    assert "no-cache" in response["Cache-Control"]


def test_expired_form_page_never_links_to_another_site(home_page):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {},
                                                     HTTP_REFERER="https://evil.example/accounts/login/")
    assert response.status_code == 403
    html = assert_site_design(response)
    assert "This form has expired</h1>" in html
    assert "evil.example" not in html and "open the form again" not in html
