"""The daily retention task deletes what has expired, keeps the rest, and logs what it did."""
import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from base.models import ContactMessage
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry, ConsentRecord
from privacy.services import record_consent
from privacy.tasks import apply_retention
from tests.factories import ContactMessageFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def age(obj, days, field="created_at"):
    type(obj).objects.filter(pk=obj.pk).update(**{field: days_ago(days)})


def make_email(status, days_old, to="sam@example.org"):
    email = OutgoingEmail.objects.create(to=to, subject=f"{status} e-mail", body_text="Hello", status=status)
    age(email, days_old)
    return email


def test_old_contact_messages_are_deleted_and_recent_ones_kept():
    old = ContactMessageFactory(subject="Old")
    age(old, settings.CONTACT_RETENTION_DAYS + 1)
    recent = ContactMessageFactory(subject="Recent")
    age(recent, settings.CONTACT_RETENTION_DAYS - 1)
    new = ContactMessageFactory(subject="New")

    result = apply_retention.call()

    assert result["base.contactmessage"] == 1
    assert set(ContactMessage.objects.values_list("pk", flat=True)) == {recent.pk, new.pk}


def test_old_sent_emails_are_deleted_but_queued_ones_never_are():
    too_old = settings.MAILER_SENT_RETENTION_DAYS + 10
    sent = make_email(OutgoingEmail.Status.SENT, too_old)
    failed = make_email(OutgoingEmail.Status.FAILED, too_old)
    queued = make_email(OutgoingEmail.Status.QUEUED, too_old)
    sending = make_email(OutgoingEmail.Status.SENDING, too_old)
    recent_sent = make_email(OutgoingEmail.Status.SENT, 1)

    apply_retention.call()

    remaining = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assert remaining == {queued.pk, sending.pk, recent_sent.pk}
    assert sent.pk not in remaining and failed.pk not in remaining


def test_consent_records_have_no_retention_period():
    consent = record_consent("sam@example.org", "contact", source="/contact/")
    age(consent, 365 * 10, field="given_at")
    apply_retention.call()
    assert ConsentRecord.objects.filter(pk=consent.pk).exists()


def test_the_task_runs_through_the_queue_and_logs_what_it_erased():
    age(ContactMessageFactory(), settings.CONTACT_RETENTION_DAYS + 1)
    age(ContactMessageFactory(), settings.CONTACT_RETENTION_DAYS + 30)

    result = apply_retention.enqueue()  # tasks run at once in tests

    assert result.return_value == {"base.contactmessage": 2}
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.RETENTION)
    assert entry.actor is None
    assert entry.actor_label == "system"
    assert entry.subject == ""
    assert entry.details == {"base.contactmessage": 2}


def test_nothing_expired_means_nothing_deleted_and_no_log_entry():
    ContactMessageFactory()
    make_email(OutgoingEmail.Status.SENT, 1)
    assert apply_retention.call() == {}
    assert ContactMessage.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1
    assert not AuditLogEntry.objects.exists()
