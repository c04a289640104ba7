"""User Group business rules: applying, duplicates, the status workflow, invitations, retention
and the privacy registry."""
import datetime
import uuid

import pytest
from django.utils import timezone

from accounts.roles import HEALTHWATCH_STAFF
from engagement.localities import normalise_postcode, postcode_district, suggest_locality
from engagement.models import (
    ApplicationNote, EqualityMonitoring, StatusChange, UserGroupApplication, UserGroupInvitation,
)
from engagement.services import user_group
from engagement.services.user_group import ScreeningError
from mailer.models import OutgoingEmail
from mailer.services import queue_email
from privacy import registry
from privacy.models import ConsentRecord
from tests.factories import UserFactory

from .conftest import application_data, make_application, topic

pytestmark = pytest.mark.django_db

Status = UserGroupApplication.Status
EQUALITY = {"age_band": "35_44", "sex": "female", "ethnic_group": "pakistani", "religion": "muslim"}


# Postcodes, localities and phone numbers --------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("WS1 1AA", "WS1 1AA"), ("ws11aa", "WS1 1AA"), ("  ws1   1aa ", "WS1 1AA"), ("WV13 1HQ", "WV13 1HQ"),
    ("b74 2ra", "B74 2RA"), ("EC1A 1BB", "EC1A 1BB"), ("W1A 0AX", "W1A 0AX"), ("M1 1AE", "M1 1AE"),
])
def test_postcodes_are_normalised(value, expected):
    assert normalise_postcode(value) == expected


@pytest.mark.parametrize("value", ["", "WS1", "WS1 1A", "12345", "WS1 1AAA", "WSS1 1AA", "WS1 1CI", "not a postcode"])
def test_things_that_are_not_postcodes_are_refused(value):
    assert normalise_postcode(value) is None
    assert postcode_district(value) == ""


@pytest.mark.parametrize("postcode, locality", [
    ("WS3 2PN", "north"), ("ws8 6ax", "north"), ("WS1 3EG", "south"), ("WS9 8LB", "east"), ("B74 2RA", "east"),
    ("WS2 8QT", "west"), ("WV13 1HQ", "west"), ("WS10 9BE", "west"),
    ("WS6 7AB", ""),  # Great Wyrley: outside Walsall, no suggestion
    ("SW1A 1AA", ""), ("", ""), ("rubbish", ""),
])
def test_locality_is_suggested_from_the_postcode_district(postcode, locality):
    assert suggest_locality(postcode) == locality


def test_the_applicants_own_choice_of_locality_wins():
    assert user_group.fill_locality("east", "WS3 2PN") == ("east", False)
    assert user_group.fill_locality("", "WS3 2PN") == ("north", True)
    assert user_group.fill_locality("", "SW1A 1AA") == ("", False)
    # Filled in on the check step and kept: still "from the postcode"; changed: the applicant's.
    assert user_group.fill_locality("north", "WS3 2PN", suggested_before=True) == ("north", True)
    assert user_group.fill_locality("south", "WS3 2PN", suggested_before=True) == ("south", False)


# Applying -----------------------------------------------------------------------------------------


def test_an_application_is_stored_logged_acknowledged_and_consented():
    application, created = user_group.submit_application(
        application_data(email="  Sam.Resident@Example.org "), source="/get-involved/join/")

    assert created
    assert application.email == "sam.resident@example.org"
    assert application.status == Status.NEW
    assert (application.locality, application.locality_from_postcode) == ("north", True)
    assert [t.name for t in application.interests.all()] == ["Diabetes"]
    [change] = application.status_changes.all()
    assert (change.from_status, change.to_status, change.changed_by_label) == ("", Status.NEW, "Applicant")
    [email] = OutgoingEmail.objects.all()
    assert email.to == "sam.resident@example.org"
    assert "within 10 working days" in email.body_text
    consent = ConsentRecord.objects.get(purpose="user_group")
    assert consent.email == "sam.resident@example.org" and consent.source == "/get-involved/join/"
    assert application.consent_version == consent.wording_version
    assert not EqualityMonitoring.objects.exists()


def test_applying_again_with_the_same_email_updates_the_application():
    first = make_application(status="active")
    again, created = user_group.submit_application(application_data(
        email="SAM.RESIDENT@example.org", name="Sam R. Resident", interests=[topic("Respiratory")],
        postcode="WS9 8LB"))

    assert not created and again.pk == first.pk
    assert UserGroupApplication.objects.count() == 1
    again.refresh_from_db()
    assert again.name == "Sam R. Resident"
    assert again.locality == "east"
    assert [t.name for t in again.interests.all()] == ["Respiratory"]
    assert again.status == Status.ACTIVE  # members stay members
    assert again.applied_again_at is not None
    assert again.notes.get().text.startswith("Applied again")


