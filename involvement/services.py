"""The rules of involvement payments and expenses, as plain functions.

- A claim's involvement payment is the level's rate in force on the day of the activity (the
  latest `PaymentRate` starting on or before it) times the activity's units, to the penny. The
  person may decline it; then it is £0.00 and they may still claim expenses.
- Expenses: mileage is miles times the mileage rate in force on the day of the travel (the latest
  `MileageRate` starting on or before it), to the penny; fares, parking and care
  costs need a receipt; other costs need a note of who agreed them; no date in the future, no
  negative amounts (`expense_errors`, used by every form).
- A claim goes invited -> submitted -> (checked ->) approved -> paid, or returned (the person
  corrects it and sends it again) or rejected, each step recorded in its history. Until it is
  approved, the person may withdraw a claim they sent: it is never approved or paid after that.
- Each staff decision (check, approve, return, reject, mark paid) is also its own action in the
  privacy audit log, with who and when (`DECISIONS`); the claim's admin page shows them. A claim whose
  total is over the two-person threshold needs two different members of staff: one checks (or
  entered it for the person), another approves.
- A late claim, or one whose expenses are over the limit, is flagged, never refused.
- Every change the person should know about is e-mailed to them after the transaction commits.

Rules that cannot be met raise `ClaimError`, whose message is written for the person reading it.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from base.phone import normalise_phone
from engagement.app_settings import user_group_email
from engagement.localities import Locality
from mailer.services import queue_email
from privacy.models import AuditLogEntry
from privacy.services import audit

from .models import Activity, Claim, ClaimStatusChange, ExpenseLine, InvolvementSettings, MileageRate, PaymentRate
from .money import format_money, tax_year_label, tax_year_start, to_pence

ZERO = Decimal("0.00")
INVITATION_RETENTION_DAYS = 365


class ClaimError(Exception):
    """A claim rule was not met. The message is written for the person (or member of staff) acting."""


def current_settings():
    return InvolvementSettings.load()


# Rates ------------------------------------------------------------------------------------------


def rate_on(level, day):
    """The level's rate in force on `day`: the latest one starting on or before it (None if none)."""
    return PaymentRate.objects.filter(level=level, valid_from__lte=day).order_by("-valid_from").first()


def involvement_payment(activity):
    """(rate, amount) one person is offered for `activity`: (None, £0.00) when its level pays none."""
    if not activity.level.pays_involvement:
        return None, ZERO
    rate = rate_on(activity.level, activity.date)
    if rate is None:
        return None, ZERO
    return rate.amount, to_pence(rate.amount * activity.units)


def mileage_rate_on(day):
    """The rate per mile in force on `day`: the latest one starting on or before it (None if none)."""
    return MileageRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def mileage_amount(miles, day):
    """Miles times the rate in force on the day of the travel, to the penny."""
    rate = mileage_rate_on(day)
    if rate is None:
        raise ClaimError("We cannot work out mileage for that date yet. Claim your other costs, and ask us "
                         "about the mileage: reply to the e-mail we sent you.")
    return to_pence(Decimal(miles) * rate.amount)


# Invitations ------------------------------------------------------------------------------------


def claim_url(claim):
    return f"{settings.SITE_URL}{reverse('involvement:claim', args=[claim.token])}"


def invite_attendees(event_id):
    """Invite everyone the organiser marked as present at the event to claim, once each, for every
    activity linked to the event whose level pays anything. Returns the claims created."""
    from events.models import Booking

    created = []
    activities = Activity.objects.filter(event_id=event_id).select_related("level")
    attended = Booking.objects.filter(event_id=event_id, attended=True, anonymised_at__isnull=True)
    with transaction.atomic():
        for activity in activities:
            if not (activity.level.pays_involvement or activity.level.pays_expenses):
                continue
            for booking in attended:
                if Claim.objects.filter(activity=activity, booking=booking).exists():
                    continue
                created.append(invite(activity, name=booking.name, email=booking.email, phone=booking.phone,
                                      booking=booking))
    return created


