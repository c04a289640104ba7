"""Fuzz every public form with malformed input (hypothesis): the contact form, event booking,
the User Group application, the newsletter sign-up (and the sign-up block that posts to it),
the engagement response form and staff sign-in.

Each test starts from a valid payload and breaks fields of it (or builds one from nothing),
after the classic examples every run tries (NUL characters, an over-long address, lists for
single values). For every example: the answer is never a server error (nor any status a public
page should not give), and nothing half-made is stored: either the record counts are unchanged
(the form came back with its errors, or was quietly ignored), or the input happened to be valid
and exactly one complete submission was stored, with the page that says so.
"""
import uuid

import pytest
from hypothesis import given

from base.models import ContactMessage, ContactPage
from engagement.models import Answer, EqualityMonitoring, Response, UserGroupApplication
from events.models import Booking
from newsletters.models import Subscriber, Subscription
from privacy.models import ConsentRecord
from tests.engagement.applying import CHECK_URL as JOIN_CHECK_URL
from tests.engagement.applying import answer_every_question
from tests.engagement.conftest import question_ids, topic
from tests.events.booking import answer_every_question as answer_every_booking_question
from tests.events.booking import check_url as booking_check_url
from tests.engagement.responding import answer_every_question as answer_every_question_of_response
from tests.factories import UserFactory, make_page

from .fuzzing import (
    FUZZ, HUGE_INTEGERS, LONG_EMAIL, NASTY, apply_edits, assert_answered_properly, check_submission, each_example_alone,
    form_edits,
    with_classic_examples,
)

pytestmark = pytest.mark.django_db

TOKEN = str(uuid.uuid4())
HUGE_CHOICES = [[huge] for huge in HUGE_INTEGERS] + [["1", HUGE_INTEGERS[0]]]
EMAILS = ["sam@example.org", "SAM@EXAMPLE.ORG ", LONG_EMAIL, "sam@example.org\x00", "sam@", "sam@exa mple.org",
          "sam@example.org,bo@example.org", "\u202esam@example.org"]


# Contact form ---------------------------------------------------------------------------------

CONTACT_VALID = {"name": "Sam Carer", "email": "sam.carer@example.org", "subject": "Parking",
                 "message": "Is there parking?", "consent": "on", "submission_token": TOKEN}
CONTACT_ALTERNATIVES = {"email": EMAILS, "consent": ["", "off", "0", "false"],
                        "submission_token": ["not-a-uuid", TOKEN.upper(), "\x00"]}


@pytest.fixture
def contact_page(home_page):
    return make_page(home_page, ContactPage, title="Contact us", slug="contact")


@FUZZ
@with_classic_examples(text_fields=["name", "subject", "message", "submission_token"], email_fields=["email"],
                       choice_fields=["consent"])
@given(changes=form_edits(CONTACT_VALID, CONTACT_ALTERNATIVES))
def test_contact_form(client, contact_page, changes):
    models = (ContactMessage, ConsentRecord)

    def stored(response, change):
        # Valid after all: the thanks page, one message with its consent.
        assert "Message sent" in response.content.decode()
        assert change == {"ContactMessage": 1, "ConsentRecord": 1}

    check_submission(models, lambda: client.post(contact_page.url, apply_edits(CONTACT_VALID, changes)), stored)


# Event booking ---------------------------------------------------------------------------------

BOOKING_VALID = {"name": "Sam Carer", "email": "sam.carer@example.org", "phone": "", "role": "carer",
                 "companions": "1", "access_needs": ["bsl"], "access_needs_other": "", "consent": "on"}
BOOKING_ALTERNATIVES = {
    "email": EMAILS, "role": ["resident", "carer", "professional", "admin", "", "carer\x00"],
    "companions": ["0", "1", "2", "-1", "1e309", "NaN", " 1", "١"],
    "access_needs": [["bsl", "large_print"], ["step_free"], ["nope"], "bsl", ["bsl", "bsl"], [""]],
    "phone": ["01632 960 001", "+44 7700 900982", "0" * 41, "(((((((", "07700\x00900982"],
}


@FUZZ
@with_classic_examples(text_fields=["name", "phone", "access_needs_other"], email_fields=["email"],
                       choice_fields=["role", "companions"])
