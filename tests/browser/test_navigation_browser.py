"""Finding "You said, we did" in a real browser: from the main navigation on a desktop and from
the "More" menu on a phone, from the home page; axe-core checks the pages this work changed (home,
the "You said, we did" index and outcome pages, a theme's quotes, search results) on both widths."""
import re

import pytest
from playwright.sync_api import expect

from base.models import SectionIndexPage, StandardPage
from engagement.models import EngagementIndexPage, YouSaidWeDidIndexPage
from engagement.services import loop, moderation
from tests.browser.conftest import assert_accessible
from tests.engagement.conftest import days, make_exercise, respond
from tests.factories import UserFactory, make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    home = make_home_page(introduction="Working together for a healthier Walsall.")
    for title in ("About Walsall Together", "Publications", "News"):  # a full menu, as on the live site
        make_page(home, StandardPage, title=title, show_in_menus=True)
    get_involved = make_page(home, SectionIndexPage, title="Get involved", slug="get-involved", show_in_menus=True)
    index = make_page(get_involved, EngagementIndexPage, title="Have your say", slug="have-your-say")
    outcomes = make_page(index, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
    exercise = make_exercise(index, opens_on=days(-60), closes_on=days(-30))
    staff = UserFactory()
    responses = [respond(exercise, f"Joined-up care matters to me, reason {n}.", channel="paper") for n in range(5)]
    for response in responses:
        moderation.approve(response, staff)
    theme = moderation.create_theme(exercise, "Care should be joined up", published=True, responses=responses)
    loop.create_action(exercise, [theme], "We joined up the teams", status="in_progress", published=True,
                       actor=staff)
    loop.create_action(exercise, [theme], "An A&E in every street", status="not_possible", published=True,
                       actor=staff, not_possible_reason="A&E needs specialist staff in one place.")
    return {"home": home, "outcomes": outcomes, "exercise": exercise, "theme": theme}


def test_you_said_we_did_from_the_desktop_navigation(page, site):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="You said, we did").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    expect(page.get_by_role("link", name="You said, we did", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    page.get_by_role("link", name="Care in Walsall").click()
    expect(page.get_by_role("heading", name="What we could not do, and why")).to_be_visible()
    expect(page.get_by_text("A&E needs specialist staff in one place.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Read all 5 comments")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said: Care should be joined up")
    assert_accessible(page)


def test_you_said_we_did_from_the_phone_menu_and_the_home_page(phone_page, site):
    page = phone_page
    page.goto("/")
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Menu")
    link = nav.get_by_role("link", name="You said, we did")
    if not link.is_visible():  # moved into the "More" menu on a narrow screen
        nav.get_by_role("button", name=re.compile("More")).click()
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    # The filters are folded away below the heading, so the results come first.
    expect(page.locator("summary", has_text="Find an engagement")).to_be_visible()
    expect(page.get_by_label("Priority pathway")).to_be_hidden()
    assert_accessible(page)
    page.goto("/")
    page.get_by_role("link", name="See what we did after every engagement").click()
    expect(page).to_have_url(re.compile(r"/you-said-we-did/$"))


def test_search_results_are_accessible(page, phone_page, site):
    for browser_page in (page, phone_page):
        browser_page.goto("/search/?q=care")
        expect(browser_page.get_by_role("heading", name=re.compile("result"))).to_be_visible()
        assert_accessible(browser_page)
        browser_page.goto("/search/?q=zzzzqqq")
        expect(browser_page.get_by_text("check the spelling")).to_be_visible()
        assert_accessible(browser_page)
