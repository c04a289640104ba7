"""A stakeholder browses the newsletter archive and reads an issue; a resident signs up, confirms from
the e-mail, and later unsubscribes from the link in a newsletter."""
import email as email_parser
import email.policy
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from base.models import SectionIndexPage
from mailer.services import send_queued
from newsletters import campaigns
from newsletters.demo import load_demo
from newsletters.models import (
    MailingList, NewsletterIndexPage, NewsletterIssuePage, NewsletterSignupPage, Subscription,
)
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


# Subscribing, confirming and leaving -----------------------------------------------------------


RESIDENT = "pat.resident@example.org"


@pytest.fixture
def mail_dir(settings, tmp_path):
    """E-mails are written to files by the worker, as in development, and read back by the test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    cache.clear()  # the sign-up form's rate limit
    yield Path(settings.EMAIL_FILE_PATH)
    cache.clear()


def read_emails(mail_dir):
    """Every message the worker wrote, oldest first, parsed."""
    send_queued()  # the worker's task (tasks also run at once in tests; this sends anything left)
    messages = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                messages.append(email_parser.message_from_string(raw.strip(), policy=email.policy.default))
    return messages


def link_to(message, part):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"(http://\S+/subscriptions/{part}/\S+/)", text).group(1)


@pytest.fixture
def signup(newsletters):
    """The demo's sign-up page and its stakeholder newsletter list."""
    return NewsletterSignupPage.objects.get(), MailingList.objects.get(slug="stakeholder-newsletter")


def test_resident_signs_up_confirms_and_unsubscribes_from_a_newsletter(page, live_server, signup, mail_dir, settings):
    signup_page, stakeholders = signup
    settings.SITE_URL = live_server.url
    page.goto(signup_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up for our e-mails")
    assert_accessible(page)

    page.get_by_label("E-mail address", exact=True).fill("pat.resident@")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_role("alert").get_by_role("link", name="Select at least one type of e-mail").click()
    expect(page.get_by_label("Stakeholder newsletter")).to_be_focused()
    expect(page.get_by_label("E-mail address", exact=True)).to_have_value("pat.resident@")

    page.get_by_label("E-mail address", exact=True).fill(RESIDENT)
    page.get_by_label("Your name (optional)").fill("Pat")
    page.get_by_label("Stakeholder newsletter").check()
    page.get_by_label("I agree that Walsall Together").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)

    [confirmation] = read_emails(mail_dir)
    assert confirmation["To"] == RESIDENT and "List-Unsubscribe" not in confirmation
    page.goto(link_to(confirmation, "confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    assert_accessible(page)
    page.goto(link_to(confirmation, "confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Already confirmed")

    # Later, the Comms team sends the October issue to the list.
    issue = NewsletterIssuePage.objects.get(slug="october-2020")
    campaigns.send_campaign(issue, stakeholders)
    newsletter = read_emails(mail_dir)[-1]
    assert newsletter["Subject"] == "Stakeholder newsletter: October 2020"
    assert newsletter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = link_to(newsletter, "unsubscribe")
    assert newsletter["List-Unsubscribe"].strip() == f"<{unsubscribe_url}>"  # may be folded onto a new line

    page.goto(link_to(newsletter, "preferences"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your e-mail preferences")
    expect(page.get_by_label("Stakeholder newsletter")).to_be_checked()
    assert_accessible(page)

    page.goto(unsubscribe_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from Stakeholder newsletter")
    assert Subscription.objects.get().status == Subscription.Status.SUBSCRIBED  # opening the link changes nothing
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    assert_accessible(page)
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED


def test_sign_up_works_without_javascript_and_at_phone_width(browser, live_server, signup, mail_dir, phone_page):
    signup_page, _ = signup
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_js = context.new_page()
    no_js.goto(signup_page.url)
    no_js.get_by_label("E-mail address", exact=True).fill(RESIDENT)
    no_js.get_by_label("Get involved: engagement opportunities").check()
    no_js.get_by_label("I agree that Walsall Together").check()
    no_js.get_by_role("button", name="Sign up").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    context.close()
    assert Subscription.objects.get().status == Subscription.Status.PENDING

    phone_page.goto(signup_page.url)
    assert_accessible(phone_page)
