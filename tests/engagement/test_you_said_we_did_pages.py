""""You said, we did" as a resident finds it: in the navigation and on the home page, linked from
each exercise, in the sitemap; an honest headline; a plain-English timeline; actions and highlight
reports linked both ways; outcome pages that stay fast and cacheable however many quotes there are."""
import datetime

import pytest
from django.utils import timezone

from engagement.models import ActionUpdate, Answer, Response, YouSaidWeDidIndexPage
from engagement.services import loop, moderation, tallies
from tests.factories import UserFactory, make_page

from .conftest import days, make_exercise, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome_index(have_your_say):
    return make_page(have_your_say, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")


@pytest.fixture
def staff(db):
    return UserFactory()


@pytest.fixture
def closed(have_your_say):
    return make_exercise(have_your_say, opens_on=days(-60), closes_on=days(-30), slug="closed-one", title="Closed one")


def approved_quotes(exercise, theme, number):
    """`number` approved, quotable responses behind `theme` (set straight in the database: fast,
    so counted again afterwards, as `manage.py recount_feedback` does)."""
    responses = [respond(exercise, f"Quote number {n}", channel="paper") for n in range(number)]
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(status=Response.Status.APPROVED,
                                                                      moderated_at=timezone.now())
    for answer in Answer.objects.filter(response__in=responses, quotable=True):
        Answer.objects.filter(pk=answer.pk).update(public_text=answer.text)
    theme.responses.add(*responses)
    tallies.recount(exercise)


def test_you_said_we_did_is_in_the_main_navigation_and_marked_when_there(client, outcome_index):
    home = client.get("/").content.decode()
    nav = home[home.index('aria-label="Menu"'):]
    assert f'href="{outcome_index.url}">You said, we did</a>' in nav
    there = client.get(outcome_index.url).content.decode()
    assert f'href="{outcome_index.url}" aria-current="page">You said, we did</a>' in there
    assert there.count('aria-current="page"') == 1  # not "Get involved" as well


def test_the_home_page_shows_the_headline_and_the_latest_change(client, closed, outcome_index, staff):
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    action = loop.create_action(closed, [theme], "We joined up the teams", status="planned", published=True,
                                actor=staff)
    loop.change_status(action, "in_progress", staff, note="Two teams share one office now.")
    html = client.get("/").content.decode()
    section = html[html.index(">You said, we did</h2>"):]
    assert "What we did about the 1 thing you told us" in section
    assert "We are doing something about 1 of them now." in section
    assert "The latest change we made" in section and "We joined up the teams" in section
    assert f"We started this in {timezone.localdate():%B %Y}" in section and "Two teams share one office now." in section
    assert f'href="{closed.url}you-said-we-did/#action-{action.pk}"' in section
    assert f'href="{outcome_index.url}">See what we did after every engagement</a>' in section


def test_the_home_page_puts_one_card_sections_side_by_side(client, home_page):
    from base.home import HomeSection, home_page_rows

    single = [HomeSection(f"One {n}", ["card"]) for n in range(4)]
    many = HomeSection("Many", ["a", "b", "c"])
    rows = home_page_rows([single[0], single[1], many, single[2], single[3], HomeSection("Alone", ["x"])])
    assert [(width, [s.heading for s in row]) for width, row in rows] == [
        ("one-half", ["One 0", "One 1"]), ("full", ["Many"]), ("one-third", ["One 2", "One 3", "Alone"])]
    assert home_page_rows([single[0]])[0][0] == "two-thirds"


def test_each_exercise_links_its_outcome(client, closed, staff):
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    loop.create_action(closed, [theme], "We joined up the teams", published=True, actor=staff)
    html = client.get(closed.url).content.decode()
    assert f'href="{closed.url}you-said-we-did/"' in html and "You said, we did" in html


def test_the_sitemap_lists_each_outcome_page_and_open_forms(client, have_your_say, closed):
    open_one = make_exercise(have_your_say, slug="open-one", title="Open one")
    sitemap = client.get("/sitemap.xml").content.decode()
    for exercise in (closed, open_one):
        assert f"{exercise.full_url}you-said-we-did/</loc>" in sitemap
    assert f"{open_one.full_url}respond/</loc>" in sitemap
    assert f"{closed.full_url}respond/</loc>" not in sitemap
    form = client.get(f"{open_one.url}respond/")
    assert "noindex" not in form.get("X-Robots-Tag", "") and 'content="noindex"' not in form.content.decode()


def test_the_headline_says_what_was_done_planned_and_not_possible_with_the_reason(client, closed, staff):
    themes = [moderation.create_theme(closed, f"Theme {n}", published=True, sort_order=n) for n in range(4)]
    loop.create_action(closed, [themes[0]], "We did the first", status="done", published=True, actor=staff)
    loop.create_action(closed, [themes[1]], "We plan the second", status="planned", published=True, actor=staff)
    loop.create_action(closed, [themes[2]], "An A&E in every street", status="not_possible", published=True,
                       actor=staff, not_possible_reason="A&E needs specialist staff in one place.")
    html = client.get(f"{closed.url}you-said-we-did/").content.decode()
    assert "What we did about the 4 things you told us in this engagement" in html
    assert "We did something about 1 of them." in html
    assert "We plan to do something about 1 of them, but have not started yet." in html
    assert "We looked into 1 of them, but could not do what was asked (see why below)." in html
    assert "We have not decided what to do about 1 of them yet." in html
    assert "An A&amp;E in every street</a>: A&amp;E needs specialist staff in one place." in html
    assert "%" not in html.split("What we did about")[1].split("You said:")[0]
    assert "Could not be done" in html and "Planned, not started yet" in html


def test_the_timeline_speaks_plain_english(client, closed, staff):
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    action = loop.create_action(closed, [theme], "We joined up the teams", status="planned", published=True,
                                actor=staff)
    loop.change_status(action, "in_progress", staff)
    loop.add_progress_update(action, "Half the teams have moved.", staff)
    loop.change_status(action, "done", staff)
    ActionUpdate.objects.filter(action=action).update(created_at=datetime.datetime(2021, 3, 9, 10, tzinfo=datetime.UTC))
    html = client.get(f"{closed.url}you-said-we-did/").content.decode()
    assert ">We planned this in March 2021</time>." in html
    assert ">We started this in March 2021</time>." in html
    assert ">Update, March 2021</time>: Half the teams have moved." in html
    assert ">We finished this in March 2021</time>." in html
    assert "We published this action" not in html and "(done)" not in html


def test_an_action_and_the_highlight_report_recording_it_link_to_each_other(client, closed, staff, home_page):
    from base.models import SectionIndexPage
    from reports.models import HighlightReportIndexPage
    from tests.reports.conftest import make_report

    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    reports = make_page(publications, HighlightReportIndexPage, title="Reports", slug="highlight-reports")
    report = make_report(reports, 2021, 3)
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    action = loop.create_action(closed, [theme], "We joined up the teams", status="in_progress", published=True,
                                actor=staff, evidence=[("", report)])
    loop.create_action(closed, [theme], "Not published", actor=staff, evidence=[("", report)])

    outcome = client.get(f"{closed.url}you-said-we-did/").content.decode()
    assert "Where this is recorded" in outcome
    assert f'href="{report.url}">{report.title}</a> (highlight report)' in outcome
    report_html = client.get(report.url).content.decode()
    assert "This report decided or reported on these actions" in report_html
    assert f'href="{closed.url}you-said-we-did/#action-{action.pk}">We joined up the teams</a>' in report_html
    assert "Not published" not in report_html
    assert f'id="action-{action.pk}"' in outcome


def test_the_outcome_page_shows_a_few_quotes_a_theme_and_the_rest_a_page_at_a_time(client, closed):
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    approved_quotes(closed, theme, 23)
    html = client.get(f"{closed.url}you-said-we-did/").content.decode()
    assert html.count("Quote number") == 3
    link = f"{closed.url}you-said-we-did/{theme.pk}/"
    assert f'href="{link}">Read all 23 comments' in html
    first = client.get(link).content.decode()
    second = client.get(link, {"page": 2}).content.decode()
    assert first.count("Quote number") == 20 and second.count("Quote number") == 3
    assert "page 1 of 2" in first and 'rel="next"' in first
    assert client.get(f"{closed.url}you-said-we-did/999999/").status_code == 404


def test_the_outcome_page_does_the_same_work_however_many_quotes(client, closed, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    approved_quotes(closed, theme, 4)
    url = f"{closed.url}you-said-we-did/"
    client.get(url)  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    approved_quotes(closed, theme, 40)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few) and html.count("Quote number") == 3


def test_outcome_pages_are_kept_in_the_page_cache_and_purged_when_a_quote_is_withdrawn(client, closed, staff,
                                                                                         page_cache_on, commit):
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    response = respond(closed, "Please share my records", channel="paper")
    moderation.approve(response, staff)
    theme.responses.add(response)
    url = f"{closed.url}you-said-we-did/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(f"{url}{theme.pk}/")["X-Page-Cache"] == "miss"
    with commit():
        moderation.flag_safeguarding(response, staff, "A worry")
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss" and "Please share my records" not in again.content.decode()
    assert client.get(f"{closed.url}respond/")["X-Page-Cache"] == "skip"


def test_get_involved_lists_you_said_we_did(client, outcome_index, have_your_say):
    get_involved = have_your_say.get_parent()
    html = client.get(get_involved.url).content.decode()
    assert f'href="{have_your_say.url}">Have your say</a>' in html
    assert f'href="{outcome_index.url}">You said, we did</a>' in html


def test_an_action_and_the_newsletter_issue_reporting_it_link_to_each_other(client, closed, staff, home_page):
    from newsletters.models import NewsletterIndexPage, NewsletterIssuePage

    archive = make_page(home_page, NewsletterIndexPage, title="Stakeholder newsletters", slug="newsletters")
    issue = make_page(archive, NewsletterIssuePage, title="Stakeholder newsletter: March 2021", slug="march-2021",
                      date="2021-03-15", introduction="Welcome.", stories=[])
    other_issue = make_page(archive, NewsletterIssuePage, title="Stakeholder newsletter: April 2021",
                            slug="april-2021", date="2021-04-15", introduction="Welcome.", stories=[])
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    action = loop.create_action(closed, [theme], "We joined up the teams", status="done", published=True,
                                actor=staff, evidence=[("", issue)])
    loop.create_action(closed, [theme], "Not published", actor=staff, evidence=[("", issue)])

    outcome = client.get(f"{closed.url}you-said-we-did/").content.decode()
    assert f'href="{issue.url}">{issue.title}</a> (newsletter)' in outcome
    issue_html = client.get(issue.url).content.decode()
    assert '<h2 id="you-said-we-did-actions">Actions this issue reports on</h2>' in issue_html
    assert "This issue reported on these actions" in issue_html
    assert f'href="{closed.url}you-said-we-did/#action-{action.pk}">We joined up the teams</a>' in issue_html
    assert "From the engagement: " + closed.title in issue_html and "Done" in issue_html
    assert "Not published" not in issue_html
    assert "Actions this issue reports on" not in client.get(other_issue.url).content.decode()


def test_the_headline_parts_add_up_to_the_things_counted(client, closed, outcome_index, staff):
    """The demo's numbers: 5 themes, 4 done (one of them also with an action that could not be
    done) and 1 in progress. The rows count themes, so they add up to 5; the action that could not
    be done is not a sixth thing."""
    themes = [moderation.create_theme(closed, f"Theme {n}", published=True, sort_order=n) for n in range(5)]
    for theme in themes[:4]:
        loop.create_action(closed, [theme], f"We did {theme.title}", status="done", published=True, actor=staff)
    loop.create_action(closed, [themes[4]], "We are on it", status="in_progress", published=True, actor=staff)
    loop.create_action(closed, [themes[0]], "A clinic on every street", status="not_possible", published=True,
                       actor=staff, not_possible_reason="Clinics need specialist staff in one place.")
    for url in ("/", f"{closed.url}you-said-we-did/"):
        html = client.get(url).content.decode()
        assert "What we did about the 5 things you told us" in html
        assert "We count each thing once, by the furthest we have got with it." in html
        assert "We did something about 4 of them." in html
        assert "We are doing something about 1 of them now." in html
        assert "could not do what was asked" not in html  # no theme is counted as not possible
        assert "thing we could not do" not in html
    home = client.get("/").content.decode()
    assert "We could not take 1 action for these things. We say why on each engagement" in home
