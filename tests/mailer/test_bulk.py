"""Campaign sending: fan-out stored once, merge tags, suppressed rows, batches, rate, progress."""
import pytest
from django.core import mail
from django.test import TestCase

from mailer import services
from mailer.models import OutgoingEmail, SharedContent, Suppression
from tests.mailer.backends import RecordingBackend

pytestmark = pytest.mark.django_db

UNSUBSCRIBE_HEADERS = {"List-Unsubscribe": "<%%unsubscribe_url%%>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def newsletter(**overrides):
    return services.create_shared_content(**{
        "subject": "Walsall Together news for %%name%%",
        "body_text": "Hello %%name%%,\nNews.\nUnsubscribe: %%unsubscribe_url%%\n%%nothing_here%%",
        "body_html": '<p>Hello %%name%%</p><a href="%%unsubscribe_url%%">Unsubscribe</a>',
        "headers": UNSUBSCRIBE_HEADERS,
        **overrides,
    })


def queue_bulk(*args, **kwargs):
    """queue_bulk, then the commit that starts sending (each test runs in a transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.queue_bulk(*args, **kwargs)


def recipients(count, start=0):
    for i in range(start, start + count):
        yield (f"person{i}@example.org",
               {"name": f"Person {i}", "unsubscribe_url": f"https://example.org/u/{i}?a=1&b=2"},
               f"campaign:1:subscriber:{i}")


def test_fan_out_stores_the_content_once_and_one_row_per_recipient(django_capture_on_commit_callbacks):
    content = newsletter()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = services.queue_bulk(content, recipients(2500), batch_key="campaign:1")
        assert mail.outbox == []  # nothing leaves before the commit
    assert created == 2500
    assert SharedContent.objects.count() == 1
    rows = OutgoingEmail.objects.filter(batch_key="campaign:1")
    assert rows.count() == 2500
    assert set(rows.values_list("content", flat=True)) == {content.pk}
    assert not rows.exclude(body_text="").exists()  # the body is not copied into each row
    row = rows.get(to="person7@example.org")
    assert row.merge_data["name"] == "Person 7"
    assert row.kind == OutgoingEmail.Kind.MARKETING
    assert row.status == OutgoingEmail.Status.QUEUED
    assert len(callbacks) == 1  # one sending task for the whole fan-out, after commit
    callbacks[0]()
    assert len(mail.outbox) == 2500


def test_running_the_fan_out_twice_creates_each_message_once():
    content = newsletter()
    assert queue_bulk(content, recipients(30), batch_key="campaign:1") == 30
    assert queue_bulk(content, recipients(40), batch_key="campaign:1") == 10
    assert OutgoingEmail.objects.filter(batch_key="campaign:1").count() == 40
    assert len(mail.outbox) == 40


def test_each_recipient_gets_their_own_merge_tags(mailoutbox):
    queue_bulk(newsletter(), [
        ("ann@example.org", {"name": "Ann", "unsubscribe_url": "https://example.org/u/1?a=1&b=2"}, None),
        ("bo@example.org", {"name": "Bo <script>", "unsubscribe_url": "https://example.org/u/2"}, None),
    ], batch_key="campaign:1")
    by_address = {message.to[0]: message for message in mailoutbox}
    ann, bo = by_address["ann@example.org"], by_address["bo@example.org"]
    assert ann.subject == "Walsall Together news for Ann"
    assert ann.body == "Hello Ann,\nNews.\nUnsubscribe: https://example.org/u/1?a=1&b=2\n"
    assert ann.alternatives[0][0] == '<p>Hello Ann</p><a href="https://example.org/u/1?a=1&amp;b=2">Unsubscribe</a>'
    assert ann.extra_headers["List-Unsubscribe"] == "<https://example.org/u/1?a=1&b=2>"
    assert ann.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<p>Hello Bo &lt;script&gt;</p>" in bo.alternatives[0][0]  # escaped in HTML only
    assert bo.subject == "Walsall Together news for Bo <script>"
    assert bo.extra_headers["List-Unsubscribe"] == "<https://example.org/u/2>"


def test_a_merge_value_cannot_add_a_header_line(mailoutbox):
    queue_bulk(newsletter(), [("ann@example.org", {"name": "Ann\r\nBcc: x@example.org"}, None)],
                        batch_key="campaign:1")
    sent = mailoutbox[0]
    assert sent.subject == "Walsall Together news for Ann Bcc: x@example.org"
    assert sent.message()["Bcc"] is None
    assert sent.recipients() == ["ann@example.org"]


def test_transactional_bulk_messages_drop_the_marketing_unsubscribe(mailoutbox):
    queue_bulk(newsletter(), recipients(1), batch_key="event:5:changed", kind=OutgoingEmail.Kind.TRANSACTIONAL)
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers
    assert "List-Unsubscribe-Post" not in mailoutbox[0].extra_headers


def test_suppressed_recipients_get_a_row_but_no_message(mailoutbox):
    services.suppress("PERSON1@example.org", Suppression.Reason.HARD_BOUNCE)
    services.suppress("person2@example.org", Suppression.Reason.COMPLAINT)
    queue_bulk(newsletter(), recipients(4), batch_key="campaign:1")
    assert sorted(m.to[0] for m in mailoutbox) == ["person0@example.org", "person3@example.org"]
    assert set(OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SUPPRESSED).values_list("to", flat=True)) == {
        "person1@example.org", "person2@example.org"}
    progress = services.batch_progress("campaign:1")
    assert progress["sent"] == 2 and progress["suppressed"] == 2 and progress["total"] == 4


def test_a_complaint_stops_marketing_but_not_a_booking_confirmation():
    services.suppress("sam@example.org", Suppression.Reason.COMPLAINT)
    assert services.is_suppressed("Sam@Example.org", OutgoingEmail.Kind.MARKETING)
    assert not services.is_suppressed("sam@example.org", OutgoingEmail.Kind.TRANSACTIONAL)
    services.suppress("sam@example.org", Suppression.Reason.HARD_BOUNCE)
    assert services.is_suppressed("sam@example.org", OutgoingEmail.Kind.TRANSACTIONAL)
    assert Suppression.objects.get().reason == Suppression.Reason.HARD_BOUNCE
    assert not services.is_suppressed("someone.else@example.org", OutgoingEmail.Kind.MARKETING)


def test_batches_go_through_one_connection_each(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.mailer.backends.RecordingBackend"
    settings.MAILER_BATCH_SIZE = 10
    RecordingBackend.opened = 0
    queue_bulk(newsletter(), recipients(25), batch_key="campaign:1")
    assert len(mailoutbox) == 25
    assert RecordingBackend.opened == 3  # 10 + 10 + 5
    assert services.batch_progress("campaign:1")["sent"] == 25


def test_sending_keeps_to_the_configured_rate(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.mailer.backends.RecordingBackend"
    settings.MAILER_RATE_PER_SECOND = 20
    RecordingBackend.send_times = []
    queue_bulk(newsletter(), recipients(6), batch_key="campaign:1")
    times = RecordingBackend.send_times
    assert len(times) == 6
    # 20 a second: one every 50 ms, never a burst (a few ms' leeway for the clock's resolution)
    assert times[-1] - times[0] >= 5 * 0.050 - 0.010
    assert times[2] - times[0] >= 2 * 0.050 - 0.010


def test_batch_progress_counts_every_state():
    content = newsletter()
    queue_bulk(content, recipients(5), batch_key="campaign:1")
    OutgoingEmail.objects.filter(to="person0@example.org").update(status=OutgoingEmail.Status.FAILED)
    OutgoingEmail.objects.filter(to="person1@example.org").update(status=OutgoingEmail.Status.QUEUED)
    services.queue_bulk(content, recipients(1, start=99), batch_key="campaign:2")  # another campaign
    assert services.batch_progress("campaign:1") == {
        "queued": 1, "sending": 0, "sent": 3, "failed": 1, "suppressed": 0,
        "delivered": 0, "bounced": 0, "complained": 0, "unsubscribed": 0, "total": 5,
    }
