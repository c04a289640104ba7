"""Subscribers are found, exported and erased by e-mail address, and removed when no longer needed."""
import datetime

import pytest
from django.utils import timezone

from newsletters.models import Subscriber, Subscription
from privacy import registry

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make(email, lists, *, created_days_ago=0, confirmed=True, status="subscribed", left_days_ago=None):
    subscriber = Subscriber.objects.create(email=email, name="Sam", confirmed_at=NOW if confirmed else None)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=NOW - datetime.timedelta(days=created_days_ago),
        updated_at=NOW - datetime.timedelta(days=left_days_ago or created_days_ago))
    unsubscribed_at = NOW - datetime.timedelta(days=left_days_ago) if left_days_ago is not None else None
    Subscription.objects.create(subscriber=subscriber, mailing_list=lists[0], status=status,
                                unsubscribed_at=unsubscribed_at)
    return subscriber


def test_find_export_and_erase_by_email(lists):
    make("sam@example.org", lists)
    exported = registry.export_all("SAM@example.org")
    assert exported["newsletters.subscriber"] == [
        {"email": "sam@example.org", "name": "Sam", "language": "en-gb", "confirmed_at": NOW.isoformat(),
         "created_at": Subscriber.objects.get().created_at.isoformat()}]
    [subscription] = exported["newsletters.subscription"]
    assert subscription["mailing_list"] == "Stakeholder newsletter" and subscription["status"] == "Subscribed"

    assert registry.erase_all("sam@example.org") == {"newsletters.subscription": 1, "newsletters.subscriber": 1}
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


def test_retention_removes_unconfirmed_and_long_gone_addresses(lists, settings):
    settings.NEWSLETTERS_UNCONFIRMED_RETENTION_DAYS = 30
    settings.NEWSLETTERS_UNSUBSCRIBED_RETENTION_DAYS = 365
    make("never-confirmed@example.org", lists, created_days_ago=31, confirmed=False, status="pending")
    make("just-signed-up@example.org", lists, created_days_ago=2, confirmed=False, status="pending")
    make("reader@example.org", lists, created_days_ago=900)
    make("left-long-ago@example.org", lists, created_days_ago=900, status="unsubscribed", left_days_ago=400)
    make("left-recently@example.org", lists, created_days_ago=900, status="unsubscribed", left_days_ago=10)

    results = registry.apply_retention_rules(NOW)
    assert results["newsletters.subscriber"] == 2
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "just-signed-up@example.org", "left-recently@example.org", "reader@example.org"]
    source = registry.get_source("newsletters.subscriber")
    assert "never confirmed are removed after 30 days" in source.retention_description
