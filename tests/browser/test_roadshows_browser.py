"""A member of staff (or a resident) reads what was asked at a staff roadshow, without the video."""
import pytest
from playwright.sync_api import expect

from base.models import SectionIndexPage
from roadshows.demo import load_demo
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roadshows():
    home = make_home_page(introduction="Health and care organisations in Walsall working together.")
    make_page(home, SectionIndexPage, title="Publications", slug="publications", show_in_menus=True,
              summary="Reports, newsletters and staff roadshow recordings.")
    load_demo()
    return home


def test_reader_finds_a_roadshow_and_reads_an_answer(page, roadshows):
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Publications").click()
    page.get_by_role("link", name="Staff roadshow recordings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff roadshow recordings")
    assert_accessible(page)

    page.get_by_role("link", name="Staff roadshow: Tuesday 23 March 2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff roadshow: Tuesday 23 March 2021")
    expect(page.get_by_role("heading", level=3, name="Single Point of Access")).to_be_visible()

    answer = page.get_by_text("one place where people, and the professionals who support them")
    expect(answer).to_be_hidden()
    page.get_by_text("What is the Single Point of Access?").click()
    expect(answer).to_be_visible()
    assert_accessible(page)

    # The English captions load from this site as WebVTT.
    track = page.locator("video track[kind=captions]")
    expect(track).to_have_attribute("srclang", "en")
    page.wait_for_function("document.querySelector('video track').readyState === 2")
    cues = page.evaluate("Array.from(document.querySelector('video').textTracks[0].cues).map(c => c.text)")
    assert cues[0] == "Welcome to the Walsall Together staff roadshow."

    page.get_by_text("Read the transcript of the recording").click()
    expect(page.get_by_text("There is time for your questions at the end.")).to_be_visible()


def test_roadshow_pages_at_phone_width(phone_page, roadshows):
    phone_page.goto("/publications/staff-roadshows/")
    assert_accessible(phone_page)
    phone_page.goto("/publications/staff-roadshows/wednesday-31-march-2021/")
    phone_page.get_by_text("What will change for me day to day?").click()
    expect(phone_page.get_by_text("You will work more closely with colleagues")).to_be_visible()
    assert_accessible(phone_page)
