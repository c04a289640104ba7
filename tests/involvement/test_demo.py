"""The involvement demo: levels and rates, and two User Group members' claims for the November
2020 respiratory workshop."""
from decimal import Decimal

import pytest
from django.test import override_settings

from base.demo.loader import load_demo_content
from involvement.models import Claim, InvolvementLevel, MileageRate

pytestmark = pytest.mark.django_db
LOADERS = ["events.demo.load_demo", "involvement.demo.load_demo"]


def test_demo_claims_for_the_november_2020_respiratory_workshop(db, client):
    with override_settings(DEMO_CONTENT_LOADERS=LOADERS, PRODUCTION=False):
        report = load_demo_content()
        again = load_demo_content()

    assert "Involvement demo claims: 2 created" in report.app_lines
    assert "Involvement demo claims: 0 created" in again.app_lines
    assert InvolvementLevel.objects.get(name="Taking part in a survey").payment_unit == "none"
    derek = Claim.objects.get(email="derek.holloway@example.org")
    tom = Claim.objects.get(email="tom.bradley@example.org")
    assert derek.activity.event.title == "Respiratory Virtual Workshop"
    # 1.5 hours at £20 an hour, the rate in force on 19 November 2020.
    assert (derek.status, derek.payment_amount, derek.flags) == (Claim.Status.APPROVED, Decimal("30.00"), [])
    assert (tom.status, tom.payment_declined, tom.total) == (Claim.Status.SUBMITTED, True, Decimal("6.30"))
    page = client.get(f"/involvement/claim/{tom.token}/").content.decode()
    assert "You said no to it" in page and "£6.30" in page


def test_no_demo_claims_in_production(db):
    MileageRate.objects.all().delete()
    with override_settings(DEMO_CONTENT_LOADERS=LOADERS, PRODUCTION=True):
        load_demo_content()
    assert InvolvementLevel.objects.count() == 4
    assert [(rate.amount, f"{rate.valid_from}") for rate in MileageRate.objects.all()] == [
        (Decimal("0.45"), "2011-04-06")]
    assert not Claim.objects.exists()
