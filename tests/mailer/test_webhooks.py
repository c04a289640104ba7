"""The ESP's tracking webhook: a real Postmark payload posted to anymail's URL is recorded,
suppresses the address and tells the newsletters. Sending goes through anymail's Postmark
backend to a local fake Postmark, so message ids are the ESP's own."""
import base64
import json

import pytest
from django.test import TestCase

from bench.fake_esp import FakePostmark
from mailer import services
from mailer.models import DeliveryEvent, OutgoingEmail, Suppression
from mailer.signals import recipient_unsubscribed

pytestmark = pytest.mark.django_db

SECRET = "postmark:hook-secret-123"
URL = "/anymail/postmark/tracking/"


@pytest.fixture
def esp(settings):
    with FakePostmark(keep_messages=True) as server:
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token", "POSTMARK_API_URL": server.url,
                            "WEBHOOK_SECRET": SECRET}
        yield server


def send_campaign(*addresses):
    content = services.create_shared_content(subject="News", body_text="Hello", headers={
        "List-Unsubscribe": "<%%unsubscribe_url%%>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.queue_bulk(content, [(a, {"unsubscribe_url": "https://example.org/u"}, None) for a in addresses],
                            batch_key="newsletter-campaign:12")
    return {email.to: email for email in OutgoingEmail.objects.filter(batch_key="newsletter-campaign:12")}


def post(client, payload, credentials=SECRET):
    headers = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()} if credentials else {}
    return client.post(URL, data=json.dumps(payload), content_type="application/json", **headers)


def bounce(email, message_id, type_="HardBounce", record_type="Bounce", event_id=4323372036854775807):
    """Postmark's bounce webhook, as in its documentation."""
    return {
        "RecordType": record_type, "MessageStream": "broadcast", "ID": event_id, "Type": type_, "TypeCode": 1,
        "Name": "Hard bounce", "Tag": "", "MessageID": message_id, "Metadata": {}, "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email, "From": "no-reply@walsalltogether.example", "BouncedAt": "2026-11-23T16:33:54.9070259Z",
        "DumpAvailable": True, "Inactive": True, "CanActivate": True, "Subject": "News",
    }


def test_messages_reach_the_esp_with_its_message_id_recorded(esp):
    sent = send_campaign("ann@example.org")
    assert esp.received == {"ann@example.org": 1}
    payload = esp.messages[0]
    assert {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"} in payload["Headers"]
    assert payload["Metadata"] == {"outgoing_id": str(sent["ann@example.org"].pk)}
    assert len(sent["ann@example.org"].esp_message_id) == 36  # Postmark's MessageID


def test_a_hard_bounce_suppresses_the_address_for_every_later_send(client, esp):
    sent = send_campaign("ann@example.org", "bo@example.org")
    response = post(client, bounce("Ann@Example.org", sent["ann@example.org"].esp_message_id))
    assert response.status_code == 200

    event = DeliveryEvent.objects.get()
    assert (event.event_type, event.email, event.outgoing, event.batch_key) == (
        "bounced", "ann@example.org", sent["ann@example.org"], "newsletter-campaign:12")
    suppression = Suppression.objects.get()
    assert suppression.email == "ann@example.org" and suppression.reason == Suppression.Reason.HARD_BOUNCE
    progress = services.batch_progress("newsletter-campaign:12")
    assert progress["bounced"] == 1 and progress["sent"] == 2

    # The next campaign and even a booking confirmation skip the address.
    content = services.create_shared_content(subject="More news", body_text="Hello")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.queue_bulk(content, [("ann@example.org", {}, None), ("bo@example.org", {}, None)],
                            batch_key="newsletter-campaign:13")
        confirmation = services.queue_email("ann@example.org", "base/email/contact_acknowledgement",
                                            {"message": {"name": "Ann", "subject": "Parking"}})
    assert services.batch_progress("newsletter-campaign:13")["suppressed"] == 1
    assert confirmation.status == OutgoingEmail.Status.SUPPRESSED
    assert esp.received == {"ann@example.org": 1, "bo@example.org": 2}


def test_a_soft_bounce_is_a_delay_not_a_suppression(client, esp):
    sent = send_campaign("ann@example.org")
    response = post(client, bounce("ann@example.org", sent["ann@example.org"].esp_message_id, type_="SoftBounce"))
    assert response.status_code == 200
    assert DeliveryEvent.objects.get().event_type == DeliveryEvent.EventType.DEFERRED
    assert not Suppression.objects.exists()
    assert services.batch_progress("newsletter-campaign:12")["bounced"] == 0


def test_the_webhook_refuses_requests_without_the_secret(client, esp):
    sent = send_campaign("ann@example.org")
    payload = bounce("ann@example.org", sent["ann@example.org"].esp_message_id)
    assert post(client, payload, credentials=None).status_code == 400
    assert post(client, payload, credentials="postmark:guessed").status_code == 400
    assert not DeliveryEvent.objects.exists()
    assert not Suppression.objects.exists()
    assert not services.is_suppressed("ann@example.org", OutgoingEmail.Kind.MARKETING)


def test_events_are_ignored_while_no_webhook_secret_is_configured(client, settings):
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {}
    with pytest.warns(Warning):  # anymail warns about an unauthenticated webhook
        response = post(client, bounce("ann@example.org", "some-id"), credentials=None)
    assert response.status_code == 200
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()


def test_only_the_provider_the_site_sends_through_has_a_webhook(client, esp, settings):
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(SECRET.encode()).decode()}
    for address in ("/anymail/mailgun/tracking/", "/anymail/sendgrid/tracking/", "/anymail/postmark/inbound/",
                    "/anymail/postmark/", "/anymail/nonsense/tracking/"):
        assert client.post(address, data="{}", content_type="application/json", **auth).status_code == 404, address
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    assert client.post(URL, data="{}", content_type="application/json", **auth).status_code == 404


