"""Signing up with double opt-in, confirming, preferences and unsubscribing, as residents do it."""
import datetime
import uuid
from unittest import mock

import pytest
from django.utils import timezone

from mailer.models import OutgoingEmail
from mailer.signals import recipient_unsubscribed
from newsletters import subscriptions
from newsletters.models import Subscriber, Subscription
from privacy.models import ConsentRecord

from .conftest import link_in

pytestmark = pytest.mark.django_db

Status = Subscription.Status


@pytest.fixture
def post_sign_up(client, signup_page, lists, django_capture_on_commit_callbacks):
    """Post the sign-up form (for the stakeholder newsletter unless told) and run what follows the commit."""
    def post(email="sam@example.org", lists=lists[:1], **data):
        form = {"email": email, "name": "Sam Resident", "consent": "on", "source": "/get-involved/",
                "submission_token": str(uuid.uuid4()), "lists": [ml.pk for ml in lists], **data}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(signup_page.url, form)
    return post


def confirm_via_link(client, path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(path)


# Signing up -------------------------------------------------------------------------------------


def test_sign_up_sends_a_confirmation_and_nothing_is_subscribed_until_confirmed(
        post_sign_up, client, mailoutbox, lists, signup_page, django_capture_on_commit_callbacks):
    response = post_sign_up("Sam@Example.org ", lists=lists)
    assert response.status_code == 302
    assert response["Location"] == f"{signup_page.url}check-your-email/"
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "sam@example.org" and subscriber.name == "Sam Resident"
    assert subscriber.confirmed_at is None
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {Status.PENDING}
    assert not ConsentRecord.objects.exists()  # consent counts once the owner of the address confirms

    [message] = mailoutbox
    assert message.to == ["sam@example.org"]
    assert message.subject == "Confirm your subscription to Walsall Together e-mails"
    assert "Stakeholder newsletter" in message.body and "Get involved: engagement opportunities" in message.body
    assert "works for 7 days" in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # transactional: no marketing unsubscribe
    assert OutgoingEmail.objects.get().kind == OutgoingEmail.Kind.TRANSACTIONAL

    confirm_path = link_in(message, "confirm")
    page = client.get(confirm_path)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None  # a link checker's GET confirms nothing

    response = confirm_via_link(client, confirm_path, django_capture_on_commit_callbacks)
    assert client.get(response["Location"]).content.decode().count("Subscription confirmed") >= 1
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    subscribed = subscriber.subscriptions.select_related("consent", "mailing_list")
    assert {s.status for s in subscribed} == {Status.SUBSCRIBED}
    consent = subscribed[0].consent
    assert consent.purpose == "newsletter" and consent.wording_version == 1
    assert consent.source == f"/get-involved/ ({subscribed[0].mailing_list.name})"
    assert ConsentRecord.objects.count() == 2  # one per list


def test_using_the_confirmation_link_again_is_harmless(post_sign_up, client, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    post_sign_up()
    confirm_path = link_in(mailoutbox[0], "confirm")
    confirm_via_link(client, confirm_path, django_capture_on_commit_callbacks)
    first_consent = ConsentRecord.objects.get()

    html = client.get(confirm_path).content.decode()
    assert "Already confirmed" in html and "Confirm my subscription" not in html
    assert "Already confirmed" in confirm_via_link(client, confirm_path,
                                                   django_capture_on_commit_callbacks).content.decode()
    assert list(ConsentRecord.objects.all()) == [first_consent]

    # Someone who left the list is not put back on it by an old link.
    subscriptions.unsubscribe_from_all(Subscriber.objects.get())
    confirm_via_link(client, confirm_path, django_capture_on_commit_callbacks)
    assert Subscription.objects.get().status == Status.UNSUBSCRIBED


def test_an_expired_link_offers_a_new_one(post_sign_up, client, mailoutbox, settings,
                                          django_capture_on_commit_callbacks):
    post_sign_up()
    confirm_path = link_in(mailoutbox[0], "confirm")
    later = timezone.now() + datetime.timedelta(days=8)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        html = client.get(confirm_path).content.decode()
        assert "This link has expired" in html and "Send me a new link" in html
        client.post(confirm_path)
        assert Subscriber.objects.get().confirmed_at is None  # an expired link confirms nothing
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{confirm_path}new-link/")
    assert "Check your e-mail" in response.content.decode()
    assert len(mailoutbox) == 2
    new_path = link_in(mailoutbox[1], "confirm")
    assert new_path != confirm_path
    confirm_via_link(client, new_path, django_capture_on_commit_callbacks)
    assert Subscriber.objects.get().is_confirmed


def test_expiry_is_configurable(post_sign_up, client, mailoutbox, settings):
    settings.NEWSLETTERS_CONFIRMATION_DAYS = 1
    post_sign_up()
    assert "works for 1 day." in mailoutbox[0].body
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert "This link has expired" in client.get(link_in(mailoutbox[0], "confirm")).content.decode()


def test_a_tampered_link_does_not_work(post_sign_up, client, mailoutbox):
    post_sign_up()
    path = link_in(mailoutbox[0], "confirm")
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
    assert client.get("/subscriptions/preferences/nonsense/").status_code == 404
    assert client.post("/subscriptions/unsubscribe/nonsense/").status_code == 404


def test_signing_up_again_gives_the_same_answer_and_no_duplicate(
        post_sign_up, client, mailoutbox, lists, django_capture_on_commit_callbacks):
    first = post_sign_up(lists=[lists[0]])
    confirm_via_link(client, link_in(mailoutbox[0], "confirm"), django_capture_on_commit_callbacks)

    again = post_sign_up("SAM@example.org", lists=[lists[0]], name="Someone Else")
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    assert Subscriber.objects.count() == 1 and Subscription.objects.count() == 1
    assert Subscriber.objects.get().name == "Sam Resident"  # a stranger cannot rename a confirmed subscriber
    # Only the owner of the address learns that it was already subscribed.
    assert mailoutbox[-1].subject == "You already get these Walsall Together e-mails"
    assert "/subscriptions/preferences/" in mailoutbox[-1].body

    post_sign_up("sam@example.org", lists=lists)
    assert Subscription.objects.count() == 2
    assert Subscription.objects.get(mailing_list=lists[1]).status == Status.PENDING
    assert Subscription.objects.get(mailing_list=lists[0]).status == Status.SUBSCRIBED
    assert "Get involved" in mailoutbox[-1].body and mailoutbox[-1].subject.startswith("Confirm")


def test_double_submit_signs_up_once_and_sends_one_email(client, signup_page, lists, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    form = {"email": "alex@example.org", "consent": "on", "lists": [lists[0].pk],
            "submission_token": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(signup_page.url, form)
        client.post(signup_page.url, form)
    assert Subscriber.objects.count() == 1 and Subscription.objects.count() == 1
    assert len(mailoutbox) == 1


def test_sign_up_emails_to_one_address_are_limited(lists):
    for _ in range(subscriptions.SIGN_UP_EMAILS_PER_DAY + 2):
        subscriptions.sign_up("target@example.org", [lists[0]])
    assert OutgoingEmail.objects.filter(to="target@example.org").count() == subscriptions.SIGN_UP_EMAILS_PER_DAY


def test_form_errors_are_shown_next_to_fields_and_typed_input_is_kept(client, signup_page, lists):
    response = client.post(signup_page.url, {"email": "not an address", "name": "Sam Resident",
                                             "submission_token": str(uuid.uuid4())})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert 'href="#newsletter-email"' in html and 'href="#newsletter-lists_0"' in html
    assert 'href="#newsletter-consent"' in html
    assert "Enter an e-mail address in the right format, like name@example.com" in html
    assert "Select at least one type of e-mail" in html
    assert "Tick the box to agree" in html
    assert 'value="not an address"' in html and 'value="Sam Resident"' in html
    assert 'aria-invalid="true"' in html
    assert not Subscriber.objects.exists()


def test_private_lists_cannot_be_chosen(client, signup_page, lists):
    lists[1].is_public = False
    lists[1].save()
    html = client.get(signup_page.url).content.decode()
    assert "Stakeholder newsletter" in html and "Get involved: engagement" not in html
    response = client.post(signup_page.url, {"email": "sam@example.org", "consent": "on", "lists": [lists[1].pk]})
    assert "Select from the types of e-mail shown" in response.content.decode()


def test_the_sign_up_block_posts_to_the_sign_up_page(client, signup_page, home_page):
    from base.models import StandardPage
    from tests.factories import make_page

    page = make_page(home_page, StandardPage, title="Stay in touch", slug="stay-in-touch", body=[
        {"type": "newsletter_signup", "value": {"heading": "Get our e-mails", "text": "About once a month."}},
    ])
    html = client.get(page.url).content.decode()
    assert f'action="{signup_page.url}"' in html
    assert 'name="source" value="/stay-in-touch/"' in html
    assert "<h2 class=\"nhsuk-card__heading\" id=\"newsletter-signup-heading\">Get our e-mails</h2>" in html
    assert 'name="csrfmiddlewaretoken"' in html

    signup_page.unpublish()
    assert "Get our e-mails" not in client.get(page.url).content.decode()


def test_source_must_be_a_path_on_this_site(post_sign_up, client, mailoutbox, django_capture_on_commit_callbacks):
    post_sign_up(source="https://evil.example/")
    confirm_via_link(client, link_in(mailoutbox[0], "confirm"), django_capture_on_commit_callbacks)
    assert ConsentRecord.objects.get().source.startswith("/sign-up/ (")


# Preferences --------------------------------------------------------------------------------------


@pytest.fixture
def subscriber(lists):
    """Sam, confirmed on the stakeholder newsletter."""
    subscriptions.sign_up("sam@example.org", [lists[0]], name="Sam")
    value = {"t": Subscriber.objects.get().token, "l": [lists[0].pk]}
    subscriptions.confirm(value)
    return Subscriber.objects.get()


def preferences_path(subscriber):
    from newsletters import links

    return links.preferences_url(subscriber.token).removeprefix("http://testserver")


def test_preferences_change_lists_and_name(client, subscriber, lists):
    path = preferences_path(subscriber)
    html = client.get(path).content.decode()
    assert "sam@example.org" in html and "You get Stakeholder newsletter." in html
    assert 'value="Sam"' in html

    response = client.post(path, {"lists": [lists[1].pk], "name": "Sam R", "save": ""}, follow=True)
    assert "Your choices have been saved." in response.content.decode()
    statuses = dict(subscriber.subscriptions.values_list("mailing_list__slug", "status"))
    assert statuses == {"stakeholder-newsletter": Status.UNSUBSCRIBED, "get-involved": Status.SUBSCRIBED}
    assert Subscriber.objects.get().name == "Sam R"
    withdrawn, given = ConsentRecord.objects.order_by("given_at", "pk")
    assert withdrawn.withdrawn_at is not None and given.withdrawn_at is None
    assert given.source == "Newsletter preferences page (Get involved: engagement opportunities)"


def test_unsubscribe_from_all_and_resubscribe(client, subscriber, lists):
    path = preferences_path(subscriber)
    response = client.post(path, {"lists": [lists[0].pk], "unsubscribe_all": ""}, follow=True)
    html = response.content.decode()
    assert "You have unsubscribed from all our e-mails." in html
    assert "You do not get any of our e-mails at the moment." in html
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {Status.UNSUBSCRIBED}

    client.post(path, {"lists": [lists[0].pk], "save": ""})
    assert subscriber.subscriptions.get().status == Status.SUBSCRIBED


# One-click unsubscribe (RFC 8058) -----------------------------------------------------------------


def unsubscribe_path(subscriber, mailing_list):
    from newsletters import links

    return links.unsubscribe_url(subscriber.token, mailing_list.pk).removeprefix("http://testserver")


def test_a_get_only_asks_and_changes_nothing(client, subscriber, lists):
    response = client.get(unsubscribe_path(subscriber, lists[0]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unsubscribe from Stakeholder newsletter" in html and '<form method="post"' in html
    assert response["Cache-Control"].startswith("max-age=0") and "noindex" in response["X-Robots-Tag"]
    assert subscriber.subscriptions.get().status == Status.SUBSCRIBED


def test_one_click_post_without_cookie_or_csrf_token_unsubscribes(subscriber, lists):
    from django.test import Client

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(unsubscribe_path(subscriber, lists[0]), "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    subscription = subscriber.subscriptions.get()
    assert subscription.status == Status.UNSUBSCRIBED and subscription.unsubscribed_at is not None
    assert ConsentRecord.objects.get().withdrawn_at is not None
    # Again: still fine, nothing more to do.
    assert mail_program.post(unsubscribe_path(subscriber, lists[0])).status_code == 200


def test_a_link_for_one_list_cannot_be_changed_to_another(client, subscriber, lists):
    path = unsubscribe_path(subscriber, lists[0])
    token = path.split("/")[-2]
    forged = token.replace(f".{lists[0].pk}:", f".{lists[1].pk}:")
    assert client.post(f"/subscriptions/unsubscribe/{forged}/").status_code == 404


def test_esp_unsubscribe_report_takes_the_address_off_every_list(subscriber, lists):
    subscriptions.update_preferences(subscriber, [lists[0].pk, lists[1].pk])
    recipient_unsubscribed.send(sender=None, email="SAM@example.org", batch_key="newsletter-campaign:1")
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {Status.UNSUBSCRIBED}
    assert subscriber.subscriptions.first().unsubscribe_reason == "Reported by the e-mail service"
