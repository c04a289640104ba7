"""Asking for a publication in another format, on a phone (390 px): the form, its errors and the
confirmation pass axe-core; the questions revealed under an answer open as it is chosen."""
import pytest
from playwright.sync_api import expect

from accessible_formats.models import CommunicationNeed, FormatRequest
from tests.accessible_formats.conftest import make_publication
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publication():
    return make_publication(make_home_page())


def test_resident_asks_for_a_report_in_polish_on_a_phone(phone_page, publication):
    page = phone_page
    page.goto(publication.url)
    page.get_by_role("link", name="Ask for this in another format").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for this in another format")
    language = page.get_by_label("Which language?")
    expect(language).to_be_hidden()  # folded under its answer until that is chosen
    assert_accessible(page)

    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title("Error: Ask for this in another format - Walsall Together")
    page.get_by_role("link", name="Select the format you need").click()
    expect(page.get_by_role("radio", name="Large print")).to_be_focused()
    assert_accessible(page)

    page.get_by_role("radio", name="Another language").check()
    expect(language).to_be_visible()
    language.fill("Polish")
    page.get_by_label("Your name").fill("Sam Carer")
    page.get_by_role("radio", name="E-mail").check()
    page.get_by_label("E-mail address").fill("sam.carer@example.org")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    request = FormatRequest.objects.get()
    expect(page.get_by_text(f"Your reference is {request.reference}")).to_be_visible()
    expect(page.get_by_text(f"make {publication.title} in Polish for you")).to_be_visible()
    assert_accessible(page)
    assert CommunicationNeed.objects.get().language == "Polish"


def test_the_form_works_without_javascript(browser, live_server, publication):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"/other-formats/{publication.pk}/")
    # Every revealed question shows, so a person can answer whichever applies.
    expect(page.get_by_label("Which language?")).to_be_visible()
    expect(page.get_by_label("Phone number")).to_be_visible()
    page.get_by_role("radio", name="Large print").check()
    page.get_by_label("Your name").fill("Alex")
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(page.get_by_text("We will phone you when it is ready")).to_be_visible()
    context.close()
