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
from tests.browser.conftest import assert_accessible, sign_in_with_two_factor
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


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "events"


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


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
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    expect(page.get_by_text("Question 1 of 5: About you")).to_be_visible()
    assert_accessible(page)
    shoot(page, "booking-1-your-details-1280")

    # Continuing with a question half answered: errors, and nothing typed is lost.
    page.get_by_label("Full name").fill("Sam Carer")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error: Your details - Book a place"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter your e-mail address")
    expect(page.get_by_label("Full name")).to_have_value("Sam Carer")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your e-mail address").click()
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.get_by_label("E-mail address").fill(CARER)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("I care for someone with the condition").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you bringing anyone with you?")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Select whether you are bringing anyone with you")
    page.get_by_label("Yes, 1 person").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help to take part")
    page.get_by_label("A British Sign Language (BSL) interpreter").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("^I agree that Walsall Together can keep my booking details")).check()
    page.get_by_role("button", name="Continue").click()

    # Check your answers: every answer, a change link for each, and a place (not the waiting list).
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you book")
    expect(page.get_by_text("There are 30 places left, so you will have 2 places.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change phone number").click()
    expect(page.get_by_role("link", name="Back to check your answers")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Sam Carer")
    page.get_by_label("Phone number (optional)").fill("07700900461")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you book")
    expect(page.get_by_text("07700 900461")).to_be_visible()
    shoot(page, "booking-6-check-1280")
    page.get_by_role("button", name="Book my places").click()

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
    # The organisers' shared mailbox is told there are needs to arrange, never what they are.
    organiser_text = organiser.get_body(preferencelist=("plain",)).get_content()
    assert "has access needs to arrange" in organiser_text
    assert "British Sign Language" not in organiser_text and "Sam Carer" not in organiser_text

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
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I live with the condition").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No, just me").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Skip: I do not need anything").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to agree")
    page.get_by_label(re.compile("^I agree that Walsall Together")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You did not ask for any")).to_be_visible()
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have a place")
    assert Booking.objects.get().access_needs == []
    context.close()


def test_filters_and_phone_width(phone_page, workshop):
    phone_page.goto(workshop.get_parent().url)
    phone_page.get_by_label("Priority pathway").select_option("respiratory")
    phone_page.get_by_role("button", name="Show events").click()
    expect(phone_page.get_by_text("Showing events about Respiratory")).to_be_visible()
    assert_accessible(phone_page)


def fits_two_phone_screens(page):
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * 844, f"{page.url} is {height} px tall"


def test_booking_at_phone_width(phone_page, workshop):
    """Every question page fits in two phone screens; axe on the first, an error and the check page."""
    page = phone_page
    page.goto(workshop.url + "book/")
    assert_accessible(page)
    fits_two_phone_screens(page)
    shoot(page, "booking-1-your-details-390")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your full name")
    assert_accessible(page)
    fits_two_phone_screens(page)
    shoot(page, "booking-2-error-390")
    page.get_by_label("Full name").fill("Sam Carer")
    page.get_by_label("E-mail address").fill(CARER)
    page.get_by_label("Phone number (optional)").fill("01922 605000")
    page.get_by_role("button", name="Continue").click()
    for number, label in enumerate(["I care for someone with the condition", "Yes, 1 person",
                                    "A British Sign Language (BSL) interpreter",
                                    re.compile("^I agree that Walsall Together")], start=3):
        fits_two_phone_screens(page)
        shoot(page, f"booking-{number}-question-390")
        page.get_by_label(label).check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you book")
    expect(page.get_by_text("01922 605000")).to_be_visible()
    assert_accessible(page)
    shoot(page, "booking-7-check-390")
    page.get_by_role("button", name="Book my places").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have 2 places")


# The organiser's journey, as Comms staff -----------------------------------------------------------

@pytest.fixture
def full_workshop(workshop):
    """Two places: Sam (with a companion and a BSL interpreter) has both; Alex and Pat (booked by
    phone, no e-mail address) are waiting."""
    from events import services

    EventPage.objects.filter(pk=workshop.pk).update(capacity=2, organiser_email="events@healthwatchwalsall.example")
    workshop.refresh_from_db()
    services.event_published(workshop)
    base = {"role": "carer", "companions": 0}
    sam = services.register_for_event(workshop, {**base, "name": "Sam Carer", "email": CARER, "companions": 1,
                                                 "access_needs": ["bsl"]}).booking
    services.register_for_event(workshop, {**base, "name": "Alex Resident", "email": "alex@example.org"})
    services.register_for_event(workshop, {**base, "name": "Pat Phone", "phone": "07700900461"},
                                channel=Booking.Channel.PHONE, staff=True)
    return workshop, sam


def test_comms_staff_run_an_event_message_attendees_and_cancel_it(page, full_workshop):
    from accounts.roles import COMMS_TEAM
    from events.models import EventMessage
    from mailer.models import OutgoingEmail
    from tests.factories import UserFactory

    event, sam = full_workshop
    organiser = UserFactory(groups=[COMMS_TEAM], email="comms.officer@walsalltogether.example")
    sign_in_with_two_factor(page, organiser, "/admin/event-bookings/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Event bookings")
    assert_accessible(page)
    page.get_by_role("link", name="Respiratory workshop: living with COPD").click()

    # The event: full, so nobody can be given a place; access needs by booked and waiting.
    expect(page.get_by_role("heading", name="Booked (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting list (2)")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Give a place"))).to_have_count(0)
    expect(page.get_by_role("link", name="Mark attendance")).to_have_count(0)  # not before it starts
    expect(page.get_by_role("link", name="Add a booking")).to_be_visible()
    cancel_sam = page.get_by_role("link", name="Cancel booking: Sam Carer")  # a listing button, label shown
    expect(cancel_sam).to_have_text("Cancel booking")
    assert cancel_sam.bounding_box()["height"] < 60
    assert_accessible(page)
    shoot(page, "1-event")

    # Message attendees: write, preview, change, preview again, send.
    page.get_by_role("link", name="Message attendees").click()
    page.get_by_label("Subject").fill("Parking at the venue")
    page.get_by_label("Message").fill("Park at the back, by the lift.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check your message")).to_be_visible()
    expect(page.get_by_text("Dear [their name],")).to_be_visible()
    assert_accessible(page)
    shoot(page, "2-message-preview")
    assert not OutgoingEmail.objects.filter(subject="Parking at the venue").exists()
    page.get_by_role("button", name="Send to 1 person").click()
    expect(page.get_by_text("Your message is on its way to 1 person.")).to_be_visible()
    expect(page.get_by_role("heading", name="Messages sent (1)")).to_be_visible()
    expect(page.get_by_role("cell", name=organiser.email)).to_be_visible()
    assert OutgoingEmail.objects.get(subject="Parking at the venue").to == CARER

    # Cancel Sam's booking: asked first, told who hears about it.
    page.get_by_role("link", name="Cancel booking: Sam Carer").click()
    expect(page.get_by_role("heading", name="Who will be told")).to_be_visible()
    expect(page.get_by_text(f"Sam Carer is told by e-mail, at {CARER}.")).to_be_visible()
    assert_accessible(page)
    shoot(page, "3-cancel-booking")
    page.get_by_role("button", name="Yes, cancel the booking").click()
    expect(page.get_by_text("Cancelled the booking of Sam Carer.")).to_be_visible()
    expect(page.get_by_role("heading", name="Booked (2)")).to_be_visible()  # Alex and Pat moved up

    # Cancel the event: a message is required, the organisers' mailbox is told; no approver.
    page.get_by_role("link", name="Cancel the event…").click()
    expect(page.get_by_text("Pat Phone: 07700 900461")).to_be_visible()
    expect(page.get_by_text("events@healthwatchwalsall.example")).to_be_visible()
    page.get_by_role("button", name="Yes, cancel the event and tell them").click()
    expect(page.get_by_text("Write a message to the people who booked")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Message to everyone booked or waiting").fill("Our speaker is ill. We will run it again in May.")
    shoot(page, "4-cancel-event")
    page.get_by_role("button", name="Yes, cancel the event and tell them").click()
    expect(page.get_by_text(re.compile("Cancelled Respiratory workshop: living with COPD. We e-mailed 1 person"))) \
        .to_be_visible()
    expect(page.get_by_text("This event is cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name="Add a booking")).to_have_count(0)
    expect(page.get_by_role("link", name="Cancel the event…")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Cancel booking"))).to_have_count(0)
    assert_accessible(page)
    shoot(page, "5-cancelled")

    assert EventPage.objects.get(pk=event.pk).is_cancelled
    told = OutgoingEmail.objects.get(to="alex@example.org", subject__startswith="Cancelled")
    assert "Our speaker is ill." in told.body_text and told.reply_to == "events@healthwatchwalsall.example"
    assert OutgoingEmail.objects.filter(to="events@healthwatchwalsall.example",
                                        subject__startswith="Cancelled").exists()
    assert EventMessage.objects.filter(event=event, kind="cancellation").exists()
    page.goto(event.url)
    expect(page.get_by_text(re.compile("cancelled", re.I)).first).to_be_visible()
