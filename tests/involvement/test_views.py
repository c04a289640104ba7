"""The person's claim journey through the personal link, with the Django test client."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from involvement import services
from involvement.models import Claim, ExpenseLine
from mailer.models import OutgoingEmail

from .conftest import receipt

pytestmark = pytest.mark.django_db


def claim_path(claim):
    return reverse("involvement:claim", args=[claim.token])


def expense_path(claim):
    return reverse("involvement:add_expense", args=[claim.token])


def test_the_claim_page_offers_the_payment_says_why_it_may_count_as_income_and_never_asks_for_bank_details(
        client, claim):
    response = client.get(claim_path(claim))
    page = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    assert "involvement payment of <strong>£60.00</strong>" in page
    assert "may count as income" in page and "Citizens Advice" in page
    assert "We never ask for your bank details" in page and "Walsall Healthcare NHS Trust" in page


def test_an_unknown_link_is_not_found(client, db):
    assert client.get(reverse("involvement:claim", args=["no-such-token"])).status_code == 404


def test_wrong_expense_input_is_explained_and_what_was_typed_is_kept(client, claim):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(expense_path(claim), {
        "kind": "parking", "date": tomorrow, "amount": "-4.50", "description": "Car park by the hall",
    })
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The date must be today or in the past." in page
    assert "The amount must be more than £0" in page
    assert "Upload a photo or PDF of the receipt or ticket." in page
    assert f'value="{tomorrow}"' in page and 'value="-4.50"' in page and 'value="Car park by the hall"' in page
    assert not ExpenseLine.objects.exists()


def test_a_fake_receipt_is_refused(client, claim):
    response = client.post(expense_path(claim), {
        "kind": "parking", "date": claim.activity.date.strftime("%d/%m/%Y"), "amount": "3.50",
        "receipt": receipt("ticket.pdf", b"<html><body>not a pdf</body></html>"),
    })
    assert "This file is not a real" in response.content.decode()
    assert not ExpenseLine.objects.exists()


def test_claiming_mileage_and_declining_the_payment(client, claim):
    response = client.post(expense_path(claim), {
        "kind": "mileage", "date": claim.activity.date.strftime("%d/%m/%Y"), "miles": "12",
    })
    assert response.status_code == 302
    page = client.get(claim_path(claim)).content.decode()
    assert "Mileage (own car) (12.0 miles)" in page and "£5.40" in page

    response = client.post(claim_path(claim), {})
    assert "Select yes or no for the involvement payment" in response.content.decode()

    response = client.post(claim_path(claim), {"payment": "decline"}, follow=True)
    page = response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.payment_declined
    assert "You said no to it" in page and "£5.40" in page
    assert OutgoingEmail.objects.filter(to="pat.jones@example.org", subject__startswith="We have your claim").exists()


def test_a_returned_claim_shows_the_reason_and_can_be_sent_again(client, claim, staff):
    services.add_expense(claim, kind=ExpenseLine.Kind.PARKING, day=claim.activity.date, amount=Decimal("30"),
                         receipt=receipt())
    services.submit_claim(claim, decline_payment=False)
    services.return_claim(claim, staff, "The receipt shows £3.00.")

    page = client.get(claim_path(claim)).content.decode()
    assert "We returned your claim" in page and "The receipt shows £3.00." in page
    assert 'value="accept" checked' in page  # their earlier answer

    line = claim.expenses.get()
    client.post(reverse("involvement:remove_expense", args=[claim.token, line.pk]))
    client.post(expense_path(claim), {"kind": "parking", "date": claim.activity.date.strftime("%d/%m/%Y"),
                                      "amount": "£3.00", "receipt": receipt()})
    client.post(claim_path(claim), {"payment": "accept"})

    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.total == Decimal("63.00")


def test_a_sent_claim_cannot_be_changed_through_the_link(client, claim):
    services.submit_claim(claim, decline_payment=False)
    response = client.post(expense_path(claim), {"kind": "mileage", "date": "01/01/2020", "miles": "5"})
    assert response.status_code == 302
    assert not ExpenseLine.objects.exists()
    assert "Add an expense" not in client.get(claim_path(claim)).content.decode()


def test_the_same_expense_sent_twice_is_added_once(client, claim):
    form = client.get(expense_path(claim)).content.decode()
    token = form.split('name="submission_token" value="')[1].split('"')[0]
    data = {"kind": "mileage", "date": claim.activity.date.strftime("%d/%m/%Y"), "miles": "8",
            "submission_token": token}
    client.post(expense_path(claim), data)
    client.post(expense_path(claim), data)
    assert claim.expenses.count() == 1


def test_a_person_withdraws_a_sent_claim_after_confirming_and_staff_see_it_withdrawn(client, claim, staff):
    client.post(claim_path(claim), {"payment": "accept"})
    page = client.get(claim_path(claim)).content.decode()
    withdraw_path = reverse("involvement:withdraw", args=[claim.token])
    assert withdraw_path in page

    confirm = client.get(withdraw_path)
    assert "Are you sure you want to withdraw your claim?" in confirm.content.decode()
    assert "no-store" in confirm["Cache-Control"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED  # asking is not withdrawing

    response = client.post(withdraw_path)
    assert response.status_code == 302 and response["Location"].endswith("#status")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN
    page = client.get(claim_path(claim)).content.decode()
    assert "Withdrawn" in page and "we will not pay it" in page and withdraw_path not in page
    assert OutgoingEmail.objects.filter(to=claim.email, subject__startswith="You have withdrawn").exists()
    with pytest.raises(services.ClaimError):
        services.approve_claim(claim, staff)


def test_an_approved_claim_offers_no_withdrawal(client, claim, staff):
    services.submit_claim(claim, decline_payment=False)
    services.approve_claim(claim, staff)
    withdraw_path = reverse("involvement:withdraw", args=[claim.token])

    assert withdraw_path not in client.get(claim_path(claim)).content.decode()
    assert client.post(withdraw_path).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
