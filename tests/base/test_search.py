"""Site search as a resident meets it: plain-English headings, dates and summaries, events to
come before past ones, topics and Q&A found, suggestions when nothing is found, pages of results.
The same results on SQLite and PostgreSQL (run with DATABASE_URL=postgres://...)."""
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from base.models import SectionIndexPage, StandardPage
from base.search import PER_PAGE, search_pages
from roadshows.models import RoadshowIndexPage, RoadshowPage
from tests.engagement.conftest import have_your_say  # noqa: F401 (a fixture)
from tests.events.conftest import make_event
from tests.factories import make_page
from tests.reports.conftest import make_report, update

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(home_page):
    from reports.models import HighlightReportIndexPage

    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, HighlightReportIndexPage, title="Board highlight reports", slug="highlight-reports")


def headings(html):
    import re

    return re.findall(r'<h3 id="group-\d+" class="nhsuk-heading-s">([^<]+)</h3>', html)


def test_results_are_grouped_under_plain_english_headings_with_dates_and_summaries(client, home_page, reports):
    from events.models import EventIndexPage

    make_report(reports, 2021, 3, updates=[update("respiratory", "Breathing space", "<p>Walsall walks.</p>")])
    make_page(home_page, StandardPage, title="Walsall walks", slug="walks", summary="Walking groups near you.")
    events = make_page(home_page, EventIndexPage, title="Events", slug="events")
    make_event(events, title="Walsall walks workshop", summary="Come and plan the walks.")

    html = client.get("/search/", {"q": "walks"}).content.decode()
    assert sorted(headings(html)) == ["Events", "Highlight reports", "Pages"]
    assert "Standard pages" not in html and "Highlight report pages" not in html
    assert "March 2021" in html  # the report's month
    assert "Walking groups near you." in html and "Come and plan the walks." in html
    assert connection.vendor in ("sqlite", "postgresql")


def test_events_to_come_are_listed_before_past_ones_which_are_marked(client, home_page):
    from events.models import EventIndexPage

    events = make_page(home_page, EventIndexPage, title="Events", slug="events")
    make_event(events, title="Diabetes day gone", start=timezone.now() - datetime.timedelta(days=30))
    make_event(events, title="Diabetes day to come", start=timezone.now() + datetime.timedelta(days=30))

    results = search_pages("diabetes")
    (heading, found), = results.groups
    assert heading == "Events"
    assert [event.title for event in found] == ["Diabetes day to come", "Diabetes day gone"]
    html = client.get("/search/", {"q": "diabetes"}).content.decode()
    assert html.index("Diabetes day to come") < html.index("Diabetes day gone") < html.index("Past event")
    assert html.count("Past event") == 1


def test_a_topic_finds_the_reports_tagged_with_it(reports):
    for month in (1, 2, 3):
        make_report(reports, 2021, month, updates=[update("respiratory", "Breathing", "<p>COPD clinics.</p>")])
    make_report(reports, 2021, 4, updates=[update("diabetes", "Feet", "<p>Foot checks.</p>")])

    results = search_pages("respiratory")
    assert [(heading, sorted(page.title for page in pages)) for heading, pages in results.groups] == [
        ("Highlight reports", ["Highlight report February 2021", "Highlight report January 2021",
                               "Highlight report March 2021"]),
    ]


def test_roadshow_questions_and_answers_are_found(home_page):
    index = make_page(home_page, RoadshowIndexPage, title="Staff roadshows", slug="roadshows")
    make_page(index, RoadshowPage, title="Spring roadshow", slug="spring", date=datetime.date(2021, 4, 1),
              questions=[{"type": "question", "value": {"question": "Will the physiotherapy hub move?",
                                                        "answer": "<p>Not this year.</p>"}}])
    assert [page.title for _, pages in search_pages("physiotherapy").groups for page in pages] == ["Spring roadshow"]


def test_no_results_suggest_what_to_try(client, home_page):
    html = client.get("/search/", {"q": "zzzzqqq"}).content.decode()
    assert 'No results for "zzzzqqq"' in html
    assert "check the spelling" in html
    assert 'href="/search/?q=Respiratory">Respiratory</a>' in html


def test_results_come_a_page_at_a_time(client, home_page):
    for number in range(PER_PAGE + 5):
        make_page(home_page, StandardPage, title=f"Carers page {number}", slug=f"carers-{number}")
    first = client.get("/search/", {"q": "carers"}).content.decode()
    second = client.get("/search/", {"q": "carers", "page": 2}).content.decode()
    assert f"{PER_PAGE + 5} results" in first and "(page 1 of 2)" in first
    assert first.count("Carers page") == PER_PAGE and second.count(">Carers page") == 5
    assert 'rel="next"' in first and "page=2" in first


def test_the_user_group_page_is_not_listed_under_have_your_say(client, home_page, have_your_say):
    from engagement.models import UserGroupApplicationPage
    from tests.engagement.conftest import make_exercise

    make_exercise(have_your_say, slug="diabetes-care", title="Diabetes care survey")
    make_page(home_page, UserGroupApplicationPage, title="Join the User Group", slug="join",
              introduction="<p>People with diabetes help shape local services.</p>",
              what_happens_next="<p>We will contact you.</p>", thank_you_text="<p>Thank you.</p>")
    groups = {heading: [page.title for page in pages] for heading, pages in search_pages("diabetes").groups}
    assert groups["Have your say"] == ["Diabetes care survey"]
    assert groups["Pages"] == ["Join the User Group"]
    html = client.get("/search/", {"q": "diabetes"}).content.decode()
    assert sorted(headings(html)) == ["Have your say", "Pages"]
    pages_group = html[html.index('class="nhsuk-heading-s">Pages</h3>'):].split("</ul>")[0]
    assert "Join the User Group" in pages_group and "Diabetes care survey" not in pages_group
