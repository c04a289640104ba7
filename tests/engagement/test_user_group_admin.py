"""Screening in the Wagtail admin: the queue, one application, status changes, notes, e-mails,
inviting members, and who may see what."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import ApplicationNote, UserGroupApplication, UserGroupInvitation
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry
from tests.privacy.conftest import signed_in

from .conftest import make_application, topic

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("user-group-applications:index")
INVITE_URL = reverse("user-group-invite:index")
TARGETS_URL = reverse("user-group-targets:index")
EQUALITY = {"ethnic_group": "caribbean", "religion": "christian", "sexual_orientation": "bisexual"}


def detail_url(application):
    return reverse("user-group-applications:inspect", args=[application.pk])


def action_url(application, action):
    return reverse(f"user-group-applications:{action}", args=[application.pk])


# The queue -----------------------------------------------------------------------------------


def test_queue_lists_applications_and_highlights_those_waiting_too_long(healthwatch_client):
    waiting = make_application(name="Wendy Waiting", email="wendy@example.org")
    UserGroupApplication.objects.filter(pk=waiting.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=12))
    make_application(name="Fresh Applicant", email="fresh@example.org")

    response = healthwatch_client.get(QUEUE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Wendy Waiting" in html and "Fresh Applicant" in html
    assert "Waiting 12 days" in html
    assert html.count("Waiting 1") == 1
    assert "wendy@example.org" not in html  # no contact details in the list


def test_queue_filters_by_status_locality_pathway_date_and_waiting(healthwatch_client):
    north = make_application(name="North Member", email="n@example.org", status="active", postcode="WS3 2PN")
    east = make_application(name="East Applicant", email="e@example.org", postcode="WS9 8LB",
                            interests=[topic("Respiratory")])
    UserGroupApplication.objects.filter(pk=east.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=30),
        created_at=timezone.now() - datetime.timedelta(days=30))

    def names(**params):
        response = healthwatch_client.get(QUEUE_URL, params)
        return {item.name for item in response.context["object_list"]}

    assert names(status="active") == {north.name}
    assert names(locality="east") == {east.name}
    assert names(pathway=topic("Respiratory").pk) == {east.name}
    today = timezone.localdate()
    assert names(created_at_from=(today - datetime.timedelta(days=3)).isoformat()) == {north.name}
    assert names(waiting="true") == {east.name}


def test_queue_queries_do_not_grow_with_the_number_of_applications(healthwatch_client, healthwatch_user):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert healthwatch_client.get(QUEUE_URL).status_code == 200
        return len(captured)

    for n in range(3):
        make_application(email=f"a{n}@example.org")
    UserGroupApplication.objects.update(assigned_to=healthwatch_user)
    three = queries()
    for n in range(27):
        make_application(email=f"b{n}@example.org", status="contacted")
    UserGroupApplication.objects.update(assigned_to=healthwatch_user)
    assert queries() == three


# One application ------------------------------------------------------------------------------


def test_application_page_shows_details_and_logs_the_view(healthwatch_client, healthwatch_user):
    application = make_application(access_needs="Hearing loop, please", equality=EQUALITY)

    response = healthwatch_client.get(detail_url(application))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam Resident" in html and "sam.resident@example.org" in html and "Hearing loop, please" in html
    assert "North (from the postcode)" in html
    assert "Show equality answers" in html
    assert "Caribbean" not in html  # not until asked
    [entry] = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW)
    assert entry.actor == healthwatch_user and entry.subject == "s***@example.org"
    assert "special_category" not in entry.details


def test_equality_answers_are_shown_on_request_and_the_look_is_logged(healthwatch_client):
    application = make_application(equality=EQUALITY)

    html = healthwatch_client.get(detail_url(application), {"equality": "1"}).content.decode()

    assert "Caribbean" in html and "Bisexual" in html
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.VIEW)
    assert entry.details["special_category"] == "equality monitoring answers"


def test_staff_without_the_equality_permission_cannot_see_equality_answers(screener_without_equality):
    application = make_application(equality=EQUALITY)
    client = signed_in(screener_without_equality)

    response = client.get(detail_url(application), {"equality": "1"})

    html = response.content.decode()
    assert response.status_code == 200 and "Sam Resident" in html
    assert "Caribbean" not in html and "Bisexual" not in html
    assert "You do not have permission to see equality monitoring answers" in html
    assert "special_category" not in AuditLogEntry.objects.get().details


def test_status_change_through_the_admin_is_logged_with_the_member_of_staff(healthwatch_client, healthwatch_user):
    application = make_application()

    response = healthwatch_client.post(action_url(application, "status"), {"status": "contacted",
                                                                           "reason": "Phoned"})

    assert response.status_code == 302 and response.url == detail_url(application)
    application.refresh_from_db()
    assert application.status == "contacted"
    change = application.status_changes.first()
    assert (change.changed_by, change.reason) == (healthwatch_user, "Phoned")
    html = healthwatch_client.get(detail_url(application)).content.decode()
    assert "New to Contacted" in html and healthwatch_user.email in html


def test_forbidden_status_change_is_refused_with_a_message(healthwatch_client):
    application = make_application()
    response = healthwatch_client.post(action_url(application, "status"), {"status": "active"}, follow=True)
    assert "Choose a status the application can move to." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "new"

    response = healthwatch_client.post(action_url(application, "status"), {"status": "not_progressed"}, follow=True)
    assert "Give a reason" in response.content.decode()
    assert UserGroupApplication.objects.get().status == "new"


def test_notes_and_assignment_by_name(healthwatch_client, healthwatch_user):
    healthwatch_user.first_name, healthwatch_user.last_name = "Priya", "Shah"
    healthwatch_user.save()
    application = make_application()

    healthwatch_client.post(action_url(application, "note"), {"text": "Prefers afternoons"})
    response = healthwatch_client.post(action_url(application, "assign"), {"assigned_to": healthwatch_user.pk},
                                       follow=True)
    assert "Assigned to Priya Shah." in response.content.decode()

    application.refresh_from_db()
    assert application.assigned_to == healthwatch_user
    texts = list(application.notes.values_list("kind", "text"))
    assert ("note", "Prefers afternoons") in texts and ("note", "Assigned to Priya Shah.") in texts
    html = healthwatch_client.get(detail_url(application)).content.decode()
    assert f'<option value="{healthwatch_user.pk}" selected>Priya Shah</option>' in html
    assert "<dt>Assigned to</dt><dd>Priya Shah</dd>" in html
    assert healthwatch_user.username not in html
    queue = healthwatch_client.get(QUEUE_URL).content.decode()
    assert "Priya Shah" in queue and healthwatch_user.username not in queue


def test_staff_fill_a_standard_email_edit_preview_and_send_it(healthwatch_client, healthwatch_user):
    application = make_application(status="contacted")
    OutgoingEmail.objects.all().delete()
    email_url = action_url(application, "email")

    # The standard message fills the fields, for staff to change.
    response = healthwatch_client.get(email_url, {"standard": "induction"})
    form = response.context["form"]
    assert form["subject"].value() == "Your User Group induction"
    assert form["message"].value().startswith("Thank you for talking with us")
    response = healthwatch_client.post(email_url, {"action": "fill", "standard": "contact_attempt",
                                                   "subject": "", "message": ""})
    assert response.context["form"]["subject"].value() == "We tried to contact you about the User Group"

    # Preview: the e-mail as it will arrive, one greeting, nothing sent yet.
    message = user_group_message = "Our next induction is on 3 March at the Saddlers Centre."
    response = healthwatch_client.post(email_url, {"action": "preview", "standard": "induction",
                                                   "subject": "Your induction", "message": message})
    html = response.content.decode()
    assert "Preview: the e-mail as Sam Resident will get it" in html
    assert response.context["preview"]["text"].count("Dear Sam Resident,") == 1
    assert user_group_message in response.context["preview"]["text"]
    assert OutgoingEmail.objects.count() == 0

    # Nothing to send is an error next to the field, not an e-mail.
    response = healthwatch_client.post(email_url, {"action": "preview", "subject": "", "message": ""})
    assert response.context["form"].errors == {
        "subject": ["Enter the subject of the e-mail"],
        "message": ["Write the message, or choose a standard message to start from"]}

    # Send what was previewed: then the page offers to move the application on.
    response = healthwatch_client.post(email_url, {"action": "send", "standard": "induction",
                                                   "subject": "Your induction", "message": message})
    assert response.status_code == 302
    assert response.url == detail_url(application) + "?move_to=induction_booked#screening-heading"
    email = OutgoingEmail.objects.get()
    assert email.to == application.email and email.subject == "Your induction"
    assert email.body_text.count("Dear Sam Resident,") == 1 and message in email.body_text
    html = healthwatch_client.get(response.url).content.decode()
    assert "Move it to &lsquo;Induction booked&rsquo; now?" in html
    healthwatch_client.post(action_url(application, "status"), {"status": "induction_booked"})
    application.refresh_from_db()
    assert application.status == "induction_booked"
    assert application.notes.filter(kind=ApplicationNote.Kind.EMAIL, text__contains="Invitation to an induction")


def test_an_email_that_does_not_move_the_application_offers_nothing(healthwatch_client):
    application = make_application()
    response = healthwatch_client.post(action_url(application, "email"), {
        "action": "send", "standard": "contact_attempt", "subject": "Hello", "message": "Please call us."})
    assert response.url == detail_url(application)
    html = healthwatch_client.get(detail_url(application) + "?move_to=active").content.decode()
    assert "now?" not in html  # not a move the workflow allows from "new"


def test_an_applicant_without_an_address_cannot_be_emailed(healthwatch_client):
    application = make_application(email="", phone="07700900999", preferred_contact="phone")
    response = healthwatch_client.get(action_url(application, "email"))
    assert response.status_code == 302 and response.url == detail_url(application)
    html = healthwatch_client.get(detail_url(application)).content.decode()
    assert "phone them on 07700 900999" in html  # the number as people read it


@pytest.mark.parametrize("client_name", ["comms_client", "partner_client"])
def test_comms_team_and_partner_staff_are_refused_the_queue(request, client_name):
    application = make_application(equality=EQUALITY)
    client = request.getfixturevalue(client_name)
    for url in (QUEUE_URL, detail_url(application), INVITE_URL, TARGETS_URL):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Sam Resident" not in response.content.decode()
    response = client.post(action_url(application, "status"), {"status": "contacted"})
    assert response.status_code in (302, 403)
    assert UserGroupApplication.objects.get().status == "new"
    assert not AuditLogEntry.objects.exists()


def test_healthwatch_staff_need_mfa_for_the_queue(db):
    from accounts.roles import HEALTHWATCH_STAFF
    from tests.factories import UserFactory

    client = signed_in(UserFactory(groups=[HEALTHWATCH_STAFF]))  # no authenticator app yet
    response = client.get(QUEUE_URL)
    assert response.status_code == 302 and "/accounts/2fa/" in response.url


# Inviting members ---------------------------------------------------------------------------------


def test_invite_members_preview_then_send_once(healthwatch_client, healthwatch_user):
    make_application(name="Nora North", email="nora@example.org", status="active", postcode="WS3 2PN")
    make_application(name="Ed East", email="ed@example.org", status="active", postcode="WS9 8LB")
    make_application(name="Pat Phone", email="", phone="07700900777", preferred_contact="phone",
                     status="active", postcode="WS3 1AA")
    OutgoingEmail.objects.all().delete()
    data = {"localities": ["north"], "starter": "event", "link_url": "https://example.org/events/diabetes/"}

    preview = healthwatch_client.post(INVITE_URL, {**data, "action": "preview"})

    html = preview.content.decode()
    assert "2 members match." in html and "1 will get it by e-mail." in html
    assert "Pat Phone" in html  # to phone instead
    assert "An invitation to a User Group event" in html and "(member&#x27;s name)" in html
    assert "Send to 1 member" in html
    assert not OutgoingEmail.objects.exists()

    healthwatch_client.post(INVITE_URL, {**data, "action": "send"})

    [email] = OutgoingEmail.objects.all()
    assert email.to == "nora@example.org" and "https://example.org/events/diabetes/" in email.body_text
    invitation = UserGroupInvitation.objects.get()
    assert invitation.filters["localities"] == ["north"] and invitation.created_by == healthwatch_user
    assert email.dedupe_key == f"user-group-invitation:{invitation.pk}:{UserGroupApplication.objects.get(name='Nora North').pk}"


def test_invite_needs_a_message_and_a_link(healthwatch_client):
    response = healthwatch_client.post(INVITE_URL, {"action": "preview"})
    html = response.content.decode()
    assert "Write a subject, or choose a standard message." in html
    assert "This field is required." in html


def test_targets_are_editable_by_healthwatch_staff(healthwatch_client):
    from engagement.models import ReachTarget

    target = ReachTarget.objects.get(category="ethnic_group", value="black")
    assert healthwatch_client.get(TARGETS_URL).status_code == 200
    edit_url = reverse("user-group-targets:edit", args=[target.pk])
    response = healthwatch_client.post(edit_url, {"share": "5.5", "note": "ONS 2021, checked"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert str(target.share) == "5.5" and (target.category, target.value) == ("ethnic_group", "black")


def test_the_dashboard_shows_healthwatch_staff_the_applications_waiting_for_screening(healthwatch_client, comms_client):
    import datetime

    from django.utils import timezone

    from engagement.models import UserGroupApplication
    from tests.engagement.conftest import make_application

    assert "applications to screen" not in healthwatch_client.get("/admin/").content.decode()  # none waiting
    oldest = make_application(email="first@example.org")
    make_application(email="second@example.org")
    make_application(status="active", email="member@example.org")
    UserGroupApplication.objects.filter(pk=oldest.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=12, hours=1))
    html = healthwatch_client.get("/admin/").content.decode()
    assert "User Group applications to screen" in html
    assert '<a href="/admin/user-group-applications/?status=new">2 applications waiting for screening</a>' in html
    assert "The oldest has waited 12 days" in html
    assert 'href="/admin/user-group-applications/">All User Group applications</a>' in html
    assert "applications to screen" not in comms_client.get("/admin/").content.decode()  # not theirs to screen
