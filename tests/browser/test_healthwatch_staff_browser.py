"""Healthwatch staff, signed in with two-factor authentication, in a real browser: screening an
applicant with a previewed standard e-mail, the reach dashboard at small numbers, and answering
a subject access request (logged, person found, readable export). Every screen is checked with
axe; set SCREENSHOTS=<folder> to keep a picture of each."""
import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import HEALTHWATCH_STAFF
from base.models import Topic
from engagement.models import UserGroupApplication
from engagement.services.reach import seed_default_targets
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry, SubjectAccessRequest
from tests.browser.conftest import assert_accessible, signed_in_browser
from tests.engagement.conftest import make_application
from tests.factories import UserFactory, activate_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as_healthwatch(page, live_server):
    """A member of Healthwatch staff who has set up an authenticator app, signed in."""
    user = activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF], first_name="Priya", last_name="Shah"))
    return signed_in_browser(page, live_server, user)


def look(page, name):
    """Axe finds nothing; a full-page screenshot is kept when SCREENSHOTS names a folder."""
    assert_accessible(page)
    if folder := os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def pathways():
    # A transactional test's flush removes the topics and targets the migrations seed.
    Topic.objects.get_or_create(kind=Topic.Kind.PATHWAY, name="Diabetes", defaults={"slug": "diabetes"})
    seed_default_targets()


def test_staff_screen_an_applicant_with_a_previewed_standard_email(page, live_server, pathways):
    staff = sign_in_as_healthwatch(page, live_server)
    application = make_application(name="Aisha Begum", email="aisha.begum@example.org", status="contacted")
    OutgoingEmail.objects.all().delete()

    page.goto(f"/admin/user-group-applications/{application.pk}/")
    expect(page.get_by_role("heading", name="Screening")).to_be_visible()
    assign = page.get_by_label("Assigned to")
    expect(assign.locator("option", has_text="Priya Shah")).to_have_count(1)
    assign.select_option(label="Priya Shah")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned to Priya Shah.").first).to_be_visible()
    look(page, "01-application")

    # A standard message fills the e-mail, for staff to change.
    page.get_by_label("Standard message").select_option(label="Invitation to an induction")
    page.get_by_role("button", name="Write e-mail").click()
    expect(page.get_by_label("Subject", exact=True)).to_have_value("Your User Group induction")
    message = page.get_by_label("Message", exact=True)
    expect(message).to_have_value(re.compile(r"^Thank you for talking with us"))
    look(page, "02-email-filled")
    message.fill(message.input_value() + "\n\nOur next induction is on Tuesday 3 March at 2pm.")
    page.get_by_role("button", name="Preview e-mail").click()

    # The preview: one greeting, the edited text, nothing sent yet.
    preview = page.get_by_label("E-mail text")
    expect(preview).to_contain_text("Dear Aisha Begum,")
    expect(preview).to_contain_text("Our next induction is on Tuesday 3 March at 2pm.")
    assert preview.inner_text().count("Dear") == 1
    assert OutgoingEmail.objects.count() == 0
    look(page, "03-email-preview")

    page.get_by_role("button", name="Send this e-mail").click()
    expect(page.get_by_text("E-mail queued.")).to_be_visible()
    email = OutgoingEmail.objects.get()
    assert email.body_text.count("Dear Aisha Begum,") == 1 and "Tuesday 3 March at 2pm" in email.body_text

    # Sending the induction invitation offers to move the application on.
    expect(page.get_by_text("Move it to ‘Induction booked’ now?")).to_be_visible()
    look(page, "04-offer-status")
    page.get_by_role("button", name="Move to ‘Induction booked’").click()
    expect(page.get_by_text("Application moved to 'Induction booked'.")).to_be_visible()
    assert UserGroupApplication.objects.get(pk=application.pk).status == "induction_booked"
    history = page.get_by_role("table").filter(has_text="Contacted to Induction booked")
    expect(history).to_contain_text("Priya Shah")
    assert staff.username not in page.content()


