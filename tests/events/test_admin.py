"""Organisers run events in the Wagtail admin; nobody else sees bookings."""
import csv
import datetime
import io
import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF, PERSONAL_DATA_PERMISSIONS
from events.models import Booking, EventPage
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry
from tests.factories import UserFactory
from tests.privacy.conftest import signed_in

from .conftest import book, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(events_index):
    """Two places: Sam (with a companion and a BSL request) has both; Alex waits."""
    event = make_event(events_index, title="Respiratory workshop", capacity=2)
    sam = book(event, email="sam@example.org", name="Sam Carer", companions=1, access_needs=["bsl"],
               access_needs_other="=HYPERLINK(\"http://evil\")").booking
    alex = book(event, email="alex@example.org", name="Alex Resident").booking
    return event, sam, alex


def url(name, *args):
    return reverse(f"event-bookings:{name}", args=args)


def test_both_organiser_groups_may_run_events_and_must_use_mfa():
    assert "events.view_booking" in PERSONAL_DATA_PERMISSIONS
    for name in (COMMS_TEAM, HEALTHWATCH_STAFF):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_booking", "add_booking", "change_booking"} <= codenames
    assert not Group.objects.get(name=PARTNER_STAFF).permissions.filter(codename__endswith="_booking").exists()


def test_event_list_and_bookings_page(organiser_client, full_event):
    event, sam, alex = full_event
    html = organiser_client.get(url("index")).content.decode()
    assert "Respiratory workshop" in html and "2 of 2" in html
    response = organiser_client.get(url("event", event.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam Carer" in html and "Alex Resident" in html
    assert "A British Sign Language (BSL) interpreter: 1 person" in html
    assert "Waiting list (1)" in html and "Booked (1)" in html


def test_opening_a_booking_is_audited_and_arrangements_are_sent(organiser_client, organiser, full_event):
    event, sam, _ = full_event
    response = organiser_client.get(url("booking", sam.pk))
    assert "sam@example.org" in response.content.decode()
    entry = AuditLogEntry.objects.get(action="view")
    assert entry.actor == organiser and entry.subject == "s***@example.org"

    response = organiser_client.post(url("booking", sam.pk), {"access_arranged": "A BSL interpreter will be there.",
                                                              "notify": "on"})
    assert response.status_code == 302
    assert Booking.objects.get(pk=sam.pk).access_arranged == "A BSL interpreter will be there."
    told = OutgoingEmail.objects.filter(to="sam@example.org", subject__startswith="Your access needs").get()
    assert "A BSL interpreter will be there." in told.body_text


def test_add_a_booking_taken_by_phone(organiser_client, events_index):
    event = make_event(events_index, capacity=5)
    form = organiser_client.get(url("add", event.pk)).content.decode()
    assert "The privacy wording to read to them" in form
    response = organiser_client.post(url("add", event.pk), {
        "name": "Pat Phone", "email": "", "phone": "01632 960001", "role": "living_with", "companions": "1",
        "access_needs": ["large_print"], "channel": "phone", "consent_given": "on",
        "submission_token": str(uuid.uuid4()),
    })
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.name, booking.channel, booking.places, booking.status) == ("Pat Phone", "phone", 2, "confirmed")


def test_add_a_booking_needs_consent(organiser_client, event):
    response = organiser_client.post(url("add", event.pk), {"name": "Pat", "channel": "paper", "companions": "0"})
    assert response.status_code == 200
    assert "Read them the privacy wording" in response.content.decode()
    assert not Booking.objects.exists()


def test_cancel_and_promote(organiser_client, full_event):
    event, sam, alex = full_event
    response = organiser_client.post(url("promote", alex.pk), follow=True)
    assert "There are 0 places left" in response.content.decode()
    confirm = organiser_client.get(url("cancel", sam.pk)).content.decode()  # asks first, says who is told
    assert "Who will be told" in confirm and "sam@example.org" in confirm and "offered to the waiting list" in confirm
    assert Booking.objects.get(pk=sam.pk).status == "confirmed"
    organiser_client.post(url("cancel", sam.pk))
    assert Booking.objects.get(pk=sam.pk).status == "cancelled"
    assert Booking.objects.get(pk=alex.pk).status == "confirmed"  # promoted automatically
    assert organiser_client.get(url("cancel", sam.pk)).status_code == 302  # nothing left to cancel


def test_attendance_from_the_start_of_the_event(organiser_client, full_event):
    event, sam, _ = full_event
    page = organiser_client.get(url("event", event.pk)).content.decode()
    assert "Mark attendance" not in page and "You can mark attendance from the start of the event" in page
    refused = organiser_client.get(url("attendance", event.pk), follow=True).content.decode()
    assert "You can mark attendance once the event has started" in refused
    organiser_client.post(url("attendance", event.pk), {"attended": [str(sam.pk)]})
    assert Booking.objects.get(pk=sam.pk).attended is None
    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(minutes=5))
    assert "Mark attendance" in organiser_client.get(url("event", event.pk)).content.decode()
    assert "Sam Carer (2 places)" in organiser_client.get(url("attendance", event.pk)).content.decode()
    organiser_client.post(url("attendance", event.pk), {"attended": [str(sam.pk)]})
    assert Booking.objects.get(pk=sam.pk).attended is True


