"""A resident finds the latest Board highlight report from the home page and downloads it."""
import re

import pytest
from playwright.sync_api import expect

from base.demo.loader import DemoLoader
from base.models import SectionIndexPage
from reports.demo import load_demo_reports
from tests.browser.conftest import assert_accessible
from tests.factories import ensure_wagtail_roots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reports_site():
    ensure_wagtail_roots()
    DemoLoader().load()
    load_demo_reports()
    return SectionIndexPage.objects.get(slug="publications")


def test_resident_goes_from_the_home_page_to_the_november_report_and_downloads_it(page, reports_site):
    page.goto("/")
    latest = page.get_by_role("region", name="Latest highlight report")
    expect(latest.get_by_role("link", name="Highlight report November 2020")).to_be_visible()
    latest.get_by_role("link", name="All highlight reports").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Board highlight reports")
    expect(page.get_by_role("heading", level=2, name="2020")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Find a report").first.click()  # the filters are folded under their name
    page.get_by_label("Topic").select_option(label="Respiratory")
    page.get_by_label("Year").select_option("2020")
    page.get_by_role("button", name="Show reports").click()
    expect(page).to_have_url(re.compile(r"/publications/highlight-reports/\?year=2020&topic=respiratory$"))
    expect(page.get_by_text("3 reports about Respiratory from 2020.")).to_be_visible()
    expect(page.get_by_label("Topic")).to_have_value("respiratory")
    assert_accessible(page)

    page.get_by_role("link", name="Highlight report November 2020").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Highlight report November 2020")
    expect(page.get_by_role("heading", level=3, name="Priority pathways")).to_be_visible()
    assert_accessible(page)

    link = page.get_by_role("link", name="Highlight report November 2020 (PDF")
    expect(link).to_contain_text("KB)")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert re.fullmatch(r"walsall-together-highlight-report-2020-11\w*\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"


def test_filters_that_are_not_choices_are_ignored(page, reports_site):
    # Diabetes is in no demo report, so it is not a choice: only the year applies.
    response = page.goto("/publications/highlight-reports/?topic=diabetes&year=2020&page=9")
    assert response.status == 200
    expect(page.get_by_text("3 reports from 2020.")).to_be_visible()
    expect(page.get_by_label("Topic")).to_have_value("")
    page.goto("/publications/highlight-reports/?topic=east-locality&year=2020")
    expect(page.get_by_text("1 report about East locality from 2020.")).to_be_visible()
    assert_accessible(page)


def test_report_pages_are_accessible_at_phone_width(phone_page, reports_site):
    phone_page.goto("/publications/highlight-reports/?topic=respiratory")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Board highlight reports")
    assert_accessible(phone_page)
    phone_page.goto("/publications/highlight-reports/november-2020/")
    expect(phone_page.get_by_role("link", name="Highlight report November 2020 (PDF")).to_be_visible()
    assert_accessible(phone_page)