@pytest.mark.parametrize("body", ["{", "[1]", '{"event": []}', "\udcff"])
def test_another_provider_refuses_a_malformed_report_without_a_server_error(client, settings, body):
    """Brevo, say: its webhook is anymail's, with the same guard against bodies that cannot be reports."""
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    settings.ANYMAIL = {"BREVO_API_KEY": "key", "WEBHOOK_SECRET": SECRET}
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(SECRET.encode()).decode()}
    response = client.post("/anymail/brevo/tracking/", data=body.encode("utf-8", "surrogateescape"),
                           content_type="application/json", **auth)
    assert response.status_code == 400
    assert not DeliveryEvent.objects.exists()


def test_a_spam_complaint_unsubscribes_from_marketing_only(client, esp):
    sent = send_campaign("ann@example.org")
    heard = []
    recipient_unsubscribed.connect(lambda sender, **kwargs: heard.append(kwargs), weak=False, dispatch_uid="t")
    try:
        complaint = bounce("ann@example.org", sent["ann@example.org"].esp_message_id, type_="SpamComplaint",
                           record_type="SpamComplaint", event_id=42)
        assert post(client, complaint).status_code == 200
    finally:
        recipient_unsubscribed.disconnect(dispatch_uid="t")
    assert heard == [{"signal": recipient_unsubscribed, "email": "ann@example.org",
                      "batch_key": "newsletter-campaign:12"}]
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT
    assert services.is_suppressed("ann@example.org", OutgoingEmail.Kind.MARKETING)
    assert not services.is_suppressed("ann@example.org", OutgoingEmail.Kind.TRANSACTIONAL)
    assert services.batch_progress("newsletter-campaign:12")["complained"] == 1


def test_an_unsubscribe_at_the_esp_is_passed_on(client, esp):
    sent = send_campaign("ann@example.org")
    heard = []
    recipient_unsubscribed.connect(lambda sender, **kwargs: heard.append(kwargs["email"]), weak=False,
                                   dispatch_uid="t")
    try:
        response = post(client, {
            "RecordType": "SubscriptionChange", "MessageID": sent["ann@example.org"].esp_message_id,
            "ServerID": 123456, "MessageStream": "broadcast", "ChangedAt": "2026-11-23T10:53:34.416071Z",
            "Recipient": "ann@example.org", "Origin": "Recipient", "SuppressSending": True,
            "SuppressionReason": "ManualSuppression", "Tag": "", "Metadata": {},
        })
    finally:
        recipient_unsubscribed.disconnect(dispatch_uid="t")
    assert response.status_code == 200
    assert heard == ["ann@example.org"]
    assert Suppression.objects.get().reason == Suppression.Reason.UNSUBSCRIBED
    assert services.batch_progress("newsletter-campaign:12")["unsubscribed"] == 1


def test_delivery_is_recorded_once_even_if_the_esp_repeats_it(client, esp):
    sent = send_campaign("ann@example.org")
    delivery = {
        "RecordType": "Delivery", "ServerID": 23, "MessageStream": "broadcast",
        "MessageID": sent["ann@example.org"].esp_message_id, "Recipient": "ann@example.org", "Tag": "",
        "DeliveredAt": "2026-11-23T16:33:54.9070259Z", "Details": "Test delivery webhook details", "Metadata": {},
    }
    assert post(client, delivery).status_code == 200
    assert post(client, delivery).status_code == 200
    assert services.batch_progress("newsletter-campaign:12")["delivered"] == 1
    assert not Suppression.objects.exists()
    hard = bounce("ann@example.org", sent["ann@example.org"].esp_message_id)
    post(client, hard)
    post(client, hard)
    assert DeliveryEvent.objects.filter(event_type="bounced").count() == 1


def test_an_interrupted_message_the_esp_reports_on_was_sent_after_all(client, esp):
    sent = send_campaign("ann@example.org")
    email = sent["ann@example.org"]
    # The worker died after Postmark took the message: no MessageID was recorded.
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED, esp_message_id="",
                                                     last_error=services.INTERRUPTED_ERROR)
    response = post(client, {
        "RecordType": "Delivery", "ServerID": 23, "MessageStream": "broadcast", "MessageID": "unknown-to-us",
        "Recipient": "ann@example.org", "Tag": "", "DeliveredAt": "2026-11-23T16:33:54Z", "Details": "",
        "Metadata": {"outgoing_id": str(email.pk)},
    })
    assert response.status_code == 200
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert DeliveryEvent.objects.get().outgoing == email