def test_someone_who_left_and_applies_again_is_back_in_the_queue():
    application = make_application(status="left")
    user_group.submit_application(application_data())
    application.refresh_from_db()
    assert application.status == Status.NEW
    latest = application.status_changes.first()
    assert (latest.from_status, latest.to_status, latest.reason) == (Status.LEFT, Status.NEW, "Applied again")


def test_applicants_with_only_a_phone_number_are_matched_on_it():
    first, _ = user_group.submit_application(application_data(email="", phone="07700 900123",
                                                              preferred_contact="phone"))
    again, created = user_group.submit_application(application_data(email="", phone="+447700900123",
                                                                    preferred_contact="phone", name="Sam R"))
    assert not created and again.pk == first.pk
    assert not OutgoingEmail.objects.exists()  # no address, no acknowledgement: staff phone them

    # Someone else in the same household with their own e-mail is a different applicant.
    other, created = user_group.submit_application(application_data(email="alex@example.org",
                                                                    phone="07700900123"))
    assert created and other.pk != first.pk
    assert UserGroupApplication.objects.count() == 2


def test_the_same_form_sent_twice_is_one_application():
    token = uuid.uuid4()
    first, created = user_group.submit_application(application_data(submission_token=token))
    second, created_again = user_group.submit_application(application_data(submission_token=token))
    assert created and not created_again and first.pk == second.pk
    assert UserGroupApplication.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1
    assert ApplicationNote.objects.count() == 0


def test_equality_answers_are_stored_apart_with_their_own_consent():
    application, _ = user_group.submit_application(application_data(), EQUALITY, equality_consent=True)
    record = EqualityMonitoring.objects.get()
    assert record.application == application
    assert record.answers() == EQUALITY
    assert record.consent_version == 1
    assert set(ConsentRecord.objects.values_list("purpose", flat=True)) == {"user_group", "equality_monitoring"}


def test_equality_answers_need_consent_unless_they_are_all_prefer_not_to_say():
    with pytest.raises(ValueError):
        user_group.submit_application(application_data(), EQUALITY, equality_consent=False)
    assert not UserGroupApplication.objects.exists()  # all or nothing

    user_group.submit_application(application_data(), {"sex": "prefer_not_to_say"}, equality_consent=False)
    assert EqualityMonitoring.objects.get().consent_version is None
    assert not ConsentRecord.objects.filter(purpose="equality_monitoring").exists()


# The status workflow --------------------------------------------------------------------------------


def test_allowed_moves_are_logged_with_who_and_when():
    staff = UserFactory(groups=[HEALTHWATCH_STAFF])
    application = make_application()
    before = timezone.now()
    change = user_group.change_status(application, Status.CONTACTED, staff, "Phoned, left a message")

    application.refresh_from_db()
    assert application.status == Status.CONTACTED
    assert application.status_changed_at >= before
    assert (change.from_status, change.to_status, change.changed_by, change.changed_by_label, change.reason) == (
        Status.NEW, Status.CONTACTED, staff, staff.email, "Phoned, left a message")
    assert StatusChange.objects.filter(application=application).count() == 2


@pytest.mark.parametrize("start, target", [
    ("new", "active"), ("new", "induction_booked"), ("new", "left"), ("contacted", "active"),
    ("active", "new"), ("active", "not_progressed"), ("left", "active"), ("left", "new"), ("paused", "contacted"),
    ("new", "new"), ("new", "nonsense"),
])
def test_forbidden_moves_are_refused_and_not_logged(start, target):
    application = make_application(status=start)
    changes = application.status_changes.count()
    with pytest.raises(ScreeningError):
        user_group.change_status(application, target, None)
    application.refresh_from_db()
    assert application.status == start
    assert application.status_changes.count() == changes


def test_every_status_has_its_moves_and_a_full_journey_works():
    assert set(user_group.TRANSITIONS) == set(Status.values)
    application = make_application(status="active")
    for step in ("paused", "active", "left"):
        user_group.change_status(application, step, None)
    assert [c.to_status for c in application.status_changes.order_by("changed_at", "pk")] == [
        "new", "contacted", "induction_booked", "active", "paused", "active", "left"]


def test_not_progressed_needs_a_reason():
    application = make_application()
    with pytest.raises(ScreeningError, match="reason"):
        user_group.change_status(application, Status.NOT_PROGRESSED, None, "  ")
    user_group.change_status(application, Status.NOT_PROGRESSED, None, "Lives in Dudley")
    assert application.status_changes.first().reason == "Lives in Dudley"


