"""The event list and event pages: ordering, filters, query counts, validation and the demo."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.models import SectionIndexPage, Topic
from events import demo
from events.formatting import describe_when
from events.models import EventIndexPage, EventPage
from tests.factories import make_page

from .conftest import book, make_event

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days(number, hour=11):
    moment = timezone.localtime(NOW + datetime.timedelta(days=number))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def titles(listing_items):
    return [event.title for event in listing_items]


def test_upcoming_soonest_first_and_past_newest_first(client, events_index):
    make_event(events_index, title="In a month", start=days(30))
    make_event(events_index, title="Next week", start=days(7))
    make_event(events_index, title="Last year", start=days(-365))
    make_event(events_index, title="Last week", start=days(-7))
    response = client.get(events_index.url)
    listing = response.context["listing"]
    assert titles(listing.upcoming) == ["Next week", "In a month"]
    assert titles(listing.past) == ["Last week", "Last year"]
    html = response.content.decode()
    assert html.index("Upcoming events") < html.index("Next week") < html.index("Past events") < html.index(
        "Last week")


def test_the_respiratory_workshop_reads_in_uk_time(events_index):
    event = make_event(events_index, start=datetime.datetime(2020, 11, 19, 11, 0, tzinfo=datetime.UTC),
                       end=datetime.datetime(2020, 11, 19, 12, 30, tzinfo=datetime.UTC))
    assert describe_when(event.start, event.end) == "Thursday 19 November 2020, 11am to 12:30pm"
    summer = datetime.datetime(2023, 7, 14, 11, 0, tzinfo=datetime.UTC)  # 12 midday in London (BST)
    assert describe_when(summer, summer + datetime.timedelta(hours=2)) == "Friday 14 July 2023, midday to 2pm"


def test_filters_by_topic_pathway_and_locality(client, events_index):
    respiratory = Topic.objects.get(slug="respiratory")
    diabetes = Topic.objects.get(slug="diabetes")
    north = Topic.objects.get(slug="north-locality")
    engagement = Topic.objects.get(slug="engagement-and-co-production")
    make_event(events_index, title="COPD online", start=days(3), topics=[respiratory, engagement])
    make_event(events_index, title="Diabetes in Blakenall", start=days(4), topics=[diabetes, north])
    make_event(events_index, title="Old COPD", start=days(-30), topics=[respiratory])

    listing = client.get(events_index.url, {"pathway": "respiratory"}).context["listing"]
    assert titles(listing.upcoming) == ["COPD online"] and titles(listing.past) == ["Old COPD"]
    listing = client.get(events_index.url, {"locality": "north-locality"}).context["listing"]
    assert titles(listing.upcoming) == ["Diabetes in Blakenall"]
    listing = client.get(events_index.url, {"topic": "engagement-and-co-production",
                                            "pathway": "respiratory"}).context["listing"]
    assert titles(listing.upcoming) == ["COPD online"]
    response = client.get(events_index.url, {"pathway": "north-locality", "locality": "nowhere", "page": "x"})
    assert response.status_code == 200
    assert titles(response.context["listing"].upcoming) == ["COPD online", "Diabetes in Blakenall"]
    html = client.get(events_index.url).content.decode()
    assert '<option value="respiratory">Respiratory</option>' in html
    assert '<option value="cardiology">' not in html  # only topics some event has


def test_past_events_are_paginated(client, events_index):
    for number in range(12):
        make_event(events_index, title=f"Past {number}", start=days(-number - 1))
    first = client.get(events_index.url).context["listing"].past
    assert len(first) == 10 and first.has_next()
    second = client.get(events_index.url, {"page": 2}).context["listing"].past
    assert titles(second) == ["Past 10", "Past 11"]


def _listing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_listing_queries_do_not_grow_with_the_number_of_events(client, events_index):
    topic = Topic.objects.get(slug="respiratory")
    for number in range(3):
        event = make_event(events_index, start=days(number + 1), topics=[topic])
        book(event)
        make_event(events_index, start=days(-number - 1), topics=[topic])
    client.get(events_index.url)  # the first request of a site creates its settings row
    few = _listing_queries(client, events_index.url)
    for number in range(27):
        event = make_event(events_index, start=days(number + 5), topics=[topic])
        book(event)
        make_event(events_index, start=days(-number - 5))
    assert _listing_queries(client, events_index.url) == few


def test_cards_show_places_left_and_full(client, events_index):
    open_event = make_event(events_index, title="Open", capacity=5, start=days(2))
    full = make_event(events_index, title="Full", capacity=1, start=days(3))
    book(full)
    book(open_event, companions=1)
    html = client.get(events_index.url).content.decode()
    assert "3 places left" in html
    assert "Fully booked: waiting list open" in html


def test_event_page_rules(events_index):
    event = EventPage(title="Bad", slug="bad", who_for="Everyone", start=days(3), end=days(3, hour=9),
                      format="in_person")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert {"end", "venue_name", "venue_address"} <= set(error.value.message_dict)


def test_page_types(home_page):
    assert EventPage.parent_page_types == ["events.EventIndexPage"]
    assert EventPage.subpage_types == []
    assert EventIndexPage.subpage_types == ["events.EventPage"]
    assert EventIndexPage.can_create_at(home_page)


def test_cancelled_event_page(client, events_index):
    event = make_event(events_index, is_cancelled=True)
    html = client.get(event.url).content.decode()
    assert "This event has been cancelled" in html
    assert "Book a place" not in html


def test_a_past_event_page_no_longer_invites_people_to_book(client, events_index):
    event = make_event(events_index, start=timezone.now() - datetime.timedelta(days=400))
    html = client.get(event.url).content.decode()
    assert "Online." in html
    assert "When you book, tell us" not in html and "We e-mail the joining link" not in html
    upcoming = client.get(make_event(events_index).url).content.decode()
    assert "When you book, tell us" in upcoming and "We e-mail the joining link to everyone with a place." in upcoming


def test_event_page_search_does_not_index_the_joining_link():
    fields = {field.field_name for field in EventPage.search_fields}
    assert "joining_link" not in fields


# Demo content ------------------------------------------------------------------------------------


@pytest.fixture
def get_involved(home_page):
    return make_page(home_page, SectionIndexPage, title="Get involved", slug="get-involved")


def test_demo_content_is_idempotent(get_involved):
    lines = demo.load_demo()
    assert "5 created" in lines[0]
    revisions = {page.pk: page.latest_revision_id for page in EventPage.objects.all()}
    assert "5 unchanged" in demo.load_demo()[0]
    assert {page.pk: page.latest_revision_id for page in EventPage.objects.all()} == revisions

    workshop = EventPage.objects.get(slug="respiratory-virtual-workshop-2020")
    assert describe_when(workshop.start, workshop.end) == "Thursday 19 November 2020, 11am to 12:30pm"
    assert workshop.is_online
    upcoming = EventPage.objects.filter(start__gt=timezone.now())
    assert upcoming.count() == 3
    assert upcoming.filter(format="in_person").exists()
    assert not EventPage.objects.filter(organiser_email__contains="@").exists()  # no personal addresses


def test_demo_moves_an_upcoming_event_only_once_it_has_passed(get_involved):
    demo.load_demo()
    workshop = EventPage.objects.get(slug="respiratory-workshop")
    first_start = workshop.start
    # A week later the date is still ahead: nothing changes.
    demo.load_demo(now=timezone.now() + datetime.timedelta(days=7))
    assert EventPage.objects.get(pk=workshop.pk).start == first_start
    # Three weeks later it has passed: it moves to 14 days after that day.
    later = timezone.now() + datetime.timedelta(days=21)
    demo.load_demo(now=later)
    moved = EventPage.objects.get(pk=workshop.pk)
    assert moved.start > later
    assert moved.start.date() == (timezone.localtime(later) + datetime.timedelta(days=14)).date()


def test_home_page_lists_upcoming_events_not_past_ones(client, events_index):
    upcoming = make_event(events_index, title="COPD workshop")
    make_event(events_index, title="Respiratory Virtual Workshop 2020",
               start=timezone.now() - datetime.timedelta(days=365))
    html = client.get("/").content.decode()
    assert "Upcoming events" in html
    assert "COPD workshop" in html
    # The same wording as the event page: "Thursday 19 November 2020, 11am to 12:30pm".
    assert describe_when(upcoming.start, upcoming.end) in html
    assert "Respiratory Virtual Workshop 2020" not in html
