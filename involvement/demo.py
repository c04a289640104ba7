"""Demo content: the involvement levels and their rates, the November 2020 Respiratory Virtual
Workshop as an activity for User Group members, and (never in production) two User Group members'
claims for it: Derek Holloway's, approved, and Tom Bradley's, who said no to the involvement payment
and claimed his mileage (he drove to the Healthwatch Walsall office to join the workshop there).

Idempotent: levels, rates and the activity are matched by name and date; a claim is only created
when there is none for its address and activity. Names are invented (the User Group demo's), every
address is at example.org, and the rates are examples for staff to replace.
"""
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from events.demo import RESPIRATORY_2020
from events.models import EventPage

from . import services
from .models import Activity, Claim, ExpenseLine, InvolvementLevel, MileageRate, PaymentRate

LONDON = ZoneInfo("Europe/London")
Unit = InvolvementLevel.Unit

# (name, description, payment unit, expenses, [(rate, from)])
LEVELS = [
    ("Taking part in a survey", "Answering a survey or giving feedback online or on paper.", Unit.NONE, False, []),
    ("Attending a workshop", "Coming to a public workshop or event to share your views.", Unit.NONE, True, []),
    ("User Group workshop or panel", "Taking part as a User Group member in a workshop, a panel or an interview "
     "panel that shapes a service.", Unit.HOUR, True,
     [(Decimal("20.00"), datetime.date(2020, 4, 1)), (Decimal("25.00"), datetime.date(2024, 4, 1))]),
    ("Co-designing a service", "Working with staff to design or redesign a service over several meetings.",
     Unit.HALF_DAY, True,
     [(Decimal("75.00"), datetime.date(2020, 4, 1)), (Decimal("87.50"), datetime.date(2024, 4, 1))]),
]
# HMRC's approved mileage rate for the first 10,000 miles a year, unchanged since 6 April 2011.
MILEAGE_RATES = [(Decimal("0.45"), datetime.date(2011, 4, 6))]
PAID_BY = "Walsall Healthcare NHS Trust"
WORKSHOP_DAY = datetime.date(2020, 11, 19)


def load_demo():
    load_levels()
    activity = load_activity()
    lines = [f"Involvement payments: {InvolvementLevel.objects.count()} levels, "
             f"{PaymentRate.objects.count()} rates, {MileageRate.objects.count()} mileage rates, activity \"{activity.title}\"."]
    if not getattr(settings, "PRODUCTION", True):
        lines.append(f"Involvement demo claims: {load_claims(activity)} created")
    return lines


def load_levels():
    for order, (name, description, unit, expenses, rates) in enumerate(LEVELS):
        level, _ = InvolvementLevel.objects.get_or_create(name=name, defaults={
            "description": description, "payment_unit": unit, "pays_expenses": expenses, "sort_order": order})
        for amount, valid_from in rates:
            PaymentRate.objects.get_or_create(level=level, valid_from=valid_from, defaults={"amount": amount})
    for amount, valid_from in MILEAGE_RATES:
        MileageRate.objects.get_or_create(valid_from=valid_from, defaults={"amount": amount})


def load_activity():
    event = EventPage.objects.filter(slug=RESPIRATORY_2020["slug"]).first()
    activity, _ = Activity.objects.get_or_create(
        title="Respiratory Virtual Workshop: User Group members", date=WORKSHOP_DAY, defaults={
            "kind": Activity.Kind.EVENT, "event": event, "units": Decimal("1.5"), "paid_by": PAID_BY,
            "level": InvolvementLevel.objects.get(name="User Group workshop or panel"),
        })
    return activity


def load_claims(activity):
    """Attendance records of 2020 have long been anonymised (events keep them 90 days), so the
    claims are made as staff would for people they invited themselves."""
    created = 0
    sent_on = datetime.datetime(2020, 11, 23, 10, 0, tzinfo=LONDON)
    approved_on = datetime.datetime(2020, 11, 30, 14, 0, tzinfo=LONDON)
    people = [("Derek Holloway", "derek.holloway@example.org", False, None),
              ("Tom Bradley", "tom.bradley@example.org", True, Decimal("14"))]
    for name, email, declines, miles in people:
        if Claim.objects.filter(activity=activity, email=email).exists():
            continue
        with transaction.atomic():
            claim = services.invite(activity, name=name, email=email)
            if miles:
                services.add_expense(claim, kind=ExpenseLine.Kind.MILEAGE, day=WORKSHOP_DAY, miles=miles,
                                     description="Home to the Healthwatch Walsall office and back, to join "
                                                 "the workshop there")
            services.submit_claim(claim, decline_payment=declines, now=sent_on)
            if not declines:
                services.approve_claim(claim, None, now=approved_on)
            for status, moment in ((Claim.Status.INVITED, sent_on), (Claim.Status.SUBMITTED, sent_on),
                                   (Claim.Status.APPROVED, approved_on)):
                claim.history.filter(status=status).update(changed_at=moment)
            Claim.objects.filter(pk=claim.pk).update(created_at=sent_on)
        created += 1
    return created