@given(changes=form_edits(BOOKING_VALID, BOOKING_ALTERNATIVES))
def test_event_booking_form(client, event, changes):
    models = (Booking, ConsentRecord)

    def stored(response, change):
        # Booked: to the booking's own page; a booking of this event, with its consent.
        booking = Booking.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/booking/{booking.token}/")
        assert booking.event_id == event.pk and booking.name.strip() and "@" in booking.email
        assert change == {"Booking": 1, "ConsentRecord": 1}

    def post():
        """Every question page in turn (each answered properly), then "Book my place"."""
        client.cookies.clear()  # a new person: a new session
        response = answer_every_booking_question(client, event, apply_edits(BOOKING_VALID, changes),
                                                 each=assert_answered_properly)
        if response.status_code == 200 and "Check your answers" in response.content.decode():
            response = client.post(booking_check_url(event), {"expected": "place"})
        return response

    check_submission(models, post, stored)


# User Group application -------------------------------------------------------------------------

JOIN_VALID = {"name": "Sam Resident", "email": "sam.resident@example.org", "phone": "",
              "preferred_contact": "email", "postcode": "ws3 2pn", "pathways": "<Diabetes>",
              "lived_experience": "patient", "participation": ["meetings", "surveys"], "availability": ["weekend"],
              "heard_about": "one_walsall", "consent": "on", "access_needs": "",
              "equality-ethnic_group": "indian", "equality-consent": "on"}
JOIN_ALTERNATIVES = {
    "email": EMAILS, "phone": ["07700900123", "+44 7700 900123", "0" * 31, "07700\x00900123", "999"],
    "postcode": ["WS1 1AA", "WS1", "ZZ99 9ZZ", "ws3\x002pn", "W" * 11], "preferred_contact": ["phone", "post", ""],
    "pathways": [["999999"], ["-1"], ["abc"], ["1e309"], ["\x00"], *HUGE_CHOICES], "programme_areas": HUGE_CHOICES,
    "participation": [["meetings"], ["nope"], []], "locality": ["north", "east", "atlantis", ""],
    "equality-ethnic_group": ["prefer_not_to_say", "martian", ""], "equality-consent": ["", "on"],
    "heard_about": ["other", "nope"], "locality_from_postcode": ["True", "False", "maybe"],
}


def join_payload(changes):
    data = apply_edits(JOIN_VALID, changes)
    if data.get("pathways") == "<Diabetes>":
        data["pathways"] = [str(topic("Diabetes").pk)]
    return data


@FUZZ
@with_classic_examples(text_fields=["name", "phone", "postcode", "access_needs", "heard_about_other"],
                       email_fields=["email"], choice_fields=["preferred_contact", "pathways", "programme_areas"])
@given(changes=form_edits(JOIN_VALID, JOIN_ALTERNATIVES))
def test_user_group_application_form(client, join_page, changes):
    models = (UserGroupApplication, EqualityMonitoring, ConsentRecord)

    def stored(response, change):
        # Sent: the confirmation page, one application with its consent; equality answers only
        # with an application.
        assert "Application sent" in response.content.decode()
        assert change.get("UserGroupApplication") == 1 and change.get("ConsentRecord", 0) >= 1
        assert change.get("EqualityMonitoring", 0) in (0, 1)
        application = UserGroupApplication.objects.get()
        assert application.name.strip() and (application.email or application.phone)

    def post():
        """Every question page in turn (each answered properly), then "Send application"."""
        client.cookies.clear()  # a new person: a new session
        response = answer_every_question(client, join_payload(changes), each=assert_answered_properly)
        if response.status_code == 200 and "Check your answers" in response.content.decode():
            response = client.post(JOIN_CHECK_URL, follow=True)
        return response

    check_submission(models, post, stored)


# Newsletter sign-up (the page's form, and the sign-up block's form, which posts to the page) -------

SIGN_UP_VALID = {"email": "sam@example.org", "name": "Sam Resident", "consent": "on", "source": "/get-involved/",
                 "submission_token": TOKEN, "lists": "<first list>"}
SIGN_UP_ALTERNATIVES = {
    "email": EMAILS, "lists": [["999999"], ["-1"], ["abc"], ["1", "2"], "1", ["\x00"], ["1e309"], [], *HUGE_CHOICES],
    "source": ["//evil.example/", "https://evil.example/", "/" + "x" * 400, "/a\x00b", "\\\\evil", ""],
}