def test_applications_are_assigned_to_healthwatch_staff_only():
    staff = UserFactory(groups=[HEALTHWATCH_STAFF])
    other = UserFactory()
    application = make_application()
    user_group.assign(application, staff, staff)
    assert UserGroupApplication.objects.get().assigned_to == staff
    with pytest.raises(ScreeningError):
        user_group.assign(application, other, staff)
    user_group.assign(application, None, staff)
    assert UserGroupApplication.objects.get().assigned_to is None


def test_staff_email_the_applicant_a_standard_message_they_edited_and_it_is_noted():
    staff = UserFactory(groups=[HEALTHWATCH_STAFF], first_name="Priya", last_name="Shah")
    application = make_application()
    standard = user_group.standard_email("induction", application)
    assert standard["subject"] == "Your User Group induction"
    assert standard["message"].startswith("Thank you for talking with us")
    assert "Dear" not in standard["message"]  # the greeting is added once, when it is sent

    edited = standard["message"] + "\n\nOur next induction is on 3 March."
    email = user_group.email_applicant(application, standard["subject"], edited, staff, standard="induction")
    assert email.to == "sam.resident@example.org"
    assert email.subject == "Your User Group induction"
    assert email.body_text.count("Dear Sam Resident,") == 1
    assert "Our next induction is on 3 March." in email.body_text
    note = application.notes.get(kind=ApplicationNote.Kind.EMAIL)
    assert note.author == staff and note.author_label == "Priya Shah"
    assert "Invitation to an induction" in note.text and "Our next induction is on 3 March." in note.text

    phone_only = make_application(email="", phone="07700900999", preferred_contact="phone")
    with pytest.raises(ScreeningError, match="phone"):
        user_group.email_applicant(phone_only, "Welcome", "Hello", staff)


def test_a_message_that_opens_with_its_own_greeting_gets_no_second_one():
    application = make_application()
    subject, text = user_group.preview_applicant_email(application, "Hi", "Dear Sam,\n\nSee you soon.", None)
    assert "Dear Sam Resident" not in text and text.count("Dear") == 1
    subject, text = user_group.preview_applicant_email(application, "Hi", "See you soon.", None)
    assert text.startswith("Dear Sam Resident,\n\nSee you soon.")


def test_an_induction_invitation_suggests_booking_the_induction_when_the_workflow_allows():
    assert user_group.suggested_status("induction", make_application(status="contacted")) == "induction_booked"
    assert user_group.suggested_status("induction", make_application(email="n@example.org")) is None
    assert user_group.suggested_status("contact_attempt", make_application(email="c@example.org",
                                                                           status="contacted")) is None


def test_waiting_too_long_is_new_for_more_than_the_configured_days(settings):
    application = make_application()
    now = timezone.now()
    assert not user_group.is_waiting_too_long(application, now + datetime.timedelta(days=9))
    assert user_group.is_waiting_too_long(application, now + datetime.timedelta(days=11))
    settings.USER_GROUP_WAITING_DAYS = 20
    assert not user_group.is_waiting_too_long(application, now + datetime.timedelta(days=11))
    user_group.change_status(application, Status.CONTACTED, None)
    assert not user_group.is_waiting_too_long(application, now + datetime.timedelta(days=30))


# Inviting members ----------------------------------------------------------------------------------


def test_members_are_selected_by_locality_interest_and_status():
    north_diabetes = make_application(status="active", email="a@example.org", postcode="WS3 2PN")
    make_application(status="active", email="b@example.org", postcode="WS9 8LB")  # east
    make_application(status="active", email="c@example.org", postcode="WS3 1AA",
                     interests=[topic("Respiratory")])
    paused = make_application(status="paused", email="d@example.org", postcode="WS3 2PN")
    make_application(status="contacted", email="e@example.org", postcode="WS3 2PN")  # not a member yet

    chosen = user_group.select_members(localities=["north"], interests=[topic("Diabetes")])
    assert list(chosen) == [north_diabetes]
    with_paused = user_group.select_members(["north"], [topic("Diabetes")], [Status.ACTIVE, Status.PAUSED])
    assert set(with_paused) == {north_diabetes, paused}
    assert user_group.select_members().count() == 3


def test_an_invitation_is_emailed_once_to_each_member_with_an_address():
    staff = UserFactory(groups=[HEALTHWATCH_STAFF])
    make_application(status="active", email="a@example.org")
    make_application(status="active", email="b@example.org")
    make_application(status="active", email="", phone="07700900555", preferred_contact="phone", name="Pat Phone")
    OutgoingEmail.objects.all().delete()
    members = user_group.select_members()

    preview = user_group.invitation_preview(members)
    assert (preview["total"], preview["by_email"]) == (3, 2)
    assert [m["name"] for m in preview["by_phone"]] == ["Pat Phone"]

    invitation = user_group.send_invitation(subject="Diabetes workshop", message="Come along.",
                                            link_url="https://example.org/events/1/", filters={}, members=members,
                                            actor=staff)
    assert invitation.recipient_count == 2
    emails = OutgoingEmail.objects.all()
    assert sorted(emails.values_list("to", flat=True)) == ["a@example.org", "b@example.org"]
    assert all("https://example.org/events/1/" in email.body_text for email in emails)
    # A retry of the same invitation sends nothing more.
    member = members.exclude(email="").first()
    queue_email(member.email, "engagement/email/member_invitation", {"invitation": invitation, "member": member},
                dedupe_key=f"user-group-invitation:{invitation.pk}:{member.pk}")
    assert OutgoingEmail.objects.count() == 2
    assert UserGroupInvitation.objects.get().created_by == staff


