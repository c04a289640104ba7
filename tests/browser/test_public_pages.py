"""A resident using the public pages in a real browser, with axe-core on each page type."""
import pytest
from playwright.sync_api import expect

from base.models import ContactPage, NewsPage, SectionIndexPage, StandardPage
from base.models import ContactMessage
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_pages():
    home = make_home_page(
        introduction="Health and care organisations in Walsall working together.",
        join_text="Help shape local services: join the Healthwatch User Group.",
    )
    about = make_page(home, SectionIndexPage, title="About us", slug="about", show_in_menus=True,
                      summary="Who we are and how we work.")
    partners = make_page(about, StandardPage, title="Our partners", slug="partners",
                         summary="The organisations in the partnership.",
                         body=[{"type": "heading", "value": "Who is in the partnership"},
                               {"type": "paragraph", "value": "<p>Walsall Healthcare NHS Trust, Walsall Council and others.</p>"}])
    news = make_page(home, SectionIndexPage, title="News", slug="news", show_in_menus=True)
    make_page(news, NewsPage, title="A visit from the NHS Confederation", slug="visit", date="2023-07-14",
              summary="Praise for our care navigation centre.")
    home.join_page = about
    home.save_revision().publish()
    contact = make_page(home, ContactPage, title="Contact us", slug="contact",
                        introduction="<p>Send us a message and we will reply.</p>",
                        thank_you_text="<p>We reply within 10 working days.</p>")
    return {"home": home, "about": about, "partners": partners, "news": news, "contact": contact}


def test_resident_finds_a_page_from_the_home_page(page, site_pages):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Walsall Together")
    expect(page.get_by_role("link", name="A visit from the NHS Confederation")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="About us").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    assert_accessible(page)

    page.get_by_role("link", name="Our partners").click()
    expect(page.get_by_role("heading", level=2, name="Who is in the partnership")).to_be_visible()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("About us")
    assert_accessible(page)

    page.goto(site_pages["news"].url + "visit/")
    expect(page.get_by_text("Published on 14 July 2023")).to_be_visible()
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page, site_pages):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#maincontent")).to_be_focused()


def test_contact_form_errors_then_confirmation(page, site_pages, mailoutbox):
    page.goto(site_pages["contact"].url)
    assert_accessible(page)
    page.get_by_label("Your name").fill("Sam Carer")
    page.get_by_label("Your e-mail address").fill("sam.carer@")
    page.get_by_role("button", name="Send message").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter an e-mail address in the right format")
    expect(summary).to_contain_text("Enter your message")
    expect(page).to_have_title("Error: Contact us - Walsall Together")
    expect(page.get_by_label("Your name")).to_have_value("Sam Carer")
    assert_accessible(page)

    summary.get_by_role("link", name="Enter your message").click()
    expect(page.get_by_label("Your message", exact=True)).to_be_focused()

    page.get_by_label("Your e-mail address").fill("sam.carer@example.org")
    page.get_by_label("What is your message about?").fill("Parking")
    page.get_by_label("Your message", exact=True).fill("Is there parking at the workshop?")
    page.get_by_label("I agree that Walsall Together can keep").check()
    page.get_by_role("button", name="Send message").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Message sent")
    assert_accessible(page)
    assert ContactMessage.objects.get().email == "sam.carer@example.org"
    assert sorted(m.to[0] for m in mailoutbox) == ["sam.carer@example.org", "walsall.together@walsallhealthcare.nhs.uk"]


def test_contact_form_works_without_javascript(browser, live_server, site_pages):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_pages["contact"].url)
    page.get_by_label("Your name").fill("No Script")
    page.get_by_label("Your e-mail address").fill("noscript@example.org")
    page.get_by_label("What is your message about?").fill("Access")
    page.get_by_label("Your message", exact=True).fill("Works without JavaScript")
    page.get_by_label("I agree that Walsall Together can keep").check()
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Message sent")
    context.close()


def test_search_results_and_not_found_pages(page, site_pages):
    page.goto("/")
    page.get_by_role("searchbox", name="Search this website").fill("partners")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", name='result for "partners"')).to_be_visible()
    expect(page.get_by_role("link", name="Our partners")).to_be_visible()
    assert_accessible(page)

    page.goto("/search/?q=zzzzzz")
    expect(page.get_by_text('No results for "zzzzzz"')).to_be_visible()
    assert_accessible(page)

    response = page.goto("/this-page-does-not-exist/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_phone_width_pages_are_accessible(phone_page, site_pages):
    phone_page.goto("/")
    assert_accessible(phone_page)
    phone_page.goto(site_pages["partners"].url)
    assert_accessible(phone_page)