@FUZZ
@with_classic_examples(text_fields=["name", "source"], email_fields=["email"], choice_fields=["lists"])
@given(changes=form_edits(SIGN_UP_VALID, SIGN_UP_ALTERNATIVES))
def test_newsletter_sign_up_form(client, signup_page, lists, changes):
    models = (Subscriber, Subscription, ConsentRecord)
    data = apply_edits(SIGN_UP_VALID, changes)
    if data.get("lists") == "<first list>":
        data["lists"] = [str(lists[0].pk)]

    def stored(response, change):
        # Signed up: to "check your e-mail"; one subscriber waiting to confirm each list chosen
        # (consent is recorded only when they confirm).
        assert response.status_code == 302 and response["Location"] == f"{signup_page.url}check-your-email/"
        subscriber = Subscriber.objects.get()
        assert change == {"Subscriber": 1, "Subscription": subscriber.subscriptions.count()}
        assert set(subscriber.subscriptions.values_list("status", flat=True)) == {Subscription.Status.PENDING}

    check_submission(models, lambda: client.post(signup_page.url, data), stored)


# Engagement exercise response ------------------------------------------------------------------

RESPONSE_VALID = {"text": "Please join up my care.", "choice": ["Hospital"], "rating": "4", "private": "",
                  "locality": "west", "publish_consent": "anonymous", "display_name": "", "email": "",
                  "website": ""}
RESPONSE_ALTERNATIVES = {
    "choice": [["GP practice", "Hospital"], ["Mars"], "Hospital", []], "rating": ["1", "5", "0", "6", "x"],
    "text": ["", " ", "x" * 5001, "\x00"], "private": ["Private\x00", "y" * 5001],
    "publish_consent": ["named", "no", "anonymous\x00", ""], "display_name": ["Sam", "s" * 61, "\x00"],
    "email": EMAILS, "wants_updates": ["on", ""], "locality": ["north", "narnia"],
    "website": ["http://spam.example", " "], "equality-age_band": ["45_54", "200"], "equality-consent": ["on"],
}


@FUZZ
@with_classic_examples(text_fields=["text", "private", "display_name"], email_fields=["email"],
                       choice_fields=["choice", "rating", "publish_consent"])
@given(changes=form_edits(RESPONSE_VALID, RESPONSE_ALTERNATIVES))
def test_engagement_response_form(client, exercise, changes):
    questions = {kind: f"q_{value.replace('-', '')}" for kind, value in question_ids(exercise).items()}
    models = (Response, Answer, EqualityMonitoring)

    def stored(response, change):
        # Sent: the thanks page; one response with an answer for every question answered.
        assert "Response sent" in response.content.decode()
        saved = Response.objects.get()
        assert saved.exercise_id == exercise.pk
        assert change["Response"] == 1 and change["Answer"] == saved.answers.count() >= 1
        assert change.get("EqualityMonitoring", 0) in (0, 1)

    def post():
        """Every question page in turn (each answered properly), then "Send my response"."""
        client.cookies.clear()  # a new person: a new session
        data = apply_edits(RESPONSE_VALID, changes, rename=questions)
        response = answer_every_question_of_response(client, exercise, data, each=assert_answered_properly)
        if response.status_code == 200 and "Check your answers" in response.content.decode():
            response = client.post(f"{exercise.url}respond/check/", follow=True)
        return response

    check_submission(models, post, stored)


# Staff sign-in ---------------------------------------------------------------------------------

LOGIN_VALID = {"login": "staff@walsallhealthcare.nhs.uk", "password": "correct-horse-battery", "remember": "on"}


@pytest.fixture
def staff_user(db):
    return UserFactory(email=LOGIN_VALID["login"], mfa=True)


@FUZZ
@with_classic_examples(text_fields=["password"], email_fields=["login"], choice_fields=["remember"])
@given(changes=form_edits(LOGIN_VALID, {"login": EMAILS + NASTY[:10], "password": ["x" * 5000, "\x00", ""],
                                        "remember": ["on", "off", "\x00"]}))
def test_sign_in_form(client, home_page, staff_user, changes):
    with each_example_alone():
        response = client.post("/accounts/login/", apply_edits(LOGIN_VALID, changes))
        assert_answered_properly(response)
        # Even the right password only leads on to the authenticator step: never signed in by junk.
        assert "_auth_user_id" not in client.session
    client.cookies.clear()


# Asking for a publication in another format ---------------------------------------------------

FORMAT_VALID = {"format": "language", "language": "Polish", "details": "", "name": "Sam Carer", "reply_by": "email",
                "email": "sam.carer@example.org", "phone": "", "address": "", "keep_need": "on",
                "submission_token": TOKEN}
FORMAT_ALTERNATIVES = {
    "format": ["large_print", "other", "bsl", "", "language\x00", ["audio", "braille"]],
    "reply_by": ["phone", "post", "email", "pigeon", ""], "email": EMAILS,
    "phone": ["01632 960 001", "+44 7700 900982", "0" * 41, "(((((((", "07700\x00900982"],
    "address": ["1 High Street\r\nWalsall WS1 1AA", "x" * 501, ""], "keep_need": ["", "off", "0", "false"],
}


