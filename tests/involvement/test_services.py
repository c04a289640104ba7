"""The rules of involvement claims, tested through the services."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from events.services import record_attendance
from involvement import services
from involvement.models import Claim, ExpenseLine, InvolvementSettings, MileageRate
from involvement.money import format_money, tax_year_label
from mailer.models import OutgoingEmail
from privacy import registry
from privacy.models import AuditLogEntry

from .conftest import book, make_activity, make_event, receipt

pytestmark = pytest.mark.django_db
Kind = ExpenseLine.Kind


def settings_with(**values):
    options = InvolvementSettings.load()
    for name, value in values.items():
        setattr(options, name, value)
    options.save()
    return options


# Money ------------------------------------------------------------------------------------------


def test_money_is_written_for_people_and_tax_years_start_on_6_april():
    assert format_money(Decimal("12.5")) == "£12.50"
    assert format_money(Decimal("1234")) == "£1,234.00"
    assert tax_year_label(datetime.date(2021, 4, 5)) == "2020 to 2021"
    assert tax_year_label(datetime.date(2021, 4, 6)) == "2021 to 2022"


# Rates ------------------------------------------------------------------------------------------


def test_a_claim_uses_the_rate_in_force_on_the_day_of_the_activity(co_design):
    before = make_activity(co_design, datetime.date(2021, 3, 31), units=Decimal("2"))
    on_the_day = make_activity(co_design, datetime.date(2021, 4, 1), units=Decimal("2"))
    too_early = make_activity(co_design, datetime.date(2019, 1, 1))

    assert services.involvement_payment(before) == (Decimal("25.00"), Decimal("50.00"))
    assert services.involvement_payment(on_the_day) == (Decimal("30.00"), Decimal("60.00"))
    assert services.involvement_payment(too_early) == (None, Decimal("0.00"))


def test_a_new_rate_does_not_change_a_claim_already_sent(claim, co_design):
    services.submit_claim(claim, decline_payment=False)
    co_design.rates.create(amount=Decimal("99.00"), valid_from=claim.activity.date)

    claim.refresh_from_db()
    assert claim.payment_amount == Decimal("60.00")  # 2 half days at £30 (the rate from April 2021)


# Expenses ---------------------------------------------------------------------------------------


def test_mileage_is_worked_out_to_the_penny(claim):
    line = services.add_expense(claim, kind=Kind.MILEAGE, day=claim.activity.date, miles=Decimal("12.3"))
    assert line.amount == Decimal("5.54")  # 5.535 rounds up at 45p a mile


def test_mileage_uses_the_rate_in_force_on_the_day_of_the_travel(claim):
    travel = claim.activity.date
    MileageRate.objects.create(amount=Decimal("0.55"), valid_from=travel)
    MileageRate.objects.create(amount=Decimal("0.60"), valid_from=travel + datetime.timedelta(days=1))

    before = services.add_expense(claim, kind=Kind.MILEAGE, day=travel - datetime.timedelta(days=1), miles=Decimal("10"))
    on_the_day = services.add_expense(claim, kind=Kind.MILEAGE, day=travel, miles=Decimal("10"))

    assert (before.amount, on_the_day.amount) == (Decimal("4.50"), Decimal("5.50"))


def test_mileage_before_any_rate_is_refused_with_a_way_forward(claim):
    with pytest.raises(services.ClaimError, match="cannot work out mileage for that date"):
        services.add_expense(claim, kind=Kind.MILEAGE, day=datetime.date(2010, 1, 4), miles=Decimal("10"))
    assert not claim.expenses.exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"kind": Kind.PARKING, "amount": Decimal("-3.00")}, "amount", "more than £0"),
    ({"kind": Kind.PARKING, "amount": Decimal("3.001")}, "amount", "pounds and pence"),
    ({"kind": Kind.PUBLIC_TRANSPORT, "amount": Decimal("4.20"), "has_receipt": False}, "receipt", "receipt"),
    ({"kind": Kind.CARE, "amount": Decimal("20")}, "receipt", "receipt"),
    ({"kind": Kind.MILEAGE, "miles": Decimal("0")}, "miles", "more than 0"),
    ({"kind": Kind.OTHER, "amount": Decimal("5"), "has_receipt": True}, "description", "who agreed it"),
])
def test_expense_rules(fields, field, message):
    errors = services.expense_errors(day=datetime.date(2020, 11, 19), **fields)
    assert message in errors[field]


def test_an_expense_cannot_be_dated_in_the_future(claim):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(services.ClaimError, match="today or in the past"):
        services.add_expense(claim, kind=Kind.PARKING, day=tomorrow, amount=Decimal("3"), receipt=receipt())


def test_a_receipt_must_really_be_an_image_or_pdf(claim):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not a real"):
        services.add_expense(claim, kind=Kind.PARKING, day=claim.activity.date, amount=Decimal("3"),
                             receipt=receipt("ticket.pdf", b"<html><script>alert(1)</script></html>"))


def test_receipts_are_private_files_with_no_address(claim, private_media):
    line = services.add_expense(claim, kind=Kind.PARKING, day=claim.activity.date, amount=Decimal("3.50"),
                                receipt=receipt())
    assert (private_media / line.receipt.name).exists()
    with pytest.raises(ValueError):
        line.receipt.url


# Sending, declining, returning ----------------------------------------------------------------------


def test_a_person_may_decline_the_payment_and_still_claim_expenses(claim):
    services.add_expense(claim, kind=Kind.MILEAGE, day=claim.activity.date, miles=Decimal("10"))
    claim = services.submit_claim(claim, decline_payment=True)

    assert claim.status == Claim.Status.SUBMITTED
    assert claim.payment_declined
    assert claim.payment_amount == Decimal("0.00")
    assert claim.total == Decimal("4.50")


def test_declining_with_nothing_else_to_claim_is_refused(claim):
    with pytest.raises(services.ClaimError, match="nothing to claim"):
        services.submit_claim(claim, decline_payment=True)


def test_returned_claim_can_be_corrected_and_sent_again(claim, staff):
    services.add_expense(claim, kind=Kind.PARKING, day=claim.activity.date, amount=Decimal("30"), receipt=receipt())
    services.submit_claim(claim, decline_payment=False)

    with pytest.raises(services.ClaimError, match="reason"):
        services.return_claim(claim, staff, "  ")
    services.return_claim(claim, staff, "The parking receipt says £3.00, not £30.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETURNED
    assert claim.is_editable

    line = claim.expenses.get()
    services.remove_expense(claim, line.pk)
    services.add_expense(claim, kind=Kind.PARKING, day=claim.activity.date, amount=Decimal("3"), receipt=receipt())
    claim = services.submit_claim(claim, decline_payment=False)

    assert claim.status == Claim.Status.SUBMITTED
    assert claim.expenses_total == Decimal("3.00")
    assert claim.return_reason == ""
    assert list(claim.history.values_list("status", flat=True)) == ["invited", "submitted", "returned", "submitted"]
    subjects = list(OutgoingEmail.objects.filter(to="pat.jones@example.org").values_list("subject", flat=True))
    assert any("returned" in subject.lower() for subject in subjects)


def test_a_sent_claim_cannot_be_changed_or_sent_twice(claim):
    services.submit_claim(claim, decline_payment=False)
    with pytest.raises(services.ClaimError):
        services.submit_claim(claim, decline_payment=False)
    claim.refresh_from_db()
    with pytest.raises(services.ClaimError):
        services.add_expense(claim, kind=Kind.MILEAGE, day=claim.activity.date, miles=Decimal("1"))


@pytest.mark.parametrize("returned_first", [False, True])
def test_a_person_may_withdraw_a_sent_claim_until_it_is_approved_and_it_is_never_paid(claim, staff, returned_first):
    services.submit_claim(claim, decline_payment=False)
    if returned_first:
        services.return_claim(claim, staff, "Add the parking receipt.")

    claim = services.withdraw_claim(claim)

    assert claim.status == Claim.Status.WITHDRAWN
    assert not claim.is_editable and not claim.can_be_withdrawn
    assert claim.history.last().status == Claim.Status.WITHDRAWN
    assert OutgoingEmail.objects.filter(to="pat.jones@example.org", subject__contains="withdrawn").count() == 1
    with pytest.raises(services.ClaimError, match="withdrawn, so it cannot be approved"):
        services.approve_claim(claim, staff)
    with pytest.raises(services.ClaimError):
        services.submit_claim(claim, decline_payment=False)
    assert services.mark_paid([claim], staff) == 0
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN
    assert services.withdraw_claim(claim).status == Claim.Status.WITHDRAWN  # sent twice: no harm


def test_an_approved_claim_cannot_be_withdrawn(claim, staff):
    services.submit_claim(claim, decline_payment=False)
    services.approve_claim(claim, staff)
    with pytest.raises(services.ClaimError, match="approved, so it cannot be withdrawn"):
        services.withdraw_claim(claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_an_unsent_claim_cannot_be_withdrawn(claim):
    with pytest.raises(services.ClaimError):
        services.withdraw_claim(claim)


def test_every_status_change_is_emailed_to_the_person(claim, staff, second_staff):
    """Sent, returned, sent again, approved (after a second person), paid; and rejected."""
    settings_with(two_person_threshold=Decimal("50.00"))
    services.submit_claim(claim, decline_payment=False)
    services.return_claim(claim, staff, "Please check the date.")
    services.submit_claim(claim, decline_payment=False)
    services.approve_claim(claim, staff)  # checked: for the person it is still "submitted"
    services.approve_claim(claim, second_staff)
    services.mark_paid([claim], staff)
    other = services.invite(claim.activity, name="Sam Smith", email="sam@example.org")
    services.submit_claim(other, decline_payment=False)
    services.reject_claim(other, staff, "You did not take part in this activity.")

    subjects = list(OutgoingEmail.objects.filter(to="pat.jones@example.org").order_by("pk")
                    .values_list("subject", flat=True))
    assert [subject.split(":")[0] for subject in subjects[1:]] == [
        "We have your claim", "Your claim has been returned", "We have your claim", "Your claim is approved",
        "Your claim has been paid"]
    assert OutgoingEmail.objects.filter(to="sam@example.org", subject__startswith="Your claim was not approved",
                                        body_text__contains="You did not take part").exists()


# Approval ----------------------------------------------------------------------------------------


def test_each_staff_decision_is_its_own_audit_log_action_with_who_and_when(claim, staff, second_staff):
    settings_with(two_person_threshold=Decimal("50.00"))
    services.submit_claim(claim, decline_payment=False)
    services.return_claim(claim, staff, "Please check the date.")
    services.submit_claim(claim, decline_payment=False)
    services.approve_claim(claim, staff)
    services.approve_claim(claim, second_staff)
    services.mark_paid([claim], second_staff)
    other = services.invite(claim.activity, name="Sam Smith", email="sam@example.org")
    services.submit_claim(other, decline_payment=False)
    services.reject_claim(other, staff, "You did not take part.")

    Action = AuditLogEntry.Action
    log = [(entry.action, entry.actor, entry.details.get("reason", "")) for entry in reversed(services.audit_history(claim))]
    assert log == [(Action.CLAIM_RETURN, staff, "Please check the date."), (Action.CLAIM_CHECK, staff, ""),
                   (Action.CLAIM_APPROVE, second_staff, ""), (Action.CLAIM_PAID, second_staff, "")]
    rejected = services.audit_history(other)[0]
    assert (rejected.action, rejected.actor_label, rejected.subject) == (Action.CLAIM_REJECT, staff.email, "s***@example.org")
    assert all(entry.created_at for entry in services.audit_history(claim))


def test_claims_under_the_threshold_need_one_approver(claim, staff):
    services.submit_claim(claim, decline_payment=False)  # £60
    claim = services.approve_claim(claim, staff)
    assert claim.status == Claim.Status.APPROVED
    assert claim.approved_by == staff


def test_claims_over_the_threshold_need_two_different_people(claim, staff, second_staff):
    settings_with(two_person_threshold=Decimal("50.00"))
    services.submit_claim(claim, decline_payment=False)  # £60

    claim = services.approve_claim(claim, staff)
    assert claim.status == Claim.Status.CHECKED
    with pytest.raises(services.ClaimError, match="another member of staff"):
        services.approve_claim(claim, staff)

    claim = services.approve_claim(claim, second_staff)
    assert claim.status == Claim.Status.APPROVED
    assert (claim.checked_by, claim.approved_by) == (staff, second_staff)


def test_staff_who_enter_a_claim_for_someone_count_as_its_first_person(activity, staff, second_staff):
    settings_with(two_person_threshold=Decimal("50.00"))
    claim = services.invite(activity, name="Kwame Mensah", phone="07700 900461")
    services.submit_claim(claim, decline_payment=False, actor=staff, channel=Claim.Channel.PHONE)

    with pytest.raises(services.ClaimError):
        services.approve_claim(claim, staff)
    claim = services.approve_claim(claim, second_staff)
    assert claim.status == Claim.Status.APPROVED
    assert claim.channel == Claim.Channel.PHONE
    assert not OutgoingEmail.objects.exists()  # no address: staff tell them


def test_late_and_over_limit_claims_are_flagged_not_refused(co_design):
    settings_with(claim_days=30, expenses_limit=Decimal("10.00"))
    old = make_activity(co_design, timezone.localdate() - datetime.timedelta(days=31))
    claim = services.invite(old, name="Pat Jones", email="pat@example.org")
    services.add_expense(claim, kind=Kind.CARE, day=old.date, amount=Decimal("40"), receipt=receipt())
    claim = services.submit_claim(claim, decline_payment=False)

    assert claim.status == Claim.Status.SUBMITTED
    assert claim.flag_labels() == ["Late", "Expenses over the limit"]


# Attendance --------------------------------------------------------------------------------------


def test_attendance_recorded_invites_each_attendee_once(events_index, co_design, commit, mail_outbox):
    event = make_event(events_index)
    came = book(event, "came@example.org").booking
    book(event, "stayed.away@example.org")
    start = timezone.now() - datetime.timedelta(hours=2)
    type(event).objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=1))
    event.refresh_from_db()
    make_activity(co_design, start.date(), event=event, kind="event")

    mail_outbox.clear()  # the booking confirmations
    with commit():
        record_attendance(event, [came.pk])
        record_attendance(event, [came.pk])

    claim = Claim.objects.get()
    assert claim.email == "came@example.org"
    invitations = [m for m in mail_outbox if m.subject.startswith("Claim")]
    assert [m.to for m in invitations] == [["came@example.org"]]
    assert services.claim_url(claim) in invitations[0].body


# Finance -----------------------------------------------------------------------------------------


def test_finance_report_against_hand_computed_totals(co_design, staff):
    settings_with(yearly_warning=Decimal("100.00"))
    november = make_activity(co_design, datetime.date(2020, 11, 19), units=Decimal("2"))  # £50 each
    march = make_activity(co_design, datetime.date(2021, 3, 2), units=Decimal("3"))  # £75 each
    approved_on = timezone.make_aware(datetime.datetime(2021, 3, 10, 12))

    ann = services.invite(november, name="Ann Able", email="ann@example.org")
    services.add_expense(ann, kind=Kind.MILEAGE, day=november.date, miles=Decimal("7"))  # £3.15
    ann_march = services.invite(march, name="Ann Able", email="ANN@example.org")
    ben = services.invite(march, name="Ben Brown", email="ben@example.org")
    services.add_expense(ben, kind=Kind.PARKING, day=march.date, amount=Decimal("2.40"), receipt=receipt())
    for claim, declined in ((ann, False), (ann_march, False), (ben, True)):
        services.submit_claim(claim, decline_payment=declined)
        services.approve_claim(claim, staff, now=approved_on)

    report = services.finance_report(datetime.date(2021, 3, 1))

    by_name = [(row["claim"].name, row["claim"].total, row["year_payments"], row["warning"]) for row in report["rows"]]
    assert sorted(by_name) == sorted([
        ("Ann Able", Decimal("53.15"), Decimal("125.00"), True),
        ("Ann Able", Decimal("75.00"), Decimal("125.00"), True),
        ("Ben Brown", Decimal("2.40"), Decimal("0.00"), False),
    ])
    assert (report["payments"], report["expenses"], report["total"]) == (
        Decimal("125.00"), Decimal("5.55"), Decimal("130.55"))
    rows = list(services.finance_rows(report))
    assert rows[-1][5:9] == [Decimal("125.00"), "", Decimal("5.55"), Decimal("130.55")]
    assert services.finance_report(datetime.date(2021, 4, 1))["rows"] == []


def test_mark_paid_tells_the_person(claim, staff):
    services.submit_claim(claim, decline_payment=False)
    services.approve_claim(claim, staff)
    assert services.mark_paid([claim], staff) == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID and claim.paid_at
    assert OutgoingEmail.objects.filter(subject__icontains="paid").exists()


# Personal data -------------------------------------------------------------------------------------


def test_claims_are_found_and_exported_through_the_privacy_registry(claim):
    services.add_expense(claim, kind=Kind.MILEAGE, day=claim.activity.date, miles=Decimal("4"))
    exported = registry.export_all("Pat.Jones@example.org")["involvement.claim"]
    assert exported[0]["name"] == "Pat Jones"
    assert exported[0]["expenses"][0]["amount"] == "1.80"


def test_erasing_keeps_approved_claims_as_financial_records_and_deletes_the_rest(activity, staff, private_media,
                                                                                 commit):
    approved = services.invite(activity, name="Pat Jones", email="pat@example.org")
    line = services.add_expense(approved, kind=Kind.PARKING, day=activity.date, amount=Decimal("3"),
                                receipt=receipt())
    services.submit_claim(approved, decline_payment=False)
    services.approve_claim(approved, staff)
    other = make_activity(activity.level, activity.date, title="Interview panel")
    pending = services.invite(other, name="Pat Jones", email="pat@example.org")
    pending_line = services.add_expense(pending, kind=Kind.PARKING, day=activity.date, amount=Decimal("2"),
                                        receipt=receipt())

    with commit():
        counts = registry.erase_all("pat@example.org")

    assert counts["involvement.claim"] == 2
    approved.refresh_from_db()
    assert (approved.name, approved.email, approved.total) == ("Pat Jones", "", Decimal("63.00"))
    assert (private_media / line.receipt.name).exists()
    assert not Claim.objects.filter(pk=pending.pk).exists()
    assert not (private_media / pending_line.receipt.name).exists()
    assert not registry.find_all("pat@example.org")


def test_retention_deletes_financial_records_after_the_years_staff_set(activity, staff):
    settings_with(retention_years=6)
    claim = services.invite(activity, name="Pat Jones", email="pat@example.org")
    services.submit_claim(claim, decline_payment=False)
    paid_at = timezone.make_aware(datetime.datetime(2020, 12, 1, 12))
    services.approve_claim(claim, staff, now=paid_at)
    services.mark_paid([claim], staff, now=paid_at)
    Claim.objects.filter(pk=claim.pk).update(created_at=paid_at)

    # Paid in the tax year 2020 to 2021, which ends on 5 April 2021: kept until 6 April 2027.
    assert list(services.expired_claims(timezone.make_aware(datetime.datetime(2027, 4, 5, 12)))) == []
    assert list(services.expired_claims(timezone.make_aware(datetime.datetime(2027, 4, 6, 12)))) == [claim]
    assert registry.get_source("involvement.claim").apply_retention(
        timezone.make_aware(datetime.datetime(2027, 4, 6, 12))) == 1
    assert not Claim.objects.exists()


def test_unused_invitations_go_a_year_after_the_activity(co_design):
    old = make_activity(co_design, timezone.localdate() - datetime.timedelta(days=400))
    claim = services.invite(old, name="Pat Jones", email="pat@example.org")
    assert list(services.expired_claims()) == [claim]


def test_withdrawn_claims_are_not_financial_records_and_go_a_year_after_the_activity(co_design, staff):
    old = make_activity(co_design, timezone.localdate() - datetime.timedelta(days=400))
    recent = make_activity(co_design, timezone.localdate() - datetime.timedelta(days=300))
    withdrawn, kept, approved = (services.submit_claim(services.invite(activity, name=name, email=email),
                                                       decline_payment=False)
                                 for activity, name, email in ((old, "Pat Jones", "pat@example.org"),
                                                               (recent, "Sam Smith", "sam@example.org"),
                                                               (old, "Ann Able", "ann@example.org")))
    services.withdraw_claim(withdrawn)
    services.withdraw_claim(kept)
    services.approve_claim(approved, staff)

    assert list(services.expired_claims()) == [withdrawn]
    assert any("claims the person withdrew" in getattr(source, "retention_description", "")
               for source in registry.sources())