def test_the_reach_dashboard_at_small_numbers_shows_totals_and_trend(page, live_server, pathways):
    sign_in_as_healthwatch(page, live_server)
    for n in range(3):
        make_application(email=f"member{n}@example.org", status="active", postcode="WS3 2PN")
    page.goto("/admin/user-group-reach/")
    totals = page.locator("dl").first
    expect(totals).to_contain_text("Active members")
    expect(totals.locator("dd").first).to_have_text("3")
    expect(page.get_by_text("Every group here has fewer than 5 people").first).to_be_visible()
    expect(page.get_by_text("Nobody yet from:").first).to_be_visible()
    this_month = page.get_by_role("row", name=re.compile(timezone.localdate().strftime("%B %Y")))
    expect(this_month).to_contain_text("3")
    look(page, "05-reach-small-numbers")


def test_staff_log_a_subject_access_request_find_the_person_and_print_their_data(page, live_server, pathways):
    sign_in_as_healthwatch(page, live_server)
    make_application(name="Sam Resident", email="sam.resident@example.org",
                     participation=["meetings", "surveys"], availability=["weekend"])
    received = timezone.localdate() - datetime.timedelta(days=25)

    # Log the request: the due date is worked out, and the dashboard shows it is due soon.
    page.goto("/admin/subject-access-requests/")
    look(page, "06-requests-empty")
    page.get_by_role("link", name=re.compile("Add subject access request")).first.click()
    page.get_by_role("textbox", name=re.compile("^Requester's name")).fill("Sam Resident")
    page.get_by_role("textbox", name=re.compile("^Requester's e-mail address")).fill("sam.resident@example.org")
    page.get_by_role("textbox", name=re.compile("^Received")).fill(received.isoformat())
    look(page, "07-request-form")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("link", name="Sam Resident")).to_be_visible()
    request = SubjectAccessRequest.objects.get()
    expect(page.get_by_role("row", name=re.compile("Sam Resident"))).to_contain_text(
        f"Due in {(request.due_on - timezone.localdate()).days} days")
    look(page, "08-requests-listed")
    page.goto("/admin/")
    panel = page.get_by_role("region", name="Subject access requests due soon or overdue")
    expect(panel).to_contain_text("Sam Resident")
    look(page, "09-dashboard-panel")

    # Find the person: what we hold, in words.
    page.goto("/admin/personal-data/")
    page.get_by_label("E-mail address or phone number").fill("Sam.Resident@example.org")
    page.get_by_role("button", name="Find personal data").click()
    expect(page.get_by_role("heading", name="User Group applications (1)")).to_be_visible()
    expect(page.get_by_text("Coming to meetings, Online surveys")).to_be_visible()
    expect(page.get_by_role("heading", name="Subject access requests (1)")).to_be_visible()
    assert "['meetings'" not in page.content() and "preferred_contact" not in page.content()
    look(page, "10-found")

    # Who has looked: the audit log for this person, by member of staff.
    page.get_by_role("link", name="Who has looked at this person’s data (audit log)").click()
    expect(page.get_by_role("cell", name=re.compile(r"s\*\*\*@example.org")).first).to_be_visible()
    assert "sam.resident@example.org" not in page.url
    look(page, "11-audit-log-person")

    # The printable export.
    page.goto("/admin/personal-data/")
    page.get_by_label("E-mail address or phone number").fill("sam.resident@example.org")
    page.get_by_role("button", name="Find personal data").click()
    page.get_by_role("button", name="Printable document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data Walsall Together holds about you")
    expect(page.get_by_role("heading", name="User Group applications")).to_be_visible()
    expect(page.get_by_text("Coming to meetings, Online surveys")).to_be_visible()
    look(page, "12-printable-export")
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.EXPORT, details__format="html").count() == 1

    # The request is answered.
    page.goto(f"/admin/subject-access-requests/edit/{request.pk}/")
    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Completed")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name=re.compile("Sam Resident"))).to_contain_text("Completed")
    request.refresh_from_db()
    assert request.completed_on == timezone.localdate()
