"""A carer books a respiratory workshop for two with a BSL interpreter, in a real browser, then
uses the e-mail: its calendar file and its link to cancel. axe-core checks every page."""
import datetime
import email
import email.policy
import re
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from base.models import Topic
from events.models import Booking, EventIndexPage, EventPage
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOINING_LINK = "https://meet.example.org/walsall-together/respiratory-room-42"
CARER = "sam.carer@example.org"


@pytest.fixture
def mail_dir(settings, tmp_path):
    """E-mails are written to files, as in development, and read back by the test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return Path(settings.EMAIL_FILE_PATH)


@pytest.fixture
def workshop():
    home = make_home_page()
    index = make_page(home, EventIndexPage, title="Events and workshops", slug="events",
                      summary="Workshops where you can have your say.")
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=14)).replace(
        hour=11, minute=0, second=0, microsecond=0)
    event = make_page(
        index, EventPage, title="Respiratory workshop: living with COPD", slug="respiratory-workshop",
        summary="Tell us what it is like to live with a lung condition, or to care for someone who does.",
        who_for="People living with or caring for someone with a respiratory condition such as COPD.",
        start=start, end=start + datetime.timedelta(minutes=90), format=EventPage.Format.ONLINE,
        joining_link=JOINING_LINK, capacity=30, max_companions=1,
        topics=[topic("pathway", "Respiratory", "respiratory"),
                topic("programme_area", "Engagement and co-production", "engagement-and-co-production")],
    )
    make_page(index, EventPage, title="Respiratory Virtual Workshop", slug="respiratory-2020",
              who_for="People living with a lung condition.", format=EventPage.Format.ONLINE,
              start=datetime.datetime(2020, 11, 19, 11, 0, tzinfo=datetime.UTC),
              end=datetime.datetime(2020, 11, 19, 12, 30, tzinfo=datetime.UTC))
    return event


def topic(kind, name, slug):
    """The seeded topic (a transactional test's flush removes the migration's rows)."""
    return Topic.objects.get_or_create(slug=slug, defaults={"kind": kind, "name": name})[0]


def read_emails(mail_dir):
    """Every message the file backend wrote, parsed."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                messages.append(email.message_from_string(raw.strip(), policy=email.policy.default))
    return messages


def calendar_start(content):
    item = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    return item, item.decoded("dtstart")


def test_carer_books_two_places_with_bsl_then_cancels_from_the_email(page, workshop, mail_dir):
    page.goto(workshop.get_parent().url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Events and workshops")
    expect(page.get_by_role("heading", name="Past events")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Respiratory workshop: living with COPD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Respiratory workshop: living with COPD")
    expect(page.get_by_text("30 places left")).to_be_visible()
    assert JOINING_LINK not in page.content()
    assert_accessible(page)

    # The public calendar file: the right start, and never the joining link.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Add this event to your calendar")).click()
    content = Path(download.value.path()).read_bytes()
    assert calendar_start(content)[1] == workshop.start
    assert JOINING_LINK not in content.decode().replace("\r\n ", "")

    page.get_by_role("link", name="Book a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a place")
    assert_accessible(page)

    # Sending the form half filled in: errors, and nothing typed is lost.
    page.get_by_label("Full name").fill("Sam Carer")
    page.get_by_label("I care for someone with the condition").check()
    page.get_by_role("button", name="Book my place").click()
    expect(page).to_have_title(re.compile("^Error: Book a place"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter your e-mail address")
    expect(summary).to_contain_text("Select whether you are bringing anyone with you")
    expect(page.get_by_label("Full name")).to_have_value("Sam Carer")
    expect(page.get_by_label("I care for someone with the condition")).to_be_checked()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your e-mail address").click()
    expect(page.get_by_label("E-mail address")).to_be_focused()

    page.get_by_label("E-mail address").fill(CARER)
    page.get_by_label("Yes, 1 person").check()
    page.get_by_label("A British Sign Language (BSL) interpreter").check()
    page.get_by_label(re.compile("^I agree that Walsall Together can keep my booking details")).check()
    page.get_by_role("button", name="Book my place").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You have 2 places")
    expect(page.get_by_text("A British Sign Language (BSL) interpreter")).to_be_visible()
    assert JOINING_LINK not in page.content()
    assert_accessible(page)
    booking = Booking.objects.get()
    assert (booking.status, booking.places, booking.role, booking.access_needs) == ("confirmed", 2, "carer", ["bsl"])

    # The confirmation e-mail: joining link, calendar file and a personal link.
    messages = read_emails(mail_dir)
    confirmation = next(m for m in messages if m["To"] == CARER)
    assert confirmation["Subject"] == "You are booked: Respiratory workshop: living with COPD"
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    assert JOINING_LINK in text and "you and 1 other person" in text
    attachment = next(part for part in confirmation.iter_attachments() if part.get_content_type() == "text/calendar")
    item, start = calendar_start(attachment.get_content().encode() if isinstance(attachment.get_content(), str)
                                 else attachment.get_content())
    assert start == workshop.start
    assert JOINING_LINK in str(item["description"])
    organiser = next(m for m in messages if m["To"] != CARER)
    assert "British Sign Language" in organiser.get_body(preferencelist=("plain",)).get_content()

    link = re.search(r"http://\S+/booking/[\w-]+/", text).group(0)
    page.goto(link.replace("http://testserver", ""))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have 2 places")
    page.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to cancel your booking?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your booking is cancelled")
    assert_accessible(page)
    assert Booking.objects.get().status == "cancelled"
    assert any(m["Subject"].startswith("Your booking is cancelled") for m in read_emails(mail_dir))


def test_booking_works_without_javascript(browser, live_server, workshop):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(workshop.url + "book/")
    page.get_by_label("Full name").fill("No Script")
    page.get_by_label("E-mail address").fill("noscript@example.org")
    page.get_by_label("I live with the condition").check()
    page.get_by_label("No, just me").check()
    page.get_by_label(re.compile("^I agree that Walsall Together")).check()
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have a place")
    context.close()


def test_filters_and_phone_width(phone_page, workshop):
    phone_page.goto(workshop.get_parent().url)
    phone_page.get_by_label("Priority pathway").select_option("respiratory")
    phone_page.get_by_role("button", name="Show events").click()
    expect(phone_page.get_by_text("Showing events about Respiratory")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.goto(workshop.url + "book/")
    assert_accessible(phone_page)
