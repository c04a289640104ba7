"""Mailer's personal data in the privacy registry: found, exported, erased, aged out."""
import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from mailer import services
from mailer.models import DeliveryEvent, OutgoingEmail, Suppression
from privacy import registry

pytestmark = pytest.mark.django_db

EMAIL = "sam.resident@example.org"


@pytest.fixture
def sams_mail():
    content = services.create_shared_content(subject="News for %%name%%", body_text="Hello %%name%%")
    services.queue_bulk(content, [(EMAIL, {"name": "Sam Resident", "unsubscribe_url": "https://x/u/sam"}, None),
                                  ("alex@example.org", {"name": "Alex"}, None)], batch_key="campaign:1")
    sams = OutgoingEmail.objects.get(to=EMAIL)
    DeliveryEvent.objects.create(outgoing=sams, batch_key="campaign:1", email=EMAIL, event_type="bounced",
                                 occurred_at=timezone.now(), description="Mailbox sam.resident not found")
    services.suppress(EMAIL, Suppression.Reason.HARD_BOUNCE, detail="Postmark: mailbox sam.resident not found")
    return sams


def test_sams_mail_is_found_and_exported(sams_mail):
    found = {source.key for source, _ in registry.find_all(EMAIL.upper())}
    assert found == {"mailer.outgoingemail", "mailer.suppression", "mailer.deliveryevent"}
    data = registry.export_all(EMAIL)
    assert data["mailer.outgoingemail"][0]["subject"] == "News for Sam Resident"
    assert data["mailer.suppression"][0]["reason"] == "hard_bounce"
    assert data["mailer.deliveryevent"][0]["event_type"] == "bounced"


def test_erasure_removes_the_merge_data_but_the_address_stays_suppressed(sams_mail):
    counts = registry.erase_all(EMAIL)
    assert counts == {"mailer.outgoingemail": 1, "mailer.suppression": 1, "mailer.deliveryevent": 1}
    assert registry.find_all(EMAIL) == []
    assert not OutgoingEmail.objects.filter(merge_data__name="Sam Resident").exists()
    assert OutgoingEmail.objects.filter(to="alex@example.org").count() == 1
    suppression = Suppression.objects.get()
    assert suppression.email is None and suppression.detail == ""
    assert EMAIL not in str(Suppression.objects.values().get())

    # Signed up again later, Sam's address is still known to bounce: nothing is sent to it.
    assert services.is_suppressed(EMAIL, OutgoingEmail.Kind.TRANSACTIONAL)
    content = services.create_shared_content(subject="More", body_text="Hello")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.queue_bulk(content, [(EMAIL, {}, None)], batch_key="campaign:2")
    assert OutgoingEmail.objects.get(batch_key="campaign:2").status == OutgoingEmail.Status.SUPPRESSED
    assert registry.erase_all(EMAIL) == {"mailer.outgoingemail": 1}


def test_delivery_reports_are_deleted_after_their_retention_period(sams_mail, settings):
    settings.MAILER_EVENT_RETENTION_DAYS = 30
    DeliveryEvent.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert registry.apply_retention_rules()["mailer.deliveryevent"] == 1
    assert not DeliveryEvent.objects.exists()
    assert Suppression.objects.filter(email=EMAIL).exists()  # kept until erased
