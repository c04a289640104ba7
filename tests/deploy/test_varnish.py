"""The shipped Varnish configuration (deploy/varnish/default.vcl) in front of a live server:
anonymous pages are served by Varnish, purged when they change, and nothing made for someone
is ever kept. Needs varnishd (Debian package `varnish`; .ci/run installs it)."""
import pytest
import requests
from django.test import Client

from base import page_cache
from base.models import ContactPage, SectionIndexPage, StandardPage
from deploy.varnish.local import VCL, running_varnish, varnishd
from events.models import EventIndexPage
from tests.events.conftest import make_event
from tests.factories import UserFactory, make_page

pytestmark = [
    pytest.mark.skipif(not varnishd(), reason="varnishd is not installed (Debian package varnish)"),
    pytest.mark.usefixtures("page_cache_on"),
]


@pytest.fixture
def varnish(live_server):
    """A Varnish of its own for each test: each test's database has other pages at the same addresses."""
    with running_varnish(live_server.url) as url:
        yield url


@pytest.fixture
def front_cache(settings, varnish):
    settings.FRONT_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish}}
    return varnish


@pytest.fixture
def about(transactional_db, home_page, front_cache):
    section = make_page(home_page, SectionIndexPage, title="About us", slug="about")
    make_page(section, StandardPage, title="Our partners", slug="partners")
    return section


def get(url, **kwargs):
    response = requests.get(url, timeout=10, **kwargs)
    assert response.status_code == 200, url
    return response


def test_anonymous_pages_are_served_by_varnish_and_purged_when_they_change(about, front_cache):
    url = front_cache + about.url
    assert get(url).headers["X-Cache"] == "miss"
    second = get(url)
    assert second.headers["X-Cache"] == "hit" and "Age" in second.headers
    assert "Our partners" in second.text
    # Tracking parameters do not make another copy.
    assert get(url + "?utm_source=newsletter&fbclid=abc").headers["X-Cache"] == "hit"
    assert get(url + "?page=2&utm_medium=email").headers["X-Cache"] == "miss"
    assert get(url + "?page=2").headers["X-Cache"] == "hit"
    page = about.specific
    page.title = "Who we are"
    page.save_revision().publish()  # commits: the app purges Varnish
    after = get(url)
    assert after.headers["X-Cache"] == "miss" and "Who we are" in after.text
    assert get(front_cache + about.get_children().get().url).headers["X-Cache"] == "miss"  # shows the new menu


def test_signed_in_people_pass_through(about, front_cache):
    get(front_cache + about.url)
    browser = Client()
    browser.force_login(UserFactory())
    cookies = {"sessionid": browser.cookies["sessionid"].value}
    for _ in range(2):
        response = get(front_cache + about.url, cookies=cookies)
        assert response.headers["X-Cache"] == "pass"
        assert "Sign out" in response.text
    assert "Sign out" not in get(front_cache + about.url).text


def test_booking_pages_and_forms_are_never_kept(transactional_db, home_page, front_cache):
    contact = make_page(home_page, ContactPage, title="Contact us", slug="contact")
    index = make_page(home_page, EventIndexPage, title="Events", slug="events")
    event = make_event(index)
    for url in (event.url + "book/", contact.url):
        for _ in range(2):
            response = get(front_cache + url)
            assert response.headers["X-Cache"] != "hit"
            assert "no-store" in response.headers["Cache-Control"]


def test_the_purge_is_refused_from_elsewhere_and_the_tracking_names_match_the_app():
    assert "client.ip !~ purgers" in VCL.read_text()
    assert page_cache.TRACKING_PARAMETER.pattern in VCL.read_text()
