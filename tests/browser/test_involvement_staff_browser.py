"""Staff who decide involvement claims, in a real browser: the dashboard count of claims waiting
for a decision, the claims queue with its filters, a claim's page with its decisions, returning
one without a reason (explained beside the box) and with one, approving, the finance export with
its hand-worked totals, and entering a claim for someone without e-mail with a wrong amount first.
axe-core (WCAG 2.2 AA) checks every screen and every state."""
import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import HEALTHWATCH_STAFF
from involvement import services
from involvement.models import Claim, ExpenseLine
from tests.browser.conftest import assert_accessible, signed_in_browser
from tests.browser.test_involvement_browser import PDF, activity  # noqa: F401 - a fixture
from tests.factories import UserFactory, activate_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sent_claims(activity):
    """Pat: the £75.00 payment and £3.50 parking. Sam: said no to the payment, 10 miles (£4.50)."""
    pat = services.invite(activity, name="Pat Jones", email="pat.jones@example.org")
    services.add_expense(pat, kind=ExpenseLine.Kind.PARKING, day=activity.date, amount=Decimal("3.50"),
                         receipt=SimpleUploadedFile("parking.pdf", PDF, content_type="application/pdf"))
    sam = services.invite(activity, name="Sam Smith", email="sam.smith@example.org")
    services.add_expense(sam, kind=ExpenseLine.Kind.MILEAGE, day=activity.date, miles=Decimal("10"))
    return services.submit_claim(pat, decline_payment=False), services.submit_claim(sam, decline_payment=True)


def sign_in_staff(page, live_server):
    return signed_in_browser(page, live_server, activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF])))


def test_staff_find_return_and_approve_claims_and_export_them_for_finance(page, live_server, activity):
    pat, sam = sent_claims(activity)
    staff = sign_in_staff(page, live_server)

    page.goto("/admin/")
    waiting = page.get_by_role("link", name=re.compile(r"^2 claims .*waiting for a decision"))
    expect(waiting).to_be_visible()
    assert_accessible(page)
    waiting.click()

    # The queue, waiting for a decision; then filtered by person and by month.
    expect(page.get_by_role("link", name="Pat Jones")).to_be_visible()
    expect(page.get_by_role("link", name="Sam Smith")).to_be_visible()
    expect(page.get_by_role("cell", name="£78.50")).to_be_visible()
    assert_accessible(page)
    page.goto("/admin/involvement-claims/?status=waiting&person=sam.smith%40example.org")
    expect(page.get_by_role("link", name="Sam Smith")).to_be_visible()
    expect(page.get_by_role("link", name="Pat Jones")).to_have_count(0)
    expect(page.get_by_role("cell", name="Declined")).to_be_visible()
    assert_accessible(page)
    page.goto("/admin/involvement-claims/?month=2019-01")
    expect(page.get_by_role("link", name="Pat Jones")).to_have_count(0)
    assert_accessible(page)

    # A claim's page: its decisions. Returning it without a reason is explained, not done.
    page.goto(f"/admin/involvement-claims/?status=waiting&activity={activity.pk}")
    page.get_by_role("link", name="Pat Jones").click()
    expect(page.get_by_role("heading", name="Decide")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    expect(page.get_by_role("link", name="parking.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Return", exact=True).click()
    expect(page.get_by_text("Give the reason: the person will read it.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reason (the person reads it)").fill("The parking ticket is for the day before.")
    page.get_by_role("button", name="Return", exact=True).click()
    expect(page.get_by_text("Returned to Pat Jones, who has been told why.").first).to_be_visible()
    expect(page.get_by_role("cell", name="Returned an involvement claim: The parking ticket is for the day before.")
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Decide")).to_have_count(0)
    assert_accessible(page)
    pat.refresh_from_db()
    assert pat.status == Claim.Status.RETURNED

    # Pat corrects it and sends it again; it is approved, with who and when in its history.
    services.submit_claim(pat, decline_payment=False)
    page.reload()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: £78.50 for Pat Jones.").first).to_be_visible()
    expect(page.get_by_role("cell", name="Approved an involvement claim")).to_be_visible()
    expect(page.get_by_role("cell", name=staff.email).first).to_be_visible()
    assert_accessible(page)
    services.approve_claim(sam, staff)

    # The finance export: hand-worked totals. Payments £75.00; expenses £3.50 + £4.50 = £8.00.
    page.goto("/admin/involvement-claims/finance/")
    footer = page.locator("tfoot")
    expect(footer).to_contain_text("£75.00")
    expect(footer).to_contain_text("£8.00")
    expect(footer).to_contain_text("£83.00")
    expect(page.get_by_role("row", name=re.compile("Sam Smith"))).to_contain_text("Declined")
    assert_accessible(page)
    page.get_by_role("button", name="Mark 2 approved claims paid").click()
    expect(page.get_by_text("2 claims marked paid.").first).to_be_visible()
    assert_accessible(page)
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.PAID}


def test_staff_enter_a_claim_for_someone_without_email_with_wrong_input_first(page, live_server, activity):
    sign_in_staff(page, live_server)

    page.goto("/admin/involvement-claims/add/")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Activity").select_option(label=str(activity))
    page.get_by_label("Name").fill("Kwame Mensah")
    page.get_by_label("Phone number (optional)").fill("07700 900461")
    page.get_by_role("button", name="Continue").click()

    # An expense with a negative amount, a date in the future and no receipt: explained, and kept.
    expect(page.get_by_role("heading", name="Add an expense")).to_be_visible()
    assert_accessible(page)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    date_box = page.locator("#id_expense-date")
    page.get_by_label("Parking").check()
    date_box.fill(tomorrow)
    page.get_by_label("Amount in pounds").fill("-2.00")
    page.get_by_role("button", name="Add this expense").click()
    expect(page.get_by_text("The date must be today or in the past.")).to_be_visible()
    expect(page.get_by_text("The amount must be more than £0, for example 12.50.")).to_be_visible()
    expect(page.get_by_text("Upload a photo or PDF of the receipt or ticket.")).to_be_visible()
    expect(date_box).to_have_value(tomorrow)
    expect(page.get_by_label("Amount in pounds")).to_have_value("-2.00")
    expect(page.get_by_label("Parking")).to_be_checked()
    assert_accessible(page)

    date_box.fill(activity.date.strftime("%d/%m/%Y"))
    page.get_by_label("Amount in pounds").fill("2.00")
    page.get_by_label("Receipt or ticket").set_input_files(
        files=[{"name": "parking.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Add this expense").click()
    expect(page.get_by_role("cell", name="£2.00")).to_be_visible()
    page.get_by_label("How did they claim?").select_option(label="Phone")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send the claim").click()

    expect(page.get_by_text("Claim sent for Kwame Mensah.").first).to_be_visible()
    expect(page.get_by_text("Phone (entered by")).to_be_visible()
    assert_accessible(page)
    claim = Claim.objects.get(name="Kwame Mensah")
    assert (claim.status, claim.channel, claim.total) == (Claim.Status.SUBMITTED, "phone", Decimal("77.00"))
