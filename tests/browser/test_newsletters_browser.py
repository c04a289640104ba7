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
from tests.browser.conftest import assert_accessible, signed_in_browser
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


# The Comms team's screens in the admin ----------------------------------------------------------


def sign_in(page, live_server, user):
    """A session for a member of staff (with two-factor set up), given to the browser as a cookie."""
    signed_in_browser(page, live_server, user)


def assert_small_icon(button):
    expect(button).to_be_visible()
    box, icon = button.bounding_box(), button.locator("svg").bounding_box()
    assert box["height"] < 60, box
    assert icon["width"] <= 24 and icon["height"] <= 24, icon


@pytest.fixture
def comms_staff(newsletters):
    from accounts.roles import COMMS_TEAM, ensure_staff_groups
    from tests.factories import UserFactory

    # A transactional test before this one may have flushed the groups' page permissions, which
    # the migrations made: without them the menu offers no "Write a new issue".
    ensure_staff_groups()
    return UserFactory(groups=[COMMS_TEAM], mfa=True, email="casey.comms@example.org")


@pytest.fixture
def approver(newsletters):
    from accounts.roles import COMMS_APPROVERS, COMMS_TEAM
    from tests.factories import UserFactory

    return UserFactory(groups=[COMMS_TEAM, COMMS_APPROVERS], mfa=True, email="ava.approver@example.org")


def tick(checkbox):
    """Tick a box from the keyboard, as a keyboard user does."""
    checkbox.focus()
    checkbox.press("Space")
    expect(checkbox).to_be_checked()


def subscribe_six(mailing_list):
    from django.utils import timezone

    from newsletters.models import Subscriber

    for number in range(6):
        subscriber = Subscriber.objects.create(email=f"stakeholder{number}@example.org", confirmed_at=timezone.now())
        Subscription.objects.create(subscriber=subscriber, mailing_list=mailing_list, status="subscribed")


def test_comms_staff_write_an_issue_ask_an_approver_and_import_a_list(page, live_server, comms_staff, approver,
                                                                      mail_dir, tmp_path):
    sign_in(page, live_server, comms_staff)
    page.goto("/admin/")
    panel = page.get_by_role("region", name="Newsletters")
    expect(panel.get_by_text("No newsletter is waiting for approval.")).to_be_visible()
    assert_accessible(page)

    # "Write a new issue" is one press from Newsletters in the menu (once the admin's scripts have
    # set the menu up: a press before that opens nothing).
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Newsletters").click()
    page.get_by_role("list", name="Newsletters").get_by_role("link", name="Write a new issue").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/newsletters/newsletterissuepage/\d+/$"))

    # The archive's rows: a small "Send by e-mail" button, not a 150 px envelope.
    archive = NewsletterIndexPage.objects.get()
    page.goto(f"/admin/pages/{archive.pk}/")
    send = page.get_by_role("link", name="Send by e-mail").first
    assert_small_icon(send)
    row = page.get_by_role("row").filter(has_text="Stakeholder newsletter: December 2020")
    assert row.bounding_box()["height"] < 120
    page.screenshot(path=str(tmp_path / "explorer.png"))

    # The Comms team cannot send, so they ask an approver from the screen (once the screen, its
    # preview frame included, has loaded: the request it sends is awaited, so a lost press says so).
    send.click()
    expect(page.get_by_role("heading", name="Send a test to yourself")).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Which list should get it?").select_option(label="Stakeholder newsletter")
    page.get_by_label("Anything they should know (optional)").fill("Please send it on Monday morning.")
    with page.expect_response(lambda response: response.request.method == "POST" and response.url.endswith("/ask/")):
        page.get_by_role("button", name="Ask an approver to send it").click()
    expect(page.get_by_text("We have e-mailed 1 Comms approver asking them to send it to Stakeholder newsletter."))\
        .to_be_visible()
    asked = read_emails(mail_dir)[-1]
    assert asked["To"] == approver.email and "Monday morning" in asked.get_body(("plain",)).get_content()

    # Import: the good rows go in, the bad one is listed and can be downloaded to correct.
    page.goto("/admin/newsletter-subscribers/import/")
    assert_accessible(page)
    with page.expect_download() as template:
        page.get_by_role("link", name="Download a template CSV file").click()
    assert template.value.suggested_filename == "subscribers-template.csv"
    upload = tmp_path / "list.csv"
    upload.write_text("email,name,lists,consent_basis,consent_date,consent_source\n"
                      "ann@example.org,Ann,stakeholder-newsletter,consent,2024-03-31,Paper form\n"
                      "ann@example.org,,get-involved,consent,2024-03-31,Paper form\n"
                      "bob@example,Bob,stakeholder-newsletter,consent,2024-03-31,Paper form\n")
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("1 row was skipped.")).to_be_visible()
    expect(page.get_by_role("table", name="Skipped rows")).to_contain_text("'bob@example' is not an e-mail address")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    with page.expect_download() as skipped:
        page.get_by_role("button", name="Download the skipped rows (CSV)").click()
    assert "bob@example" in Path(skipped.value.path()).read_text(encoding="utf-8-sig")