def invite(activity, *, name, email="", phone="", booking=None):
    """Create a person's claim for an activity and e-mail them their personal link (if they have an address)."""
    claim = Claim.objects.create(activity=activity, booking=booking, name=name, email=email.strip().lower(),
                                 phone=normalise_phone(phone) or "")
    _record(claim, Claim.Status.INVITED, actor=None)
    if claim.email:
        _email(claim, "involvement/email/invitation")
    return claim


# The person's claim ------------------------------------------------------------------------------


def expense_errors(*, kind, day, amount=None, miles=None, description="", has_receipt=False, today=None):
    """What is wrong with one expense, as {field: message}; empty when it can be claimed."""
    today = today or timezone.localdate()
    errors = {}
    if day and day > today:
        errors["date"] = "The date must be today or in the past."
    if kind == ExpenseLine.Kind.MILEAGE:
        if miles is None:
            errors["miles"] = "Enter how many miles you drove."
        elif miles <= 0:
            errors["miles"] = "Miles must be more than 0."
    else:
        if amount is None:
            errors["amount"] = "Enter how much you paid, for example 12.50."
        elif amount <= 0:
            errors["amount"] = "The amount must be more than £0, for example 12.50."
        elif amount != to_pence(amount):
            errors["amount"] = "Enter the amount in pounds and pence, for example 12.50."
    if kind in ExpenseLine.NEEDS_RECEIPT and not has_receipt:
        errors["receipt"] = "Upload a photo or PDF of the receipt or ticket."
    if kind == ExpenseLine.Kind.OTHER and not description.strip():
        errors["description"] = "Say what the cost was and who agreed it with you before the activity."
    return errors


def add_expense(claim, *, kind, day, amount=None, miles=None, description="", receipt=None, today=None,
                submission_token=None):
    """Add one expense to a claim the person can still change. The amount of mileage is worked out.
    The same form sent twice (`submission_token`) adds it once."""
    if submission_token and (line := claim.expenses.filter(submission_token=submission_token).first()):
        return line
    if not claim.is_editable:
        raise ClaimError("This claim has been sent, so it cannot be changed.")
    if not claim.activity.level.pays_expenses:
        raise ClaimError("Expenses cannot be claimed for this activity.")
    errors = expense_errors(kind=kind, day=day, amount=amount, miles=miles, description=description,
                            has_receipt=bool(receipt), today=today)
    if errors:
        raise ClaimError(" ".join(errors.values()))
    if kind == ExpenseLine.Kind.MILEAGE:
        amount = mileage_amount(miles, day)
    line = ExpenseLine(claim=claim, kind=kind, date=day, miles=miles if kind == ExpenseLine.Kind.MILEAGE else None,
                       amount=to_pence(amount), description=description.strip(), submission_token=submission_token)
    if receipt:
        line.receipt_name = receipt.name[:255]
        line.receipt = receipt
    line.full_clean(exclude=["claim"])
    line.save()
    return line


def remove_expense(claim, line_id):
    if not claim.is_editable:
        raise ClaimError("This claim has been sent, so it cannot be changed.")
    lines = list(claim.expenses.filter(pk=line_id))
    _delete_lines(lines)


