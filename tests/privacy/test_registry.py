"""The personal data registry finds, exports and erases across every app that registered."""
import pytest
from django.db import IntegrityError

from base.models import ContactMessage
from mailer.models import OutgoingEmail
from privacy import registry
from privacy.models import ConsentRecord
from privacy.services import record_consent
from tests.factories import ContactMessageFactory

pytestmark = pytest.mark.django_db

EMAIL = "sam.resident@example.org"


@pytest.fixture
def sams_data():
    """Sam's data in three apps, plus someone else's that must never be touched."""
    ContactMessageFactory(email=EMAIL, subject="Parking at the Manor")
    ContactMessageFactory(email="Sam.Resident@Example.org", subject="Second question")
    record_consent(EMAIL, "contact", source="/contact/")
    OutgoingEmail.objects.create(to=EMAIL, subject="Thanks for your message", body_text="Hello Sam",
                                 status=OutgoingEmail.Status.SENT)
    ContactMessageFactory(email="alex@example.org")
    record_consent("alex@example.org", "contact", source="/contact/")
    OutgoingEmail.objects.create(to="alex@example.org", subject="Hello", body_text="Hello Alex")


def test_every_app_registered_its_data():
    keys = {source.key for source in registry.sources()}
    assert {"base.contactmessage", "privacy.consentrecord", "mailer.outgoingemail"} <= keys
    for source in registry.sources():
        assert source.label
        assert source.retention_description


def test_a_source_cannot_be_registered_twice():
    with pytest.raises(ValueError):
        registry.register(registry.get_source("base.contactmessage"))


def test_find_all_finds_records_in_every_app_ignoring_case(sams_data):
    found = {source.key: records for source, records in registry.find_all("  SAM.resident@example.org ")}
    assert set(found) == {"base.contactmessage", "privacy.consentrecord", "mailer.outgoingemail"}
    assert {m.subject for m in found["base.contactmessage"]} == {"Parking at the Manor", "Second question"}
    assert len(found["privacy.consentrecord"]) == 1
    assert [e.subject for e in found["mailer.outgoingemail"]] == ["Thanks for your message"]


def test_find_all_leaves_out_sources_with_nothing(db):
    ContactMessageFactory(email=EMAIL)
    assert [source.key for source, _ in registry.find_all(EMAIL)] == ["base.contactmessage"]
    assert registry.find_all("nobody@example.org") == []


def test_export_all_gives_plain_values_for_each_source(sams_data):
    data = registry.export_all(EMAIL)
    assert set(data) == {"base.contactmessage", "privacy.consentrecord", "mailer.outgoingemail"}
    message = next(m for m in data["base.contactmessage"] if m["subject"] == "Parking at the Manor")
    assert message["name"] == "Sam Resident"
    assert isinstance(message["created_at"], str)  # ISO 8601, ready for JSON
    consent = data["privacy.consentrecord"][0]
    assert consent["purpose"] == "contact" and consent["wording_version"] == 1
    assert "12 months" in consent["wording_text"]
    assert data["mailer.outgoingemail"] == [
        {"subject": "Thanks for your message", "kind": "transactional", "status": "sent",
         "created_at": data["mailer.outgoingemail"][0]["created_at"], "sent_at": None},
    ]
    # Only the fields each app chose to export: never the e-mail bodies.
    assert "body_text" not in data["mailer.outgoingemail"][0]


def test_erase_all_erases_everything_for_the_address_and_nothing_else(sams_data):
    counts = registry.erase_all(EMAIL)
    assert counts == {"base.contactmessage": 2, "privacy.consentrecord": 1, "mailer.outgoingemail": 1}
    assert registry.find_all(EMAIL) == []
    assert ContactMessage.objects.filter(email="alex@example.org").count() == 1
    assert ConsentRecord.objects.filter(email="alex@example.org").count() == 1
    assert OutgoingEmail.objects.filter(to="alex@example.org").count() == 1
    assert registry.erase_all(EMAIL) == {}


def test_erase_all_is_all_or_nothing(sams_data, monkeypatch):
    source = registry.get_source("mailer.outgoingemail")

    def broken_erase(email):
        raise IntegrityError("disk full")

    monkeypatch.setattr(source, "erase", broken_erase)
    with pytest.raises(IntegrityError):
        registry.erase_all(EMAIL)
    assert ContactMessage.objects.filter(email__iexact=EMAIL).count() == 2
    assert ConsentRecord.objects.filter(email=EMAIL).count() == 1