def test_approver_schedules_with_a_wrong_date_then_confirms_a_send(page, live_server, approver, mail_dir, tmp_path):
    stakeholders = MailingList.objects.get(slug="stakeholder-newsletter")
    subscribe_six(stakeholders)
    issue = NewsletterIssuePage.objects.get(slug="december-2020")
    sign_in(page, live_server, approver)
    page.goto(f"/admin/newsletter-campaigns/issue/{issue.pk}/")
    expect(page.get_by_role("button", name="Newsletters")).to_be_visible()  # the menu is drawn: no more shifts
    assert_accessible(page)

    # Two list choosers on one page, each with its own name.
    expect(page.get_by_label("As sent to")).to_have_count(1)
    expect(page.get_by_label("Send it to")).to_have_count(1)

    page.get_by_label("Send it to").select_option(label="Stakeholder newsletter")
    tick(page.get_by_label("I have checked the preview and a test e-mail"))
    page.get_by_label("Date and time (UK time)").fill("2020-01-01T09:30")
    page.get_by_role("button", name="Schedule it…").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "schedule-error.png"))
    summary.get_by_role("link", name=re.compile("The time must be in the future")).click()
    date_field = page.get_by_label("Date and time (UK time)")
    expect(date_field).to_be_focused()
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(date_field).to_have_accessible_description(re.compile("The time must be in the future"))

    date_field.fill("2099-03-31T09:30")
    expect(page.get_by_label("I have checked the preview and a test e-mail")).to_be_checked()  # kept
    page.get_by_role("button", name="Schedule it…").click()
    expect(page.get_by_text("You are about to schedule this to go to 6 people on Stakeholder newsletter on "
                            "31 March 2099 at 09:30.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, schedule it").click()
    expect(page.get_by_text("Scheduled to go to Stakeholder newsletter on 31 March 2099 at 09:30.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel this scheduled send").click()
    expect(page.get_by_text("The scheduled send is cancelled. Nothing was sent.")).to_be_visible()

    # Now send it at once, after the confirm step.
    page.goto(f"/admin/newsletter-campaigns/issue/{issue.pk}/")
    expect(page.get_by_role("button", name="Newsletters")).to_be_visible()
    page.get_by_label("Send it to").select_option(label="Stakeholder newsletter")
    tick(page.get_by_label("I have checked the preview and a test e-mail"))
    page.get_by_role("button", name="Send it now…").click()
    expect(page.get_by_text("You are about to send this to 6 people on Stakeholder newsletter.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "confirm.png"))
    page.get_by_role("button", name="Yes, send it now").click()
    expect(page.get_by_text("Sending to Stakeholder newsletter.")).to_be_visible()
    send_queued()  # the worker
    page.reload()
    expect(page.get_by_role("region", name="Progress")).to_contain_text("Unsubscribed with the e-mail's links")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "report.png"))
    assert len(read_emails(mail_dir)) == 6


def test_campaigns_screen_lists_recent_issues_as_targets_big_enough_to_press(page, live_server, comms_staff):
    """The recent issues are a list of links, one above another: each needs room around it (WCAG 2.2
    target size) so that a tap or a shaky hand opens the issue meant."""
    sign_in(page, live_server, comms_staff)
    page.goto("/admin/newsletter-campaigns/")
    expect(page.get_by_role("button", name="Newsletters")).to_be_visible()  # the menu is drawn
    expect(page.get_by_role("link", name="Stakeholder newsletter: December 2020")).to_be_visible()
    assert_accessible(page)