def submit_claim(claim, *, decline_payment, actor=None, channel=Claim.Channel.ONLINE, now=None):
    """Send a claim (for the first time, or again after it was returned).

    Staff who enter a claim for someone (`actor`) count as its first checker."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("activity__level").get(pk=claim.pk)
        if not claim.is_editable:
            raise ClaimError("This claim has already been sent.")
        level = claim.activity.level
        expenses = list(claim.expenses.all())
        if not level.pays_involvement and not expenses:
            raise ClaimError("Add at least one expense to claim.")
        if level.pays_involvement and decline_payment and not expenses:
            raise ClaimError("You have said no to the involvement payment and added no expenses, so there is "
                             "nothing to claim.")
        rate, amount = involvement_payment(claim.activity)
        claim.payment_declined = bool(decline_payment) and level.pays_involvement
        claim.payment_rate = rate
        claim.payment_amount = ZERO if claim.payment_declined else amount
        claim.expenses_total = to_pence(sum((line.amount for line in expenses), ZERO))
        claim.flags = claim_flags(claim, now)
        claim.status = Claim.Status.SUBMITTED
        claim.submitted_at = now
        claim.return_reason = ""
        if actor is not None:
            claim.entered_by = actor
            claim.checked_by = actor
            claim.channel = channel
        claim.save()
        _record(claim, Claim.Status.SUBMITTED, actor)
        _email(claim, "involvement/email/status_changed")
    return claim


def claim_flags(claim, now):
    """Late (sent more than the set days after the activity) and over the expenses limit."""
    options = current_settings()
    flags = []
    if timezone.localtime(now).date() > claim.activity.date + datetime.timedelta(days=options.claim_days):
        flags.append("late")
    if claim.expenses_total > options.expenses_limit:
        flags.append("over_limit")
    return flags


def withdraw_claim(claim, now=None):
    """The person withdraws a claim they sent, while it is not yet approved. It is never approved
    or paid after that; staff see it withdrawn, and the person is told by e-mail."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("activity").get(pk=claim.pk)
        if not claim.can_be_withdrawn:
            if claim.status == Claim.Status.WITHDRAWN:
                return claim
            raise ClaimError(f"Your claim is {claim.get_status_display().lower()}, so it cannot be withdrawn now. "
                             "If something is wrong, reply to the e-mail we sent you about it.")
        claim.status = Claim.Status.WITHDRAWN
        claim.save(update_fields=["status"])
        _record(claim, Claim.Status.WITHDRAWN, actor=None)
        _email(claim, "involvement/email/status_changed")
    return claim


# Staff decisions ----------------------------------------------------------------------------------


def waiting_for_decision():
    """Claims sent (or checked by one member of staff) that wait for a decision."""
    return Claim.objects.filter(status__in=Claim.WAITING)


def needs_two_people(claim):
    return claim.total > current_settings().two_person_threshold


def approve_claim(claim, actor, now=None):
    """Approve a sent claim. Over the two-person threshold, the first member of staff only checks it
    (unless someone else entered or checked it already), and it waits for a second to approve it."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status not in (Claim.Status.SUBMITTED, Claim.Status.CHECKED):
            raise ClaimError(f"This claim is {claim.get_status_display().lower()}, so it cannot be approved.")
        if needs_two_people(claim):
            if claim.checked_by_id is None:
                claim.checked_by = actor
                claim.status = Claim.Status.CHECKED
                claim.save(update_fields=["checked_by", "status"])
                _record(claim, Claim.Status.CHECKED, actor)
                return claim
            if claim.checked_by_id == actor.pk:
                raise ClaimError(f"This claim is over {format_money(current_settings().two_person_threshold)}, "
                                 "so another member of staff must approve it: you checked or entered it.")
        claim.status = Claim.Status.APPROVED
        claim.approved_by = actor
        claim.approved_at = now
        claim.save(update_fields=["status", "approved_by", "approved_at"])
        _record(claim, Claim.Status.APPROVED, actor)
        _email(claim, "involvement/email/status_changed")
    return claim


def return_claim(claim, actor, reason):
    """Send a claim back to the person with a reason: they correct it and send it again."""
    return _decide(claim, actor, Claim.Status.RETURNED, reason)


def reject_claim(claim, actor, reason):
    return _decide(claim, actor, Claim.Status.REJECTED, reason)


def _decide(claim, actor, status, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ClaimError("Give the reason: the person will read it.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status not in (Claim.Status.SUBMITTED, Claim.Status.CHECKED):
            raise ClaimError(f"This claim is {claim.get_status_display().lower()}, so it cannot be "
                             f"{'returned' if status == Claim.Status.RETURNED else 'rejected'}.")
        claim.status = status
        claim.return_reason = reason
        claim.checked_by = claim.entered_by  # a corrected claim is checked again
        claim.save(update_fields=["status", "return_reason", "checked_by"])
        _record(claim, status, actor, reason)
        _email(claim, "involvement/email/status_changed")
    return claim


def mark_paid(claims, actor, now=None):
    """Mark approved claims paid (when exported for finance, or when finance confirms). Returns how many."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for claim in Claim.objects.select_for_update().filter(pk__in=[c.pk for c in claims],
                                                               status=Claim.Status.APPROVED):
            claim.status = Claim.Status.PAID
            claim.paid_at = now
            claim.save(update_fields=["status", "paid_at"])
            _record(claim, Claim.Status.PAID, actor)
            _email(claim, "involvement/email/status_changed")
            count += 1
    return count