def test_message_attendees_once(organiser_client, full_event):
    event, _, _ = full_event
    data = {"subject": "Slides for tomorrow", "message": "Here is what we will cover.",
            "submission_token": str(uuid.uuid4()), "send": "1"}
    organiser_client.post(url("message", event.pk), data)
    organiser_client.post(url("message", event.pk), data)  # double submit
    assert list(OutgoingEmail.objects.filter(subject="Slides for tomorrow").values_list("to", flat=True)) == [
        "sam@example.org"]


def test_csv_export_is_audited_and_safe(organiser_client, full_event):
    event, _, _ = full_event
    response = organiser_client.get(url("export", event.pk))
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "E-mail", "Phone", "Status", "Places"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Sam Carer"][3] == "Booked" and by_name["Alex Resident"][3] == "On the waiting list"
    assert by_name["Sam Carer"][8].startswith("'=")  # no spreadsheet formulas
    assert AuditLogEntry.objects.filter(action="export").count() == 1


def test_bookings_button_on_the_event_page_in_the_explorer(organiser_client, full_event, events_index):
    event, _, _ = full_event
    html = organiser_client.get(reverse("wagtailadmin_explore", args=[events_index.pk])).content.decode()
    assert url("event", event.pk) in html


def test_bookings_button_in_the_event_editor_and_only_on_events(organiser_client, full_event, events_index):
    event, _, _ = full_event
    html = organiser_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert url("event", event.pk) in html and "Bookings" in html
    html = organiser_client.get(reverse("wagtailadmin_pages:edit", args=[events_index.pk])).content.decode()
    assert url("event", events_index.pk) not in html


def _every_url(event, booking):
    return [
        ("get", url("index")), ("get", url("event", event.pk)), ("get", url("add", event.pk)),
        ("post", url("add", event.pk)), ("get", url("attendance", event.pk)), ("post", url("attendance", event.pk)),
        ("get", url("message", event.pk)), ("post", url("message", event.pk)), ("get", url("export", event.pk)),
        ("get", url("booking", booking.pk)), ("post", url("booking", booking.pk)),
        ("post", url("cancel", booking.pk)), ("post", url("promote", booking.pk)),
    ]


@pytest.mark.parametrize("who", ["partner_client", "client"])
def test_partner_staff_and_the_public_are_refused(request, who, full_event):
    client = request.getfixturevalue(who)
    event, sam, _ = full_event
    for method, address in _every_url(event, sam):
        response = getattr(client, method)(address, {"name": "x", "attended": [str(sam.pk)]})
        assert response.status_code in (302, 403), (method, address, response.status_code)
        assert "Sam Carer" not in response.content.decode()
    assert Booking.objects.get(pk=sam.pk).status == "confirmed" and Booking.objects.get(pk=sam.pk).attended is None
    assert Booking.objects.count() == 2


