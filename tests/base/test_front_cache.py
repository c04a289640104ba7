"""The front cache (Varnish or a CDN in front of the app) keeps what the page cache keeps
(base/page_cache.py): pages say so in Cache-Control, and every purge reaches it as addresses.
tests/deploy/test_varnish.py runs the real Varnish configuration."""
import pytest
from django.test import Client
from wagtail.contrib.frontend_cache.backends import BaseBackend

from base.models import ContactPage
from events.models import EventIndexPage
from tests.events.conftest import book, make_event
from tests.factories import UserFactory, make_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on", "front_cache")]

PURGED = []


class RecordingBackend(BaseBackend):
    """A front cache that writes down the addresses it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def front_cache(settings):
    settings.FRONT_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    yield
    PURGED.clear()


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_page_for_anonymous_visitors_may_be_kept_by_a_shared_cache(client, about):
    for expected in ("miss", "hit"):  # the copy the page cache serves says so too
        response = client.get(about.url)
        assert response["X-Page-Cache"] == expected
        assert cache_control(response) == {"public", "max-age=0", "s-maxage=600"}


def test_signed_in_people_forms_and_bookings_are_never_kept_by_a_shared_cache(client, home_page, about, commit):
    staff = Client()
    staff.force_login(UserFactory())
    assert {"private", "no-store"} <= cache_control(staff.get(about.url))
    with commit():
        contact = make_page(home_page, ContactPage, title="Contact us", slug="contact")
        index = make_page(home_page, EventIndexPage, title="Events", slug="events")
        event = make_event(index)
    assert {"private", "no-store"} <= cache_control(client.get(contact.url))  # a form
    assert {"private", "no-store"} <= cache_control(client.get(event.url + "book/"))
    booking = book(event).booking
    assert {"private", "no-store"} <= cache_control(client.get(event.url + f"booking/{booking.token}/"))
    assert "private" in cache_control(client.get("/no-such-page/"))


def test_without_a_front_cache_pages_say_nothing_of_shared_caches(client, about, settings):
    settings.FRONT_CACHE_SECONDS = 0
    assert "Cache-Control" not in client.get(about.url)


def test_publishing_purges_every_page_address_from_the_front_cache(client, about, home_page, commit):
    partners = about.get_children().get().specific
    page = about.specific
    page.title = "Who we are"
    with commit():
        page.save_revision().publish()
    assert {home_page.full_url, about.full_url, partners.full_url} <= set(PURGED)


def test_moving_a_page_purges_its_old_address_from_the_front_cache(about, home_page, commit):
    partners = about.get_children().get().specific
    old_url = partners.full_url
    with commit():
        partners.move(home_page, pos="last-child")
    partners.refresh_from_db()
    assert {old_url, partners.full_url} <= set(PURGED)


def test_a_booking_purges_only_its_event_and_the_event_list_from_the_front_cache(home_page, commit):
    with commit():
        index = make_page(home_page, EventIndexPage, title="Events", slug="events")
        event = make_event(index)
        make_event(index)
    PURGED.clear()
    with commit():
        book(event)
    assert sorted(PURGED) == sorted([event.full_url, index.full_url])