# Finance ------------------------------------------------------------------------------------------


def person_key(claim):
    """One person across claims: their address, else their phone number, else their name."""
    return claim.email.lower() or claim.phone or claim.name.strip().lower()


def finance_report(month, now=None):
    """The approved (and paid) claims of one month (by approval date), with each person's total for
    the tax year of each claim and a warning when it reaches the yearly threshold."""
    start = datetime.date(month.year, month.month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    claims = list(Claim.objects.filter(status__in=Claim.DECIDED, approved_at__date__gte=start,
                                       approved_at__date__lt=end)
                  .select_related("activity", "activity__level").order_by("name", "approved_at", "pk"))
    warning_at = current_settings().yearly_warning
    years = {}
    for claim in claims:
        years.setdefault(tax_year_start(claim.activity.date), set()).add(person_key(claim))
    yearly = defaultdict(lambda: ZERO)
    for year_start, people in years.items():
        year_end = datetime.date(year_start.year + 1, 4, 6)
        for other in Claim.objects.filter(status__in=Claim.DECIDED, activity__date__gte=year_start,
                                          activity__date__lt=year_end):
            if person_key(other) in people:
                yearly[(person_key(other), year_start)] += other.payment_amount
    rows = []
    for claim in claims:
        year_total = yearly[(person_key(claim), tax_year_start(claim.activity.date))]
        rows.append({
            "claim": claim, "tax_year": tax_year_label(claim.activity.date), "year_payments": year_total,
            "warning": year_total >= warning_at,
        })
    return {
        "month": start, "rows": rows, "warning_at": warning_at,
        "payments": sum((c.payment_amount for c in claims), ZERO),
        "expenses": sum((c.expenses_total for c in claims), ZERO),
        "total": sum((c.total for c in claims), ZERO),
    }


FINANCE_HEADER = ["Claim", "Name", "Activity", "Activity date", "Paid by", "Involvement payment", "Declined",
                  "Expenses", "Total", "Status", "Tax year", "Payments this tax year", "Warning"]


def finance_rows(report):
    yield FINANCE_HEADER
    for row in report["rows"]:
        claim = row["claim"]
        yield [claim.pk, claim.name, claim.activity.title, claim.activity.date.isoformat(), claim.activity.paid_by,
               claim.payment_amount, "Yes" if claim.payment_declined else "No", claim.expenses_total, claim.total,
               claim.get_status_display(), row["tax_year"], row["year_payments"],
               f"Reached {format_money(report['warning_at'])}" if row["warning"] else ""]
    yield ["", "Total", "", "", "", report["payments"], "", report["expenses"], report["total"], "", "", "", ""]


# History and e-mail ------------------------------------------------------------------------------------


# Each staff decision is its own action in the audit log, as well as a step in the claim's history.
DECISIONS = {
    Claim.Status.CHECKED: AuditLogEntry.Action.CLAIM_CHECK,
    Claim.Status.APPROVED: AuditLogEntry.Action.CLAIM_APPROVE,
    Claim.Status.RETURNED: AuditLogEntry.Action.CLAIM_RETURN,
    Claim.Status.REJECTED: AuditLogEntry.Action.CLAIM_REJECT,
    Claim.Status.PAID: AuditLogEntry.Action.CLAIM_PAID,
}


def _record(claim, status, actor, reason=""):
    label = (getattr(actor, "email", "") or str(actor)) if actor is not None else ""
    if status in DECISIONS:
        audit(actor, DECISIONS[status], claim.email or claim.phone, source=Claim._meta.label_lower, id=claim.pk,
              **({"reason": reason} if reason else {}))
    return ClaimStatusChange.objects.create(claim=claim, status=status, reason=reason,
                                            actor=actor if getattr(actor, "pk", None) else None, actor_label=label)


def audit_history(claim, limit=100):
    """What staff did with one claim, from the audit log, newest first: who looked at it, its
    receipts, and each decision, with who and when."""
    return list(AuditLogEntry.objects.filter(details__source=Claim._meta.label_lower, details__id=claim.pk)
                .order_by("-created_at", "-pk")[:limit])


def _email(claim, template):
    if not claim.email:
        return None  # staff tell people without e-mail themselves
    return queue_email(claim.email, template, {
        "claim": claim, "activity": claim.activity, "claim_url": claim_url(claim),
        "payment_text": format_money(involvement_payment(claim.activity)[1]),
        "total_text": format_money(claim.total), "site_url": settings.SITE_URL,
    }, reply_to=user_group_email())


# Personal data ------------------------------------------------------------------------------------


def retention_cutoff(claim, years):
    """The day a decided claim may be deleted: `years` after the end of the tax year it was paid
    (or approved, or sent) in."""
    moment = claim.paid_at or claim.approved_at or claim.submitted_at or claim.created_at
    year_start = tax_year_start(timezone.localtime(moment).date())
    return datetime.date(year_start.year + 1 + years, 4, 6)


def expired_claims(now=None):
    """Claims past retention: sent ones `retention_years` after their tax year ends; invitations
    never used, and claims the person withdrew (never paid), a year after the activity."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    years = current_settings().retention_years
    unused = Q(status__in=[Claim.Status.INVITED, Claim.Status.WITHDRAWN],
               activity__date__lt=today - datetime.timedelta(days=INVITATION_RETENTION_DAYS))
    ids = list(Claim.objects.filter(unused).values_list("pk", flat=True))
    for claim in Claim.objects.exclude(status__in=[Claim.Status.INVITED, Claim.Status.WITHDRAWN]).filter(
            created_at__lt=now - datetime.timedelta(days=365 * years)):
        if retention_cutoff(claim, years) <= today:
            ids.append(claim.pk)
    return Claim.objects.filter(pk__in=ids)


def delete_claims(claims):
    """Delete claims with their receipts (files removed once the deletion commits)."""
    claims = list(claims)
    _delete_lines(list(ExpenseLine.objects.filter(claim__in=claims)))
    Claim.objects.filter(pk__in=[claim.pk for claim in claims]).delete()
    return len(claims)


def erase_claims(claims, now=None):
    """Erase a person's claims, keeping what finance must keep.

    Approved and paid claims are financial records: their name, activity, amounts, dates, receipts
    and history are kept until the retention rule deletes them; the e-mail address and phone number
    are removed and the personal link stops working. Every other claim is deleted with its receipts."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for claim in claims:
            if claim.status in Claim.DECIDED:
                claim.email, claim.phone, claim.contact_erased_at = "", "", now
                claim.token = f"erased-{claim.pk}"
                claim.save(update_fields=["email", "phone", "contact_erased_at", "token"])
                count += 1
            else:
                count += delete_claims([claim])
    return count


def _delete_lines(lines):
    files = [(line.receipt.storage, line.receipt.name) for line in lines if line.receipt]
    ExpenseLine.objects.filter(pk__in=[line.pk for line in lines]).delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


# Reach ------------------------------------------------------------------------------------------------


@dataclass
class CoproductionCosts:
    by_activity: list
    by_locality: list
    total: Decimal
    claims: int
    declined: int


def coproduction_costs():
    """What co-production has cost (approved and paid claims) by activity and by locality, and how
    many people who sent a claim said no to the involvement payment."""
    claims = list(Claim.objects.filter(status__in=Claim.DECIDED).select_related("activity"))
    activities, localities = {}, defaultdict(lambda: ZERO)
    for claim in claims:
        row = activities.setdefault(claim.activity_id, {"activity": claim.activity, "claims": 0, "total": ZERO})
        row["claims"] += 1
        row["total"] += claim.total
        localities[claim.activity.locality] += claim.total
    labels = dict(Locality.choices)
    return CoproductionCosts(
        by_activity=sorted(activities.values(), key=lambda row: (-row["total"], str(row["activity"]))),
        by_locality=[{"locality": labels.get(code, "No locality"), "total": total}
                     for code, total in sorted(localities.items(), key=lambda item: (item[0] == "", item[0]))],
        total=sum((claim.total for claim in claims), ZERO),
        claims=len(claims),
        declined=Claim.objects.exclude(status__in=[Claim.Status.INVITED, Claim.Status.REJECTED,
                                                   Claim.Status.WITHDRAWN])
        .filter(payment_declined=True).count(),
    )
