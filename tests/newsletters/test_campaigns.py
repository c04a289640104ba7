"""Sending an issue to a list: test send, fan-out once, scheduling and cancelling."""
import datetime
import difflib
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mailer.models import OutgoingEmail, SharedContent
from mailer.services import suppress
from newsletters import campaigns, rendering
from newsletters.models import MailingList, NewsletterCampaign, Subscriber, Subscription
from newsletters.tasks import start_due_campaigns

pytestmark = pytest.mark.django_db

Status = NewsletterCampaign.Status


def subscribe(email, mailing_list, *, confirmed=True, status=Subscription.Status.SUBSCRIBED, name=""):
    subscriber, _ = Subscriber.objects.get_or_create(
        email=email, defaults={"name": name, "confirmed_at": timezone.now() if confirmed else None})
    Subscription.objects.create(subscriber=subscriber, mailing_list=mailing_list, status=status)
    return subscriber


@pytest.fixture
def audience(lists):
    """Two confirmed subscribers of the stakeholder newsletter, and people who must not get it."""
    stakeholders, get_involved = lists
    subscribe("ann@example.org", stakeholders, name="Ann")
    subscribe("bob@example.org", stakeholders)
    subscribe("pending@example.org", stakeholders, confirmed=False, status=Subscription.Status.PENDING)
    subscribe("left@example.org", stakeholders, status=Subscription.Status.UNSUBSCRIBED)
    subscribe("other@example.org", get_involved)
    return stakeholders


def send_now(issue, mailing_list, callbacks):
    with callbacks(execute=True):
        return campaigns.send_campaign(issue, mailing_list)


def test_test_send_goes_to_the_member_of_staff_only(issue, audience, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.send_test(issue, audience, "editor@walsallhealthcare.nhs.uk") == 1
    [message] = mailoutbox
    assert message.to == ["editor@walsallhealthcare.nhs.uk"]
    assert message.subject == "[Test] Stakeholder newsletter: October 2020"
    assert message.extra_headers["List-Unsubscribe"] == "<http://testserver/subscriptions/test-link/>"
    html = message.alternatives[0][0]
    assert 'href="http://testserver/subscriptions/test-link/"' in html and "%%" not in html
    assert not NewsletterCampaign.objects.exists()


def test_fan_out_renders_once_and_queues_one_message_per_confirmed_subscriber(
        issue, audience, mailoutbox, django_capture_on_commit_callbacks):
    with mock.patch("newsletters.campaigns.render_issue", wraps=rendering.render_issue) as render:
        campaign = send_now(issue, audience, django_capture_on_commit_callbacks)
    assert render.call_count == 1
    assert SharedContent.objects.count() == 1
    campaign.refresh_from_db()
    assert campaign.recipients == 2 and campaign.fanned_out_at is not None
    rows = OutgoingEmail.objects.filter(batch_key=campaign.batch_key)
    assert sorted(rows.values_list("to", flat=True)) == ["ann@example.org", "bob@example.org"]
    ann = Subscriber.objects.get(email="ann@example.org")
    assert rows.get(to="ann@example.org").dedupe_key == f"newsletter-campaign:{campaign.pk}:subscriber:{ann.pk}"
    assert all(row.kind == OutgoingEmail.Kind.MARKETING for row in rows)

    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "bob@example.org"]
    message = next(m for m in mailoutbox if m.to == ["ann@example.org"])
    assert message.subject == "Stakeholder newsletter: October 2020"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/subscriptions/unsubscribe/") and unsubscribe.endswith("/>")
    html = message.alternatives[0][0]
    assert f'href="{unsubscribe[1:-1]}"' in html
    assert "Unsubscribe from Stakeholder newsletter: " + unsubscribe[1:-1] in message.body
    assert "/subscriptions/preferences/" in message.body and "%%" not in message.body + html
    bob = next(m for m in mailoutbox if m.to == ["bob@example.org"])
    assert bob.extra_headers["List-Unsubscribe"] != unsubscribe  # each person's own link

    # The one-click link in the header unsubscribes that person from that list only.
    Client(enforce_csrf_checks=True).post(unsubscribe[1:-1].removeprefix(settings.SITE_URL))
    assert ann.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED
    assert Subscription.objects.get(subscriber__email="bob@example.org").status == Subscription.Status.SUBSCRIBED


