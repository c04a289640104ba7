"""Staff screens: the claims queue, decisions, receipts and the finance export."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import COMMS_TEAM
from involvement import services
from involvement.models import Claim, ExpenseLine, InvolvementSettings
from privacy.models import AuditLogEntry
from tests.factories import UserFactory, activate_totp
from tests.privacy.conftest import signed_in

from .conftest import make_activity, receipt

pytestmark = pytest.mark.django_db
INDEX = "involvement-claims:index"


def sent_claim(activity, name="Pat Jones", email="pat@example.org", parking=None, decline=False):
    claim = services.invite(activity, name=name, email=email)
    if parking:
        services.add_expense(claim, kind=ExpenseLine.Kind.PARKING, day=activity.date, amount=Decimal(parking),
                             receipt=receipt())
    return services.submit_claim(claim, decline_payment=decline)


def test_the_queue_filters_by_status_activity_person_and_month(activity, co_design, staff):
    pat = sent_claim(activity)
    other = make_activity(co_design, activity.date, title="Interview panel")
    sam = sent_claim(other, name="Sam Smith", email="sam@example.org")
    client = signed_in(staff)

    page = client.get(reverse(INDEX)).content.decode()
    assert "Pat Jones" in page and "Sam Smith" in page and "£60.00" in page

    assert "Sam Smith" not in client.get(reverse(INDEX), {"activity": activity.pk}).content.decode()
    assert "Pat Jones" not in client.get(reverse(INDEX), {"person": "sam@example.org"}).content.decode()
    services.approve_claim(sam, staff)
    assert "Sam Smith" not in client.get(reverse(INDEX), {"status": "submitted"}).content.decode()
    this_month = f"{timezone.localdate():%Y-%m}"
    assert "Pat Jones" in client.get(reverse(INDEX), {"month": this_month}).content.decode()
    assert "Pat Jones" not in client.get(reverse(INDEX), {"month": "2019-01"}).content.decode()
    assert pat


def test_staff_without_the_permission_cannot_see_claims(activity, db):
    sent_claim(activity)
    comms = signed_in(activate_totp(UserFactory(groups=[COMMS_TEAM])))
    assert comms.get(reverse(INDEX)).status_code in (302, 403)
    assert comms.post(reverse("involvement-claims:approve", args=[Claim.objects.get().pk])).status_code in (302, 403)
    assert Claim.objects.get().status == Claim.Status.SUBMITTED


def test_two_people_approve_a_claim_over_the_threshold_in_the_admin(activity, staff, second_staff):
    options = InvolvementSettings.load()
    options.two_person_threshold = Decimal("50.00")
    options.save()
    claim = sent_claim(activity)
    approve = reverse("involvement-claims:approve", args=[claim.pk])

    first = signed_in(staff)
    page = first.get(reverse("involvement-claims:inspect", args=[claim.pk])).content.decode()
    assert "Mark as checked" in page
    first.post(approve)
    response = first.post(approve, follow=True)
    assert "another member of staff must approve it" in response.content.decode()

    signed_in(second_staff).post(approve)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW, details__id=claim.pk).exists()


def test_returning_needs_a_reason(activity, staff):
    claim = sent_claim(activity)
    client = signed_in(staff)
    response = client.post(reverse("involvement-claims:return", args=[claim.pk]), {"reason": ""}, follow=True)
    assert "Give the reason" in response.content.decode()
    client.post(reverse("involvement-claims:return", args=[claim.pk]), {"reason": "Add the parking receipt."})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETURNED and claim.return_reason == "Add the parking receipt."


def test_receipts_are_only_for_staff_who_see_claims(activity, staff, client):
    claim = sent_claim(activity, parking="3.20")
    line = claim.expenses.get()
    url = reverse("involvement-claims:receipt", args=[line.pk])

    response = signed_in(staff).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert client.get(url).status_code in (302, 403)


def test_finance_export_matches_hand_computed_totals_and_marks_claims_paid(co_design, staff):
    options = InvolvementSettings.load()
    options.yearly_warning = Decimal("50.00")
    options.save()
    november = make_activity(co_design, datetime.date(2020, 11, 19), units=Decimal("2"))  # £25 x 2
    ann = sent_claim(november, name="Ann Able", email="ann@example.org", parking="3.60")  # £53.60
    ben = sent_claim(november, name="Ben Brown", email="ben@example.org", parking="4.00",
                     decline=True)  # £4.00
    approved_on = timezone.make_aware(datetime.datetime(2020, 12, 3, 10))
    services.approve_claim(ann, staff, now=approved_on)
    services.approve_claim(ben, staff, now=approved_on)
    client = signed_in(staff)
    url = reverse("involvement-claims:finance")

    summary = client.get(url, {"month": "2020-12"}).content.decode()
    assert "Ann Able" in summary and "£57.60" in summary and "reached £50.00" in summary

    response = client.get(url, {"month": "2020-12", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Claim", "Name"]
    by_name = {row[1]: row for row in rows[1:-1]}
    assert by_name["Ann Able"][5:9] == ["50.00", "No", "3.60", "53.60"]
    assert by_name["Ann Able"][11:] == ["50.00", "Reached £50.00"]
    assert by_name["Ben Brown"][5:9] == ["0.00", "Yes", "4.00", "4.00"]
    assert rows[-1][5:9] == ["50.00", "", "7.60", "57.60"]
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.EXPORT).exists()

    client.post(url, {"month": "2020-12"})
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.PAID}


def test_staff_enter_a_claim_for_someone_without_email_with_the_channel_recorded(activity, staff, mail_outbox):
    client = signed_in(staff)
    response = client.post(reverse("involvement-claims:add_claim"), {
        "activity": activity.pk, "name": "Kwame Mensah", "email": "", "phone": "07700 900461"})
    claim = Claim.objects.get()
    enter = reverse("involvement-claims:enter", args=[claim.pk])
    assert response["Location"] == enter

    response = client.post(enter, {"add_expense": "1", "expense-kind": "parking",
                                    "expense-date": activity.date.strftime("%d/%m/%Y"), "expense-amount": "2.80"})
    assert "Upload a photo or PDF of the receipt or ticket." in response.content.decode()
    client.post(enter, {"add_expense": "1", "expense-kind": "mileage",
                        "expense-date": activity.date.strftime("%d/%m/%Y"), "expense-miles": "10"})
    response = client.post(enter, {"send": "1", "channel": "phone", "payment": "accept"})

    claim.refresh_from_db()
    assert response["Location"] == reverse("involvement-claims:inspect", args=[claim.pk])
    assert (claim.status, claim.channel, claim.entered_by, claim.total) == (
        Claim.Status.SUBMITTED, Claim.Channel.PHONE, staff, Decimal("64.50"))
    assert not mail_outbox
    index = client.get(reverse(INDEX)).content.decode()
    assert reverse("involvement-claims:inspect", args=[claim.pk]) in index


def test_reach_dashboard_shows_coproduction_cost_by_activity_and_locality_and_who_declined(co_design, staff):
    north = make_activity(co_design, datetime.date(2021, 5, 4), title="Blakenall diabetes panel", locality="north",
                          units=Decimal("1"))  # £30
    approved = sent_claim(north, parking="2.50")
    services.approve_claim(approved, staff)
    sent_claim(north, name="Sam Smith", email="sam@example.org", parking="1.00", decline=True)  # not yet approved

    page = signed_in(staff).get(reverse("user-group-reach:index")).content.decode()
    assert "Co-production costs" in page
    assert "Blakenall diabetes panel" in page and "£32.50" in page
    assert "North" in page
    assert "1 person who claimed said no to the involvement payment" in page


def test_staff_add_an_activity_for_a_meeting_of_an_engagement_exercise(home_page, co_design, staff):
    from engagement.models import EngagementIndexPage
    from involvement.models import Activity
    from tests.engagement.conftest import make_exercise
    from tests.factories import make_page

    exercise = make_exercise(make_page(home_page, EngagementIndexPage, title="Have your say", slug="have-your-say"))
    response = signed_in(staff).post(reverse("activity:add"), {
        "title": "Lung services: second co-design meeting", "kind": "meeting", "event": "", "exercise": exercise.pk,
        "level": co_design.pk, "date": "2021-05-04", "units": "1", "locality": "north",
        "paid_by": "Walsall Healthcare NHS Trust"})

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.exercise, activity.kind, services.involvement_payment(activity)) == (
        exercise.specific, "meeting", (Decimal("30.00"), Decimal("30.00")))


def test_the_dashboard_says_how_many_claims_wait_for_a_decision_to_staff_who_decide(activity, staff, second_staff):
    options = InvolvementSettings.load()
    options.two_person_threshold = Decimal("50.00")
    options.save()
    first = sent_claim(activity)
    sent_claim(activity, name="Sam Smith", email="sam@example.org")
    services.approve_claim(first, staff)  # checked: still waiting for a second person
    decided = sent_claim(activity, name="Ann Able", email="ann@example.org", decline=False)
    services.reject_claim(decided, staff, "Not at this activity.")

    dashboard = signed_in(second_staff).get(reverse("wagtailadmin_home")).content.decode()
    queue = reverse(INDEX) + "?status=waiting"
    assert "2 claims" in dashboard and "waiting for a decision" in dashboard and queue in dashboard

    waiting = signed_in(second_staff).get(queue).content.decode()
    assert "Pat Jones" in waiting and "Sam Smith" in waiting and "Ann Able" not in waiting

    comms = signed_in(activate_totp(UserFactory(groups=[COMMS_TEAM])))
    assert "waiting for a decision" not in comms.get(reverse("wagtailadmin_home")).content.decode()


def test_a_return_without_a_reason_is_explained_beside_the_box_and_changes_nothing(activity, staff):
    claim = sent_claim(activity)
    response = signed_in(staff).post(reverse("involvement-claims:return", args=[claim.pk]), {"reason": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Return the claim to correct" in page and "Give the reason: the person will read it." in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_the_claims_history_shows_each_decision_with_who_and_when(activity, staff):
    claim = sent_claim(activity, parking="3.20")
    client = signed_in(staff)
    client.get(reverse("involvement-claims:receipt", args=[claim.expenses.get().pk]))
    client.post(reverse("involvement-claims:return", args=[claim.pk]), {"reason": "Add the ticket too."})
    services.submit_claim(claim, decline_payment=False)
    client.post(reverse("involvement-claims:approve", args=[claim.pk]))

    page = client.get(reverse("involvement-claims:inspect", args=[claim.pk])).content.decode()
    log = page[page.index("Audit log"):]
    assert f"{staff.email}</td>" in log
    assert "Returned an involvement claim: Add the ticket too." in log
    assert "Approved an involvement claim" in log and "Viewed a receipt" in log
    assert log.index("Approved an involvement claim") < log.index("Returned an involvement claim")  # newest first


def test_a_withdrawn_claim_is_shown_withdrawn_to_staff_with_no_decision_to_make(activity, staff):
    claim = sent_claim(activity)
    services.withdraw_claim(claim)
    client = signed_in(staff)
    assert "Withdrawn" in client.get(reverse(INDEX), {"status": "withdrawn"}).content.decode()
    page = client.get(reverse("involvement-claims:inspect", args=[claim.pk])).content.decode()
    assert "Withdrawn by Pat Jones: it will not be paid" in page
    assert "Mark as checked" not in page and ">Approve<" not in page


def test_late_and_over_limit_claims_are_flagged_to_staff_and_can_still_be_approved(co_design, staff):
    options = InvolvementSettings.load()
    options.claim_days, options.expenses_limit = 30, Decimal("3.00")
    options.save()
    old = make_activity(co_design, timezone.localdate() - datetime.timedelta(days=31), units=Decimal("1"))
    claim = sent_claim(old, parking="3.20")
    client = signed_in(staff)

    assert "Late, Expenses over the limit" in client.get(reverse(INDEX)).content.decode()
    page = client.get(reverse("involvement-claims:inspect", args=[claim.pk])).content.decode()
    assert "Flagged: Late, Expenses over the limit" in page and "it is not refused" in page
    client.post(reverse("involvement-claims:approve", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_staff_date_mileage_rates(staff):
    client = signed_in(staff)
    response = client.post(reverse("mileagerate:add"), {"amount": "0.50", "valid_from": "2026-04-06"})
    assert response.status_code == 302
    assert "£0.50" in client.get(reverse("mileagerate:index")).content.decode()
