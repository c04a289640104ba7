"""A stakeholder browses the newsletter archive and reads an issue."""
import re

import pytest
from playwright.sync_api import expect

from base.models import SectionIndexPage
from newsletters.demo import load_demo
from newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsletters():
    home = make_home_page(introduction="Health and care organisations in Walsall working together.")
    make_page(home, SectionIndexPage, title="Publications", slug="publications", show_in_menus=True,
              summary="Reports, newsletters and staff roadshow recordings.")
    load_demo()
    make_page(NewsletterIndexPage.objects.get(), NewsletterIssuePage, title="Stakeholder newsletter: January 2021",
              slug="january-2021", date="2021-01-14", summary="A new year of joined-up care.")
    return home


def test_reader_filters_the_archive_and_reads_an_issue(page, newsletters):
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Publications").click()
    page.get_by_role("link", name="Stakeholder newsletters").click()
    expect(page.locator("main").get_by_role("heading", level=2)).to_have_text(["2021", "2020"])
    assert_accessible(page)

    page.get_by_label("Show newsletters from").select_option("2020")
    page.get_by_role("button", name="Show newsletters").click()
    expect(page).to_have_url(re.compile(r"\?year=2020$"))
    expect(page.locator("main").get_by_role("heading", level=2)).to_have_text(["2020"])
    expect(page.get_by_role("link", name="Stakeholder newsletter: January 2021")).to_have_count(0)

    page.get_by_role("link", name="Stakeholder newsletter: October 2020").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholder newsletter: October 2020")
    expect(page.get_by_text("Thursday 19 November 2020 at 11am")).to_be_visible()
    expect(page.get_by_role("img", name="A simple drawing of seven people")).to_be_visible()
    assert_accessible(page)


def test_archive_filter_works_without_javascript(browser, live_server, newsletters):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/publications/newsletters/")
    page.get_by_label("Show newsletters from").select_option("2021")
    page.get_by_role("button", name="Show newsletters").click()
    expect(page.locator("main").get_by_role("heading", level=2)).to_have_text(["2021"])
    context.close()


def test_newsletter_pages_at_phone_width(phone_page, newsletters):
    phone_page.goto("/publications/newsletters/")
    assert_accessible(phone_page)
    phone_page.goto("/publications/newsletters/december-2020/")
    assert_accessible(phone_page)