def test_organisers_without_mfa_are_sent_to_set_it_up(full_event):
    event, _, _ = full_event
    client = signed_in(UserFactory(groups=[COMMS_TEAM]))
    response = client.get(url("event", event.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_view_only_staff_cannot_change_bookings(full_event):
    from django.contrib.auth.models import Permission

    from tests.privacy.conftest import activate_totp

    event, sam, _ = full_event
    user = activate_totp(UserFactory())
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              Permission.objects.get(codename="view_booking"))
    client = signed_in(user)
    assert client.get(url("event", event.pk)).status_code == 200
    # Wagtail turns "permission denied" in the admin into a redirect to the dashboard.
    assert client.post(url("cancel", sam.pk)).status_code in (302, 403)
    assert client.get(url("add", event.pk))["Location"] == reverse("wagtailadmin_home")
    assert Booking.objects.get(pk=sam.pk).status == "confirmed"


def test_event_page_editor_offers_reminder_tick_boxes(event):
    from tests.privacy.conftest import activate_totp

    admin = activate_totp(UserFactory(is_superuser=True))
    html = signed_in(admin).get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert 'name="reminder_offsets" value="1440"' in html
    assert "The day before (24 hours)" in html and "One hour before" in html


def test_page_form_turns_ticked_reminders_into_minutes(event):
    form_class = type(event).get_edit_handler().get_form_class()
    form = form_class(instance=event, for_user=None)
    assert form.initial["reminder_offsets"] == [1440, 60]
    field = form.fields["reminder_offsets"]
    assert field.clean(["60", "10080"]) == [60, 10080]


def test_a_person_who_booked_by_phone_is_found_exported_and_erased_by_their_number(
        organiser_client, events_index, client):
    """No e-mail address: Healthwatch staff find them by the phone number, however it is typed."""
    event = make_event(events_index, capacity=2)
    organiser_client.post(url("add", event.pk), {
        "name": "Pat Phone", "email": "", "phone": "(07700) 900-982", "role": "living_with", "companions": "1",
        "access_needs": ["large_print"], "channel": "phone", "consent_given": "on",
        "submission_token": str(uuid.uuid4()),
    })
    pat = Booking.objects.get()
    assert pat.phone == "07700900982" and pat.status == "confirmed"
    waiting = book(event, email="next@example.org").booking
    assert waiting.status == "waiting"
    Booking.objects.create(event=event, status="cancelled", name="Someone else", phone="07700900983")

    staff = signed_in(UserFactory(groups=[HEALTHWATCH_STAFF], mfa=True))
    found = staff.post(reverse("personal-data:find"), {"person": "+44 7700 900982"})
    assert found.context["person"].phone == "07700900982"
    assert {r["key"]: r["count"] for r in found.context["results"] if r["count"]} == {"events.booking": 1}
    html = found.content.decode()
    assert "What we hold about 07700900982" in html and "Pat Phone" in html and "Someone else" not in html

    export = staff.post(reverse("personal-data:export"), {"person": "07700900982", "format": "json"})
    exported = json.loads(export.content)
    assert exported["phone"] == "07700900982" and "email" not in exported
    assert [record["name"] for record in exported["events.booking"]] == ["Pat Phone"]

    staff.post(reverse("personal-data:erase"), {"person": "07700 900982", "confirming": "1", "confirm": "on"})
    pat.refresh_from_db()
    assert (pat.name, pat.phone, pat.status) == ("", "", "cancelled") and pat.anonymised_at
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # Pat's places went to the waiting list
    assert Booking.objects.filter(phone="07700900983").exists()
    entry = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ERASE).get()
    assert entry.subject == "077******82" and entry.details == {"events.booking": 1}
    assert "07700900982" not in str(AuditLogEntry.objects.values_list("subject", "details"))
