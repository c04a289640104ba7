"""The anonymous page cache (base/page_cache.py): what is kept, for whom, and when it is purged.

The `X-Page-Cache` header says what the cache did: "hit" (served from the cache), "miss" (built
and kept) or "skip" (built, not kept).
"""
import re

import pytest
from django.test import Client

from base.models import ContactPage, SectionIndexPage, SiteSettings, StandardPage
from events.models import EventIndexPage
from tests.events.conftest import book, make_event
from tests.events.booking import answer_every_question, answers
from tests.factories import UserFactory, make_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def fetch(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response


def test_second_anonymous_visit_is_served_from_the_cache(client, about):
    first = fetch(client, about.url)
    second = fetch(client, about.url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Our partners" in second.content.decode()
    assert second["X-Frame-Options"] == "DENY"  # headers added inside are kept with the page


def test_head_is_served_from_the_cache_and_query_strings_are_separate_pages(client, about):
    fetch(client, about.url)
    assert client.head(about.url)["X-Page-Cache"] == "hit"
    assert fetch(client, about.url + "?page=2")["X-Page-Cache"] == "miss"


def test_tracking_parameters_are_the_same_page_and_are_not_carried_on(client, about):
    first = fetch(client, about.url + "?utm_source=newsletter&utm_medium=email&fbclid=IwAR0abc")
    assert first["X-Page-Cache"] == "miss"
    assert "utm_source" not in first.content.decode() and "fbclid" not in first.content.decode()
    assert fetch(client, about.url)["X-Page-Cache"] == "hit"
    assert fetch(client, about.url + "?gclid=xyz")["X-Page-Cache"] == "hit"
    # A real parameter still makes its own page, with or without tracking beside it.
    assert fetch(client, about.url + "?page=2&utm_campaign=december")["X-Page-Cache"] == "miss"
    assert fetch(client, about.url + "?page=2")["X-Page-Cache"] == "hit"
    html = fetch(client, about.url + "?utm_source=x").content.decode()
    assert re.search(rf'<link rel="canonical" href="http://[\w.:-]+{about.url}">', html)  # no query string


def test_the_cache_serves_a_kept_page_without_touching_the_database(client, about, django_assert_num_queries):
    fetch(client, about.url)
    with django_assert_num_queries(0):
        assert fetch(client, about.url)["X-Page-Cache"] == "hit"


def test_signed_in_people_are_never_served_from_or_stored_in_the_cache(client, about):
    fetch(client, about.url)  # an anonymous copy is in the cache
    staff = Client()
    staff.force_login(UserFactory())
    for _ in range(2):
        response = fetch(staff, about.url)
        assert response["X-Page-Cache"] == "skip"
        assert "Sign out" in response.content.decode()
    anonymous = fetch(Client(), about.url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Sign out" not in anonymous.content.decode()
    assert "Staff sign in" in anonymous.content.decode()


def test_a_visitor_with_a_session_or_messages_cookie_is_not_served_from_the_cache(about):
    fetch(Client(), about.url)
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert fetch(visitor, about.url)["X-Page-Cache"] == "skip"


def test_contact_form_page_is_never_cached(home_page, commit):
    with commit():
        contact = make_page(home_page, ContactPage, title="Contact us", slug="contact")
    for _ in range(2):
        response = fetch(Client(), contact.url)
        assert response["X-Page-Cache"] == "skip"
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_event_booking_form_and_personal_booking_pages_are_never_cached(home_page, commit):
    with commit():
        index = make_page(home_page, EventIndexPage, title="Events", slug="events")
        event = make_event(index)
    booking = book(event).booking
    for url in (event.url + "book/", event.url + "book/about-you/", event.url + "book/agree/",
                event.url + f"booking/{booking.token}/", event.url + f"booking/{booking.token}/calendar/"):
        for _ in range(2):
            response = Client().get(url)
            assert response.status_code == 200
            assert response["X-Page-Cache"] == "skip", url
    # Someone half way through booking: their answers are on every page, none of which is kept.
    person = Client()
    answer_every_question(person, event, answers())
    for url in (event.url + "book/", event.url + "book/about-you/", event.url + "book/check/"):
        response = person.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url
        assert response["X-Page-Cache"] == "skip", url
        assert "Sam Carer" not in Client().get(event.url + "book/").content.decode()


def test_a_post_is_never_cached_nor_answered_from_the_cache(client, home_page, commit):
    with commit():
        contact = make_page(home_page, ContactPage, title="Contact us", slug="contact")
    fetch(client, contact.url)
    response = client.post(contact.url, {"name": "", "email": "", "subject": "", "message": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert fetch(Client(), contact.url)["X-Page-Cache"] == "skip"


def test_private_pages_are_never_cached(client, about):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(about.url)
    assert response.status_code == 302  # to the sign-in page
    assert response["X-Page-Cache"] == "skip"
    staff = Client()
    staff.force_login(UserFactory())
    assert fetch(staff, about.url)["X-Page-Cache"] == "skip"


def test_publishing_a_child_purges_its_listing(client, about, commit):
    fetch(client, about.url)
    assert fetch(client, about.url)["X-Page-Cache"] == "hit"
    with commit():
        make_page(about, StandardPage, title="How we are governed", slug="governed")
    response = fetch(client, about.url)
    assert response["X-Page-Cache"] == "miss"
    assert "How we are governed" in response.content.decode()


def test_publishing_a_change_purges_the_page_and_every_page_that_shows_it(client, about, commit):
    child = about.get_children().get().specific
    fetch(client, about.url)
    fetch(client, child.url)
    page = about.specific
    page.title = "Who we are"
    with commit():
        page.save_revision().publish()
    assert "<h1>Who we are</h1>" in fetch(client, about.url).content.decode()
    response = fetch(client, child.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Who we are" in response.content.decode()  # in the breadcrumbs


def test_unpublishing_purges(client, about, commit):
    child = about.get_children().get().specific
    fetch(client, child.url)
    fetch(client, about.url)
    with commit():
        child.unpublish()
    assert client.get(child.url).status_code == 404
    assert "Our partners" not in fetch(client, about.url).content.decode()


def test_moving_purges(client, home_page, about, commit):
    with commit():
        other = make_page(home_page, SectionIndexPage, title="Get involved", slug="get-involved")
    child = about.get_children().get().specific
    fetch(client, child.url)
    fetch(client, about.url)
    with commit():
        child.move(other, pos="last-child")
    assert client.get("/about/partners/")["Location"] == "/get-involved/partners/"
    assert "Our partners" not in fetch(client, about.url).content.decode()
    assert fetch(client, "/get-involved/partners/")["X-Page-Cache"] == "miss"


def test_deleting_purges(client, about, commit):
    child = about.get_children().get().specific
    fetch(client, about.url)
    with commit():
        child.delete()
    assert "Our partners" not in fetch(client, about.url).content.decode()


def test_changing_site_settings_purges(client, about, commit):
    fetch(client, about.url)
    site_settings = SiteSettings.load()
    site_settings.footer_text = "Working together for a healthier Walsall."
    with commit():
        site_settings.save()
    response = fetch(client, about.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Working together for a healthier Walsall." in response.content.decode()


def test_changing_a_snippet_purges(client, about, commit):
    from base.models import Topic

    fetch(client, about.url)
    with commit():
        Topic.objects.create(kind=Topic.Kind.PATHWAY, name="Frailty test pathway", slug="frailty-test")
    assert fetch(client, about.url)["X-Page-Cache"] == "miss"


def test_a_booking_refreshes_the_places_left_on_its_event_and_the_event_list_only(client, home_page, about, commit):
    with commit():
        index = make_page(home_page, EventIndexPage, title="Events", slug="events")
        event = make_event(index, capacity=3)
        other = make_event(index, title="Walking group", slug="walking-group", capacity=5)
    for page in (event, index, other, home_page, about):
        fetch(client, page.url)
    assert "3 places left" in fetch(client, index.url + "?topic=nothing").content.decode()
    with commit():
        book(event)
    response = fetch(client, event.url)
    assert response["X-Page-Cache"] == "miss"
    assert "2 places left" in response.content.decode()
    assert "2 places left" in fetch(client, index.url).content.decode()
    assert "2 places left" in fetch(client, index.url + "?topic=nothing").content.decode()  # every query string
    for unrelated in (other, home_page, about):  # no places of this event on them
        assert fetch(client, unrelated.url)["X-Page-Cache"] == "hit"


def test_nothing_is_cached_when_the_cache_is_off(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fetch(client, about.url)
    assert fetch(client, about.url)["X-Page-Cache"] == "skip"


def test_a_route_a_page_names_is_cached_and_purged_with_it(client, home_page, commit):
    from reports.models import HighlightReportIndexPage
    from tests.reports.conftest import make_report

    with commit():
        index = make_page(home_page, HighlightReportIndexPage, title="Reports", slug="reports")
        make_report(index, 2020, 10)
    assert fetch(client, index.url)["X-Page-Cache"] == "miss"
    assert fetch(client, index.url)["X-Page-Cache"] == "hit"
    assert fetch(client, index.feed_url)["X-Page-Cache"] == "miss"
    assert fetch(client, index.feed_url)["X-Page-Cache"] == "hit"
    with commit():
        make_report(index, 2020, 11)
    feed = fetch(client, index.feed_url)
    assert feed["X-Page-Cache"] == "miss"
    assert "Highlight report November 2020" in feed.content.decode()


def test_a_request_for_an_unknown_host_is_refused_not_cached(client, about, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get(about.url, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["X-Page-Cache"] == "skip"