def test_running_the_fan_out_again_adds_nobody(issue, audience, mailoutbox, django_capture_on_commit_callbacks):
    campaign = send_now(issue, audience, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.fan_out(campaign.pk) == 0
    # As after a crash between queueing and recording the fan-out: the dedupe keys hold.
    NewsletterCampaign.objects.filter(pk=campaign.pk).update(fanned_out_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.fan_out(campaign.pk) == 0
    assert OutgoingEmail.objects.filter(batch_key=campaign.batch_key).count() == 2
    assert len(mailoutbox) == 2


def test_fan_out_queries_do_not_grow_with_the_list(issue, lists, django_capture_on_commit_callbacks):
    def queries_for(count, mailing_list):
        for number in range(count):
            subscribe(f"{mailing_list.slug}-{number}@example.org", mailing_list)
        campaign = NewsletterCampaign.objects.create(issue=issue, mailing_list=mailing_list, status=Status.SENDING)
        with CaptureQueriesContext(connection) as queries:
            assert campaigns.fan_out(campaign.pk) == count
        return [query["sql"][:200] for query in queries]

    warm_up, few, many = (MailingList.objects.create(name=name, slug=name) for name in ("warm-up", "few", "many"))
    queries_for(1, warm_up)  # image renditions and caches are made the first time
    for_many, for_few = queries_for(60, many), queries_for(3, few)
    assert len(for_many) == len(for_few), "\n".join(difflib.unified_diff(for_few, for_many, lineterm=""))


def test_sending_twice_sends_once(issue, audience, django_capture_on_commit_callbacks):
    send_now(issue, audience, django_capture_on_commit_callbacks)
    with pytest.raises(campaigns.CampaignError, match="already"):
        send_now(issue, audience, django_capture_on_commit_callbacks)
    assert NewsletterCampaign.objects.count() == 1
    assert OutgoingEmail.objects.count() == 2


def test_suppressed_addresses_are_counted_not_sent(issue, audience, mailoutbox, django_capture_on_commit_callbacks):
    suppress("bob@example.org", "hard_bounce")
    campaign = send_now(issue, audience, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    progress = campaigns.finish_if_done(campaign)
    assert (progress["sent"], progress["suppressed"], progress["total"]) == (1, 1, 2)
    assert campaign.status == Status.SENT and campaign.finished_at is not None


def test_a_draft_issue_cannot_be_sent(issue, audience):
    issue.unpublish()
    issue.refresh_from_db()
    with pytest.raises(campaigns.CampaignError, match="Publish"):
        campaigns.send_campaign(issue, audience)


def test_scheduled_campaign_starts_when_due_and_not_before(issue, audience, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    send_at = timezone.now() + datetime.timedelta(hours=2)
    campaign = campaigns.send_campaign(issue, audience, send_at=send_at)
    assert campaign.status == Status.SCHEDULED
    assert "newsletters.tasks.start_due_campaigns" in settings.PERIODIC_TASKS

    with django_capture_on_commit_callbacks(execute=True):
        start_due_campaigns.enqueue()
    assert mailoutbox == [] and NewsletterCampaign.objects.get().status == Status.SCHEDULED

    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.start_due_campaigns(now=send_at + datetime.timedelta(seconds=30)) == [campaign.pk]
        assert campaigns.start_due_campaigns(now=send_at + datetime.timedelta(seconds=90)) == []
    assert len(mailoutbox) == 2
    campaign.refresh_from_db()
    assert campaign.status == Status.SENDING
    campaigns.start_due_campaigns()
    campaign.refresh_from_db()
    assert campaign.status == Status.SENT


def test_cancelled_campaign_sends_nothing(issue, audience, mailoutbox, django_capture_on_commit_callbacks):
    send_at = timezone.now() + datetime.timedelta(hours=2)
    campaign = campaigns.send_campaign(issue, audience, send_at=send_at)
    campaigns.cancel_campaign(campaign)
    assert campaign.status == Status.CANCELLED and campaign.cancelled_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.start_due_campaigns(now=send_at + datetime.timedelta(minutes=1))
    assert mailoutbox == [] and not OutgoingEmail.objects.exists()
    with pytest.raises(campaigns.CampaignError):
        campaigns.cancel_campaign(campaign)
    # Once cancelled, the issue can be scheduled or sent to that list again.
    assert send_now(issue, audience, django_capture_on_commit_callbacks).status == Status.SENDING


def test_a_started_campaign_cannot_be_cancelled(issue, audience, django_capture_on_commit_callbacks):
    campaign = send_now(issue, audience, django_capture_on_commit_callbacks)
    with pytest.raises(campaigns.CampaignError, match="no longer"):
        campaigns.cancel_campaign(campaign)
