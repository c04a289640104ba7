"""A User Group member claims expenses for a co-design session through their personal link, in a
real browser: wrong input first (a negative amount, a date in the future, parking without its
receipt), which is explained and kept; then a parking receipt and mileage; they say no to the
involvement payment and send it. Staff return it, they correct it and send it again; it is approved
and paid. axe-core checks every state of the page."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from involvement import services
from involvement.models import Activity, Claim, InvolvementLevel, MileageRate, PaymentRate
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory, make_home_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def activity(settings, tmp_path):
    """Co-designing a service two days ago: one half day at £75.00; mileage at 45p a mile."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    make_home_page()
    level = InvolvementLevel.objects.create(name="Co-designing a service", payment_unit="half_day")
    PaymentRate.objects.create(level=level, amount=Decimal("75.00"), valid_from=datetime.date(2020, 4, 1))
    MileageRate.objects.create(amount=Decimal("0.45"), valid_from=datetime.date(2011, 4, 6))
    return Activity.objects.create(title="Respiratory pathway co-design", level=level, units=Decimal("1"),
                                   date=timezone.localdate() - datetime.timedelta(days=2),
                                   paid_by="Walsall Healthcare NHS Trust")


@pytest.fixture
def claim(activity):
    return services.invite(activity, name="Derek Holloway", email="derek.holloway@example.org")


def test_claim_journey_with_wrong_input_kept_and_accessible_in_every_state(page, claim):
    page.goto(f"/involvement/claim/{claim.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim your involvement payment and expenses")
    expect(page.get_by_text("involvement payment of £75.00")).to_be_visible()
    expect(page.get_by_text("may count as income")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an expense").click()
    assert_accessible(page)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    page.get_by_label("Parking").check()
    page.get_by_label("Date", exact=True).fill(tomorrow)
    page.get_by_label("Amount in pounds (not for mileage)").fill("-4.50")
    page.get_by_label("What it was for (optional)").fill("Car park by the hall")
    page.get_by_role("button", name="Add this expense").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The date must be today or in the past.")
    expect(summary).to_contain_text("The amount must be more than £0")
    expect(summary).to_contain_text("Upload a photo or PDF of the receipt or ticket.")
    expect(page.get_by_label("Date", exact=True)).to_have_value(tomorrow)
    expect(page.get_by_label("Amount in pounds (not for mileage)")).to_have_value("-4.50")
    expect(page.get_by_label("What it was for (optional)")).to_have_value("Car park by the hall")
    expect(page.get_by_label("Parking")).to_be_checked()
    assert_accessible(page)

    day = claim.activity.date.strftime("%d/%m/%Y")
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Amount in pounds (not for mileage)").fill("3.50")
    page.get_by_label("Receipt or ticket (optional)").set_input_files(
        files=[{"name": "parking.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Add this expense").click()
    expect(page.get_by_role("cell", name="£3.50", exact=True)).to_be_visible()

    page.get_by_role("link", name="Add an expense").click()
    page.get_by_label("Mileage (own car)").check()
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Miles (mileage only)").fill("10")
    page.get_by_role("button", name="Add this expense").click()
    expect(page.get_by_role("cell", name="£4.50", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send my claim").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No, I do not want it").check()
    page.get_by_role("button", name="Send my claim").click()
    expect(page.get_by_text("You said no to it")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("£8.00")
    assert_accessible(page)

    staff = UserFactory()
    services.return_claim(claim, staff, "Please check the mileage: the hall is 6 miles from you.")
    page.reload()
    expect(page.get_by_text("Please check the mileage").first).to_be_visible()
    expect(page.get_by_label("No, I do not want it")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Remove Mileage (own car), £4.50").click()
    page.get_by_role("link", name="Add an expense").click()
    page.get_by_label("Mileage (own car)").check()
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Miles (mileage only)").fill("12")
    page.get_by_role("button", name="Add this expense").click()
    page.get_by_role("button", name="Send my claim again").click()
    expect(page.locator("#status")).to_contain_text("£8.90")

    claim.refresh_from_db()
    services.approve_claim(claim, staff)
    page.reload()
    expect(page.locator("#status")).to_contain_text("Approved")
    assert_accessible(page)
    services.mark_paid([claim], staff)
    page.reload()
    expect(page.locator("#status")).to_contain_text("Paid")
    assert_accessible(page)
    assert Claim.objects.get().total == Decimal("8.90")


def test_a_person_withdraws_their_claim_after_confirming_and_every_state_is_accessible(page, claim):
    page.goto(f"/involvement/claim/{claim.token}/")
    page.get_by_label("Yes, pay me the involvement payment").check()
    page.get_by_role("button", name="Send my claim").click()
    expect(page.locator("#status")).to_contain_text("Submitted")

    page.get_by_role("link", name="Withdraw your claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to withdraw your claim?")
    assert_accessible(page)
    page.get_by_role("link", name="No, keep my claim").click()
    expect(page.locator("#status")).to_contain_text("Submitted")

    page.get_by_role("link", name="Withdraw your claim").click()
    page.get_by_role("button", name="Yes, withdraw my claim").click()
    expect(page.locator("#status")).to_contain_text("Withdrawn")
    expect(page.get_by_text("You withdrew this claim, so we will not pay it.")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw your claim")).to_have_count(0)
    assert_accessible(page)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


def test_a_rejected_claim_shows_the_reason_accessibly(page, claim):
    services.submit_claim(claim, decline_payment=False)
    services.reject_claim(claim, UserFactory(), "You did not take part in this session.")
    page.goto(f"/involvement/claim/{claim.token}/")
    expect(page.locator("#status")).to_contain_text("Rejected")
    expect(page.locator("#status")).to_contain_text("You did not take part in this session.")
    assert_accessible(page)