# Involvement claims: one expense, and sending the claim ----------------------------------------

EXPENSE_VALID = {"kind": "mileage", "date": "<activity day>", "miles": "8", "amount": "", "description": "",
                 "submission_token": TOKEN}
EXPENSE_ALTERNATIVES = {
    "kind": ["parking", "care", "other", "public_transport", "nope", ""],
    "date": ["31/02/2020", "2020-13-01", "19 11 2020", "01/01/1900", "01/01/9999", "tomorrow", "١٩/١١/٢٠٢٠"],
    "miles": ["-1", "0", "1e309", "NaN", "99999999", "12.345", " 8 ", "Infinity"],
    "amount": ["-4.50", "£3", "1,000.005", "NaN", "3.001", "99999.99", "1e5", "£-0"],
    "description": ["Agreed with Jo beforehand", "x" * 301],
}


@pytest.fixture
def format_request_url(home_page):
    from django.urls import reverse

    from tests.accessible_formats.conftest import make_publication

    return reverse("accessible_formats:request", args=[make_publication(home_page).pk])


@FUZZ
@with_classic_examples(text_fields=["language", "details", "name", "phone", "address", "submission_token"],
                       email_fields=["email"], choice_fields=["format", "reply_by", "keep_need"])
@given(changes=form_edits(FORMAT_VALID, FORMAT_ALTERNATIVES))
def test_format_request_form(client, format_request_url, changes):
    from accessible_formats.models import CommunicationNeed, FormatRequest

    models = (FormatRequest, CommunicationNeed, ConsentRecord)

    def stored(response, change):
        # Sent: to its confirmation; one request, and the need and consent only if they agreed.
        assert response.status_code == 302 and "/other-formats/sent/" in response["Location"]
        assert change["FormatRequest"] == 1
        assert change.get("CommunicationNeed", 0) in (0, 1) and change.get("ConsentRecord", 0) <= 1

    check_submission(models, lambda: client.post(format_request_url, apply_edits(FORMAT_VALID, changes)), stored)


@pytest.fixture
def involvement_claim(db):
    import datetime
    from decimal import Decimal

    from involvement.models import Activity, InvolvementLevel, MileageRate, PaymentRate
    from involvement.services import invite

    level = InvolvementLevel.objects.create(name="Co-designing a service", payment_unit="half_day")
    PaymentRate.objects.create(level=level, amount=Decimal("75.00"), valid_from=datetime.date(2020, 4, 1))
    MileageRate.objects.create(amount=Decimal("0.45"), valid_from=datetime.date(2011, 4, 6))
    activity = Activity.objects.create(title="Respiratory co-design", level=level, date=datetime.date(2020, 11, 19),
                                       paid_by="Walsall Healthcare NHS Trust")
    return invite(activity, name="Sam Carer", email="sam.carer@example.org")


@FUZZ
@with_classic_examples(text_fields=["date", "miles", "amount", "description", "submission_token"],
                       choice_fields=["kind"])
@given(changes=form_edits(EXPENSE_VALID, EXPENSE_ALTERNATIVES))
def test_involvement_expense_form(client, involvement_claim, changes):
    from involvement.models import ExpenseLine

    url = f"/involvement/claim/{involvement_claim.token}/expense/"

    def payload():
        data = apply_edits(EXPENSE_VALID, changes)
        if data.get("date") == "<activity day>":
            data["date"] = "19/11/2020"
        return data

    def stored(response, change):
        # Valid after all: back to the claim, one expense of more than £0.
        line = ExpenseLine.objects.latest("pk")
        assert response.status_code == 302 and line.claim_id == involvement_claim.pk and line.amount > 0
        assert change == {"ExpenseLine": 1}

    check_submission((ExpenseLine,), lambda: client.post(url, payload()), stored)


@FUZZ
@with_classic_examples(choice_fields=["payment"])
@given(changes=form_edits({"payment": "accept"}, {"payment": ["decline", "yes", "", "accept\x00"]}))
def test_involvement_send_claim_form(client, involvement_claim, changes):
    from involvement.models import Claim, ClaimStatusChange

    def stored(response, change):
        assert response.status_code == 302
        assert Claim.objects.get().status == Claim.Status.SUBMITTED
        assert change == {"ClaimStatusChange": 1}

    check_submission((ClaimStatusChange,), lambda: client.post(
        f"/involvement/claim/{involvement_claim.token}/", apply_edits({"payment": "accept"}, changes)), stored)
