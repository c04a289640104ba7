"""Subscribers and their subscriptions as personal data: found, exported and erased by e-mail
address; addresses that were never confirmed, or that left every list, are removed in time."""
import datetime

from django.conf import settings
from django.db.models import Q

from privacy.registry import PersonalDataSource

from . import app_settings
from .models import Subscriber, Subscription


class SubscriptionData(PersonalDataSource):
    """Registered before SubscriberData, so that erasing counts the subscriptions before the
    subscriber (whose deletion removes them) goes."""

    model = Subscription
    label = "Newsletter subscriptions"
    email_field = "subscriber__email"
    export_fields = ("mailing_list", "status", "source", "source_page", "consent_basis", "consent_given_on",
                     "consent_detail", "subscribed_at", "unsubscribed_at", "created_at")
    retention_description = "Kept while the person is subscribed; removed with their address (see below)."

    def find(self, who):
        return super().find(who).select_related("mailing_list")

    def export_record(self, record):
        data = super().export_record(record)
        data["status"] = record.get_status_display()
        return data


class SubscriberData(PersonalDataSource):
    model = Subscriber
    label = "Newsletter subscribers"
    export_fields = ("email", "name", "language", "confirmed_at", "created_at")
    value_labels = {"language": settings.LANGUAGES}

    @property
    def retention_description(self):
        return (f"Addresses never confirmed are removed after {app_settings.unconfirmed_retention_days()} days; "
                f"people who left every list are removed {app_settings.unsubscribed_retention_days()} days later.")

    def expired(self, now):
        never_confirmed = Q(confirmed_at=None, created_at__lt=now - datetime.timedelta(
            days=app_settings.unconfirmed_retention_days()))
        left_long_ago = now - datetime.timedelta(days=app_settings.unsubscribed_retention_days())
        still_on_a_list = Subscription.objects.filter(
            Q(status__in=[Subscription.Status.SUBSCRIBED, Subscription.Status.PENDING])
            | Q(unsubscribed_at__gte=left_long_ago)
        ).values("subscriber_id")
        left_everything = Q(confirmed_at__isnull=False, updated_at__lt=left_long_ago) & ~Q(pk__in=still_on_a_list)
        return Subscriber.objects.filter(never_confirmed | left_everything)
