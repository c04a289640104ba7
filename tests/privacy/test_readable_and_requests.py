"""The personal data tool in words a person can read, the printable export, the audit log's
filters and its one "viewed" entry per look, and subject access requests with their deadline."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import HEALTHWATCH_STAFF
from privacy.models import AuditLogEntry, SubjectAccessRequest
from privacy.services import audit, email_digest, subject_access_due
from tests.engagement.conftest import make_application
from tests.factories import UserFactory

from .conftest import activate_totp, signed_in

pytestmark = pytest.mark.django_db

FIND_URL = reverse("personal-data:find")
EXPORT_URL = reverse("personal-data:export")
AUDIT_LOG_URL = reverse("personal-data-audit-log:index")
REQUESTS_URL = reverse("subject-access-requests:index")
EMAIL = "sam.resident@example.org"


@pytest.fixture
def priya(db):
    return activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF], first_name="Priya", last_name="Shah"))


@pytest.fixture
def client(priya):
    return signed_in(priya)


def test_what_was_found_is_shown_with_labels_and_words_not_field_names_or_lists(client, priya):
    application = make_application(participation=["meetings", "surveys"], availability=["weekend"])
    from engagement.services import user_group
    user_group.change_status(application, "contacted", priya)

    html = client.post(FIND_URL, {"person": EMAIL}).content.decode()

    assert "<dt>How they would like to take part</dt>" in html
    assert "Coming to meetings, Online surveys" in html
    assert "<dt>When they are free</dt>" in html and "Weekends" in html
    assert "<dt>Status history</dt>" in html and "From: New; To: Contacted" in html
    assert "Not given; To" not in html and "From: Not given" not in html  # the first entry has no "From"
    assert "<dt>Preferred contact</dt>" in html and "<dd>\n            E-mail\n        </dd>" in html
    for raw in ("['meetings'", "participation", "preferred_contact", "induction_booked", "status_history"):
        assert raw not in html


def test_the_export_is_also_a_printable_document(client):
    make_application(participation=["meetings"])
    response = client.post(EXPORT_URL, {"person": EMAIL, "format": "html"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>Personal data Walsall Together holds about you</h1>" in html
    assert "<h2 id=\"source-1\">User Group applications</h2>" in html or "User Group applications</h2>" in html
    assert "Coming to meetings" in html and "Sam Resident" in html and "How long we keep it" in html
    [entry] = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.EXPORT)
    assert entry.details["format"] == "html"


def test_reloading_an_application_adds_no_second_viewed_entry(client, priya):
    application = make_application()
    url = reverse("user-group-applications:inspect", args=[application.pk])
    client.get(url)
    client.get(url)
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW).count() == 1
    client.get(url + "?equality=1")  # looking at something more is its own entry
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW).count() == 2
    # Another member of staff, or the same one later, is a new look.
    AuditLogEntry.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    client.get(url)
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW).count() == 3


def test_the_audit_log_is_filtered_by_member_of_staff_and_by_person(client, priya):
    other = UserFactory(groups=[HEALTHWATCH_STAFF], first_name="Omar", last_name="Khan")
    audit(priya, AuditLogEntry.Action.SEARCH, EMAIL)
    audit(other, AuditLogEntry.Action.SEARCH, "alex@example.org")
    audit(other, AuditLogEntry.Action.EXPORT, EMAIL, format="json")

    html = client.get(AUDIT_LOG_URL).content.decode()
    assert ">Omar Khan</option>" in html and ">Priya Shah</option>" in html

    by_omar = client.get(AUDIT_LOG_URL, {"actor": other.pk}).context["object_list"]
    assert {entry.actor_id for entry in by_omar} == {other.pk} and len(by_omar) == 2

    # The Find page links to the log for the person by a keyed hash, never by the address.
    found = client.post(FIND_URL, {"person": EMAIL}).content.decode()
    link = f"{AUDIT_LOG_URL}?subject={email_digest(EMAIL)}"
    assert link in found and EMAIL not in link
    about_sam = client.get(link).context["object_list"]
    assert {entry.subject for entry in about_sam} == {"s***@example.org"}
    assert len(about_sam) == 3  # two searches (one just now on the Find page) and Omar's export
    # The filter in force names the person as the log does (masked), not by the hash.
    filtered = client.get(link).content.decode()
    assert '<b class="w-ml-1">s***@example.org</b>' in filtered
    assert f'<b class="w-ml-1">{email_digest(EMAIL)}</b>' not in filtered


def test_a_subject_access_request_is_due_one_calendar_month_after_it_arrived():
    assert subject_access_due(datetime.date(2026, 3, 3)) == datetime.date(2026, 4, 3)
    assert subject_access_due(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert subject_access_due(datetime.date(2028, 1, 31)) == datetime.date(2028, 2, 29)


def test_staff_log_a_request_see_it_due_on_the_dashboard_and_complete_it(client):
    received = timezone.localdate() - datetime.timedelta(days=26)
    response = client.post(reverse("subject-access-requests:add"), {
        "requester": "Sam Resident", "email": "Sam.Resident@example.org", "phone": "+44 7700 900123",
        "received_on": received.isoformat(), "status": "received", "completed_on": "", "notes": ""})
    assert response.status_code == 302
    request = SubjectAccessRequest.objects.get()
    assert request.due_on == subject_access_due(received) and request.phone == "07700900123"
    assert request.email == EMAIL

    listing = client.get(REQUESTS_URL).content.decode()
    assert "Sam Resident" in listing and "Due in" in listing
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Subject access requests due soon or overdue" in dashboard and "Sam Resident" in dashboard

    # The request is personal data too: the Find page finds it.
    assert "Subject access requests (1)" in client.post(FIND_URL, {"person": "07700 900123"}).content.decode()

    client.post(reverse("subject-access-requests:edit", args=[request.pk]), {
        "requester": "Sam Resident", "email": EMAIL, "phone": "07700900123",
        "received_on": received.isoformat(), "status": "completed", "completed_on": "", "notes": "Sent by post."})
    request.refresh_from_db()
    assert request.status == "completed" and request.completed_on == timezone.localdate()
    assert "Subject access requests due soon" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_overdue_request_says_so_in_words(client):
    received = timezone.localdate() - datetime.timedelta(days=40)
    SubjectAccessRequest.objects.create(requester="Alex Late", received_on=received,
                                        due_on=subject_access_due(received))
    days = (timezone.localdate() - subject_access_due(received)).days
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"<strong>Overdue by {days} days</strong>" in html


def test_a_request_with_a_future_date_or_completed_before_it_arrived_is_refused(client):
    today = timezone.localdate()
    response = client.post(reverse("subject-access-requests:add"), {
        "requester": "Sam", "email": "", "phone": "", "received_on": (today + datetime.timedelta(days=2)).isoformat(),
        "status": "received", "completed_on": (today - datetime.timedelta(days=9)).isoformat(), "notes": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["received_on"] == ["The date received cannot be in the future"]
    assert not SubjectAccessRequest.objects.exists()


def test_consents_are_named_for_what_they_are_for_not_by_code(client):
    from privacy.services import record_consent

    record_consent(EMAIL, "user_group", source="/get-involved/user-group/")

    html = client.post(FIND_URL, {"person": EMAIL}).content.decode()

    assert "User Group membership" in html
    assert "user_group" not in html


def test_every_consent_wording_has_a_name_staff_can_read():
    from privacy.consents import PURPOSE_LABELS, WORDINGS

    assert {wording.purpose for wording in WORDINGS} <= set(PURPOSE_LABELS)
