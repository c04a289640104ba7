import datetime
from unittest import mock

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.core import mail
from django.utils import timezone

from mailer import services
from mailer.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def queue_contact_ack(**kwargs):
    message = mock.Mock()
    message.name, message.subject = "Sam", "Parking at the workshop"
    return services.queue_email("sam@example.org", "base/email/contact_acknowledgement", {"message": message}, **kwargs)


def test_queued_email_is_sent_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue_contact_ack()
        assert mailoutbox == []  # nothing leaves inside the transaction
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at is not None
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["sam@example.org"]
    assert sent.subject == "We have received your message"
    assert "Parking at the workshop" in sent.body
    html = sent.alternatives[0][0]
    assert '<html lang="en-GB" dir="ltr">' in html


def test_dedupe_key_sends_once(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_contact_ack(dedupe_key="reminder:booking:1")
    with django_capture_on_commit_callbacks(execute=True):
        second = queue_contact_ack(dedupe_key="reminder:booking:1")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mailoutbox) == 1


def test_transient_failure_is_kept_and_retried_later(django_capture_on_commit_callbacks, mailoutbox):
    with mock.patch.object(mail.EmailMessage, "send", side_effect=ConnectionError("ESP down")):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue_contact_ack()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "ESP down" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert mailoutbox == []

    # Not due yet: the scheduled sweep leaves it alone.
    assert services.requeue_due() == 0
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.requeue_due() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert len(mailoutbox) == 1


def test_permanent_failure_is_recorded_not_retried(django_capture_on_commit_callbacks, mailoutbox):
    with mock.patch.object(mail.EmailMessage, "send", side_effect=AnymailRecipientsRefused("refused")):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue_contact_ack()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "refused" in email.last_error
    assert services.requeue_due() == 0


def esp_error(status_code):
    response = requests.Response()
    response.status_code, response.reason = status_code, "ESP says no"
    return AnymailAPIError("ESP error", status_code=status_code, response=response)


def test_esp_client_error_is_permanent_but_rate_limit_is_not():
    email = OutgoingEmail.objects.create(to="a@example.org", subject="s", body_text="b")
    with mock.patch.object(mail.EmailMessage, "send", side_effect=esp_error(429)):
        services.send_queued()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED

    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    with mock.patch.object(mail.EmailMessage, "send", side_effect=esp_error(422)):
        services.send_queued()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


def test_gives_up_after_max_attempts(settings):
    settings.MAILER_MAX_ATTEMPTS = 2
    email = OutgoingEmail.objects.create(to="a@example.org", subject="s", body_text="b")
    with mock.patch.object(mail.EmailMessage, "send", side_effect=TimeoutError):
        services.send_queued()
        OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        services.send_queued()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 2


def test_a_message_claimed_by_one_worker_is_not_claimed_by_another(mailoutbox):
    first = OutgoingEmail.objects.create(to="a@example.org", subject="s", body_text="b")
    second = OutgoingEmail.objects.create(to="b@example.org", subject="s", body_text="b")
    assert [e.pk for e in services.claim_batch(1)] == [first.pk]
    assert [e.pk for e in services.claim_batch(5)] == [second.pk]
    assert services.claim_batch(5) == []
    assert services.send_queued() == 0  # both are some worker's already
    assert mailoutbox == []


def test_a_sent_message_is_not_sent_again(mailoutbox):
    OutgoingEmail.objects.create(to="a@example.org", subject="s", body_text="b")
    assert services.send_queued() == 1
    assert services.send_queued() == 0
    assert len(mailoutbox) == 1


def test_message_left_sending_by_a_dead_worker_is_requeued(mailoutbox):
    stale = timezone.now() - services.STALE_SENDING_AFTER - datetime.timedelta(minutes=1)
    email = OutgoingEmail.objects.create(to="a@example.org", subject="s", body_text="b",
                                         status=OutgoingEmail.Status.SENDING, claimed_at=stale, attempts=1)
    services.requeue_due()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mailoutbox) == 1


def test_attachments_survive_the_queue(mailoutbox):
    email = OutgoingEmail.objects.create(
        to="a@example.org", subject="s", body_text="b",
        attachments=[services._encode_attachment("event.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    services.send_queued()
    assert mailoutbox[0].attachments[0] == ("event.ics", "BEGIN:VCALENDAR", "text/calendar")


def test_file_backend_writes_a_file_a_person_can_open(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    OutgoingEmail.objects.create(to="a@example.org", subject="Your booking", body_text="See you there")
    services.send_queued()
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert "Subject: Your booking" in content
    assert "See you there" in content


def test_transactional_email_never_carries_the_marketing_unsubscribe(django_capture_on_commit_callbacks, mailoutbox):
    headers = {"List-Unsubscribe": "<https://example.org/u>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
               "X-Booking": "12"}
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = queue_contact_ack(headers=headers)
        newsletter = queue_contact_ack(headers=headers, kind=OutgoingEmail.Kind.MARKETING, dedupe_key="news:1")
    assert confirmation.headers == {"X-Booking": "12"}
    assert newsletter.headers == headers
    sent = {message.extra_headers.get("List-Unsubscribe"): message for message in mailoutbox}
    assert set(sent) == {None, "<https://example.org/u>"}
    assert "List-Unsubscribe-Post" not in sent[None].extra_headers
