"""The batched worker: claims, crash recovery (exactly once), an ESP outage, tasks per commit."""
import datetime
from collections import Counter
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from mailer import services
from mailer.models import OutgoingEmail
from tests.mailer.backends import CrashingBackend, WorkerKilled

pytestmark = pytest.mark.django_db


def campaign(count, kind=OutgoingEmail.Kind.MARKETING):
    content = services.create_shared_content(subject="News", body_text="Hello %%name%%")
    services.queue_bulk(content, [(f"p{i}@example.org", {"name": f"P{i}"}, f"c:1:{i}") for i in range(count)],
                        batch_key="campaign:1", kind=kind)


def time_passes(minutes):
    """Move the worker's marks into the past, as if `minutes` went by."""
    delta = datetime.timedelta(minutes=minutes)
    for email in OutgoingEmail.objects.exclude(claimed_at=None):
        OutgoingEmail.objects.filter(pk=email.pk).update(
            claimed_at=email.claimed_at - delta,
            send_started_at=email.send_started_at - delta if email.send_started_at else None,
        )


def received():
    return Counter(message.to[0] for message in mail.outbox)


def test_queueing_many_messages_in_one_transaction_queues_one_sending_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for i in range(3):
            services._save(to=f"p{i}@example.org", subject="s", body_text="b")
        campaign(5)
    with mock.patch("mailer.services._enqueue_sender") as enqueue:
        for callback in callbacks:
            callback()
    enqueue.assert_called_once_with()


def test_worker_killed_mid_batch_then_restarted_sends_everyone_exactly_once(settings):
    settings.EMAIL_BACKEND = "tests.mailer.backends.CrashingBackend"
    settings.MAILER_BATCH_SIZE = 4
    CrashingBackend.crash_after = 6  # the ESP took message 6; the worker died before recording it
    campaign(10)
    with pytest.raises(WorkerKilled):
        services.send_queued()
    assert len(mail.outbox) == 6
    statuses = Counter(OutgoingEmail.objects.values_list("status", flat=True))
    assert statuses == {"sent": 5, "sending": 1, "queued": 4}  # the unstarted rest went back at once

    # The worker restarts straight away: the one in doubt is left alone, the others are sent.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.requeue_due()
    assert len(mail.outbox) == 10
    in_doubt = OutgoingEmail.objects.get(status=OutgoingEmail.Status.SENDING)
    assert in_doubt.to == "p5@example.org"

    # Ten minutes on, the scheduled sweep settles it without sending it again.
    time_passes(11)
    services.requeue_due()
    in_doubt.refresh_from_db()
    assert in_doubt.status == OutgoingEmail.Status.FAILED
    assert in_doubt.last_error == "Interrupted while sending; not retried to avoid sending twice."
    assert received() == {f"p{i}@example.org": 1 for i in range(10)}  # nobody missed, nobody twice
    assert services.batch_progress("campaign:1")["sent"] == 9


def test_claimed_messages_of_a_killed_worker_go_back_to_the_queue(settings):
    campaign(3)
    claimed = services.claim_batch(10)  # then the worker is killed (SIGKILL: no clean-up at all)
    assert len(claimed) == 3
    services.requeue_due()
    assert mail.outbox == []  # not yet: the worker may still be alive and about to send
    time_passes(3)
    services.requeue_due()
    assert received() == {"p0@example.org": 1, "p1@example.org": 1, "p2@example.org": 1}
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}


def test_a_slow_worker_whose_claim_was_taken_back_does_not_send(settings):
    campaign(2)
    slow = services.claim_batch(10)
    time_passes(3)
    services.recover_interrupted_sends()
    fast = services.claim_batch(10)
    assert services.send_batch(fast).sent == 2
    assert services.send_batch(slow).sent == 0  # its claim is stale: it skips both
    assert received() == {"p0@example.org": 1, "p1@example.org": 1}


def test_an_interrupted_transactional_message_is_sent_again(settings):
    settings.EMAIL_BACKEND = "tests.mailer.backends.CrashingBackend"
    CrashingBackend.crash_after = 1
    campaign(1, kind=OutgoingEmail.Kind.TRANSACTIONAL)
    with pytest.raises(WorkerKilled):
        services.send_queued()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_passes(11)
    services.requeue_due()
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT
    # A confirmation that may arrive twice is better than one that never arrives.
    assert received() == {"p0@example.org": 2}


def test_an_esp_outage_pauses_sending_instead_of_failing_everyone(settings):
    campaign(5)
    with mock.patch.object(mail.EmailMessage, "send", side_effect=ConnectionError("ESP unreachable")):
        services.send_queued()
    rows = OutgoingEmail.objects.order_by("pk")
    first, *rest = rows
    assert first.status == OutgoingEmail.Status.QUEUED and first.attempts == 1
    assert first.next_attempt_at > timezone.now()
    assert all(row.status == OutgoingEmail.Status.QUEUED and row.attempts == 0 for row in rest)
    # The ESP is back: the next run sends the rest now, the first when its back-off ends.
    services.send_queued()
    assert sorted(received()) == [f"p{i}@example.org" for i in range(1, 5)]


def test_one_bad_message_does_not_hold_up_the_others(settings):
    campaign(3)
    real_send = mail.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["p1@example.org"]:
            raise ValueError("a bug rendering this one")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", send):
        services.send_queued()
    assert sorted(received()) == ["p0@example.org", "p2@example.org"]
    assert OutgoingEmail.objects.get(to="p1@example.org").status == OutgoingEmail.Status.QUEUED
