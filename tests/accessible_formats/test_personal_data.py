"""Requests and recorded needs in the privacy registry: found, exported, erased, and aged out."""
import datetime

import pytest
from django.utils import timezone

from accessible_formats.models import CommunicationNeed, FormatRequest
from privacy import registry
from privacy.consents import current_wording
from tests.factories import UserFactory

from .conftest import ask

pytestmark = pytest.mark.django_db


def test_requests_and_needs_are_registered_as_special_category_data():
    for key in ("accessible_formats.formatrequest", "accessible_formats.communicationneed"):
        source = registry.get_source(key)
        assert source.special_category and source.retention_description


def test_a_person_is_found_and_exported_by_e_mail_address_or_phone_number(publication):
    ask(publication, keep_need=True, format="language", language="Polish")
    ask(publication, reply_by="phone", phone="07700900123", name="Alex", keep_need=True)
    ask(publication, email="someone.else@example.org")
    exported = registry.export_all("SAM.CARER@example.org")
    [request] = exported["accessible_formats.formatrequest"]
    assert (request["format"], request["language"], request["email"]) == ("language", "Polish",
                                                                          "sam.carer@example.org")
    [need] = exported["accessible_formats.communicationneed"]
    assert need["consent_wording"] == current_wording("communication_needs").text
    by_phone = registry.export_all("07700 900 123")
    assert [r["name"] for r in by_phone["accessible_formats.formatrequest"]] == ["Alex"]
    assert [n["name"] for n in by_phone["accessible_formats.communicationneed"]] == ["Alex"]


def test_erasing_a_person_removes_their_requests_and_need_only(publication):
    ask(publication, keep_need=True)
    ask(publication, keep_need=True, email="someone.else@example.org")
    counts = registry.erase_all("sam.carer@example.org")
    assert counts["accessible_formats.formatrequest"] == 1
    assert counts["accessible_formats.communicationneed"] == 1
    assert list(FormatRequest.objects.values_list("email", flat=True)) == ["someone.else@example.org"]
    assert list(CommunicationNeed.objects.values_list("email", flat=True)) == ["someone.else@example.org"]


def test_done_requests_are_deleted_after_the_retention_period_and_open_ones_never(publication, settings):
    settings.FORMAT_REQUEST_RETENTION_DAYS = 30
    old_done, recent_done, old_open = ask(publication), ask(publication), ask(publication)
    long_ago = timezone.now() - datetime.timedelta(days=31)
    for request in (old_done, recent_done):
        request.status, request.completed_at = FormatRequest.Status.DONE, timezone.now()
        request.save()
    FormatRequest.objects.filter(pk=old_done.pk).update(completed_at=long_ago)
    FormatRequest.objects.filter(pk=old_open.pk).update(received_at=long_ago)
    registry.apply_retention_rules()
    assert set(FormatRequest.objects.values_list("pk", flat=True)) == {recent_done.pk, old_open.pk}


def test_a_need_is_deleted_3_years_after_the_person_last_asked(publication):
    ask(publication, keep_need=True)
    CommunicationNeed.objects.update(updated_at=timezone.now() - datetime.timedelta(days=3 * 365 + 1))
    ask(publication, keep_need=True, email="recent@example.org")
    registry.apply_retention_rules()
    assert list(CommunicationNeed.objects.values_list("email", flat=True)) == ["recent@example.org"]


def test_the_status_history_goes_with_an_erased_request(publication):
    from accessible_formats import services
    from accessible_formats.models import StatusChange

    services.start(ask(publication), UserFactory(), "Started")
    registry.erase_all("sam.carer@example.org")
    assert not StatusChange.objects.exists()