# Retention and the privacy registry ------------------------------------------------------------------


def _ended_days_ago(application, days):
    UserGroupApplication.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=days))


def test_people_who_left_are_anonymised_after_the_retention_period_keeping_counts():
    old = make_application(status="left", email="old@example.org", equality=EQUALITY, access_needs="Wheelchair")
    user_group.add_note(old, "Moved to Dudley", None)
    _ended_days_ago(old, 400)
    recent = make_application(status="left", email="recent@example.org")
    _ended_days_ago(recent, 100)
    active = make_application(status="active", email="active@example.org")
    _ended_days_ago(active, 900)
    not_progressed = make_application(status="not_progressed", email="np@example.org")
    _ended_days_ago(not_progressed, 366)

    results = registry.apply_retention_rules()

    assert results["engagement.usergroupapplication"] == 2
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.postcode, old.access_needs) == ("", "", "", "", "")
    assert old.anonymised_at is not None
    assert old.locality == "north" and old.status == Status.LEFT
    assert [t.name for t in old.interests.all()] == ["Diabetes"]
    assert not old.notes.exists()
    assert all(change.reason == "" for change in old.status_changes.all())
    answers = EqualityMonitoring.objects.get()
    assert answers.application is None and answers.ethnic_group == "pakistani"
    assert answers.recorded_at.day == 1
    assert old.created_at.day == 1
    for application in (recent, active):
        application.refresh_from_db()
        assert application.anonymised_at is None and application.name == "Sam Resident"
    assert registry.apply_retention_rules()["engagement.usergroupapplication"] == 0


def test_retention_period_is_configurable(settings):
    application = make_application(status="left")
    _ended_days_ago(application, 40)
    settings.USER_GROUP_RETENTION_DAYS = 30
    assert registry.apply_retention_rules()["engagement.usergroupapplication"] == 1


def test_privacy_export_includes_the_application_and_equality_answers():
    application = make_application(status="contacted", equality=EQUALITY)
    user_group.add_note(application, "Prefers mornings", None)
    data = registry.export_all("SAM.RESIDENT@example.org")

    [record] = data["engagement.usergroupapplication"]
    assert record["name"] == "Sam Resident" and record["interests"] == ["Diabetes"]
    assert [change["to"] for change in record["status_history"]] == ["contacted", "new"]
    assert record["staff_notes"][0]["text"] == "Prefers mornings"
    [answers] = data["engagement.equalitymonitoring"]
    assert answers["ethnic_group"] == "Pakistani" and answers["age_band"] == "35 to 44"
    assert registry.get_source("engagement.equalitymonitoring").special_category


def test_privacy_erase_removes_the_application_and_its_equality_answers():
    make_application(status="active", equality=EQUALITY)
    make_application(email="other@example.org", equality=EQUALITY)

    counts = registry.erase_all("sam.resident@example.org")

    assert counts["engagement.usergroupapplication"] == 1
    assert counts["engagement.equalitymonitoring"] == 1
    assert list(UserGroupApplication.objects.values_list("email", flat=True)) == ["other@example.org"]
    assert EqualityMonitoring.objects.count() == 1
    assert not StatusChange.objects.filter(application__email="sam.resident@example.org").exists()


def test_an_applicant_who_gave_only_a_phone_number_is_found_and_erased_by_it():
    make_application(email="", phone="07700 900123", preferred_contact="phone", equality=EQUALITY)
    make_application(email="", phone="07700 900124", preferred_contact="phone", equality=EQUALITY)

    data = registry.export_all("+44 (0)7700 900-123")
    assert [record["phone"] for record in data["engagement.usergroupapplication"]] == ["07700900123"]
    assert len(data["engagement.equalitymonitoring"]) == 1
    assert registry.export_all("") == {} and registry.export_all("not a number") == {}

    counts = registry.erase_all("07700900123")
    assert counts == {"engagement.equalitymonitoring": 1, "engagement.usergroupapplication": 1}
    assert list(UserGroupApplication.objects.values_list("phone", flat=True)) == ["07700900124"]
    assert EqualityMonitoring.objects.count() == 1
