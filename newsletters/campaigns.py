"""Sending a newsletter issue to a mailing list: the rules, as plain functions.

- Only a published issue is sent, at most once to each list (a second "send now" finds the
  first campaign), now or at a time in the future; a scheduled send can be cancelled until it
  starts.
- Starting is a conditional update from "scheduled" (or from creation) to "sending", so of two
  workers or two clicks only one starts it.
- The fan-out renders the e-mail once (rendering.render_issue), stores it once
  (mailer.create_shared_content) and queues one message per confirmed subscriber in bulk
  (mailer.queue_bulk) with their own links as merge data. Every message has a key made of the
  campaign and the subscriber, so a fan-out that is run again after a crash adds nobody twice.
- The mailer's worker does the sending, at the configured rate, with retries; suppressed
  addresses (hard bounces, complaints) are counted but never sent to.

Callers catch `CampaignError`, whose message can be shown to the member of staff.
"""
import uuid

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import COMMS_APPROVERS
from mailer.models import OutgoingEmail
from mailer.services import batch_progress, create_shared_content, merge, queue_bulk, queue_email

from . import links
from .models import NewsletterCampaign, Subscription
from .rendering import MARKETING_HEADERS, RenderedEmail, render_issue
from .subscriptions import ESP_UNSUBSCRIBE_REASON

Status = NewsletterCampaign.Status
TEST_BATCH_PREFIX = "newsletter-test"


class CampaignError(Exception):
    """A sending rule was not met. The message is written for staff."""


def campaigns_for(issue):
    return NewsletterCampaign.objects.filter(issue=issue).select_related("mailing_list", "created_by")


def upcoming_campaigns():
    """Campaigns scheduled or sending now, soonest first (for the dashboard)."""
    return list(NewsletterCampaign.objects.filter(status__in=[Status.SCHEDULED, Status.SENDING])
                .select_related("issue", "mailing_list").order_by("status", "scheduled_for"))


def recipient_count(mailing_list):
    """How many confirmed subscribers a list has now (the fan-out may find a few more or fewer)."""
    return _recipients_queryset(mailing_list.pk).count()


def send_campaign(issue, mailing_list, *, user=None, send_at=None, now=None):
    """Send `issue` to `mailing_list` now, or schedule it for `send_at`. Returns the campaign.

    An issue goes to a list once: when a campaign for them is already scheduled, sending or
    sent, raises CampaignError (so a double click sends once)."""
    now = now or timezone.now()
    if not issue.live:
        raise CampaignError("Publish the newsletter before you send it: the e-mail links to it on the website.")
    if send_at is not None and send_at <= now:
        raise CampaignError("Choose a time in the future, or send it now.")
    try:
        with transaction.atomic():
            campaign = NewsletterCampaign.objects.create(
                issue=issue, mailing_list=mailing_list, created_by=user,
                status=Status.SCHEDULED if send_at else Status.SENDING,
                scheduled_for=send_at, started_at=None if send_at else now,
            )
            if not send_at:
                transaction.on_commit(lambda: _enqueue_fan_out(campaign.pk))
    except IntegrityError:
        existing = NewsletterCampaign.objects.filter(issue=issue, mailing_list=mailing_list).exclude(
            status=Status.CANCELLED).first()
        raise CampaignError(_already_message(existing)) from None
    return campaign


def _already_message(campaign):
    if campaign is None:
        return "This newsletter is already being sent to that list."
    if campaign.status == Status.SCHEDULED:
        when = timezone.localtime(campaign.scheduled_for).strftime("%-d %B %Y at %H:%M")
        return f"This newsletter is already scheduled to go to {campaign.mailing_list.name} on {when}."
    if campaign.status == Status.SENDING:
        return f"This newsletter is already being sent to {campaign.mailing_list.name}."
    return f"This newsletter has already been sent to {campaign.mailing_list.name}."


def cancel_campaign(campaign, *, user=None, now=None):
    """Cancel a scheduled send. Once it has started it cannot be cancelled."""
    now = now or timezone.now()
    cancelled = NewsletterCampaign.objects.filter(pk=campaign.pk, status=Status.SCHEDULED).update(
        status=Status.CANCELLED, cancelled_at=now, cancelled_by=user,
    )
    if not cancelled:
        raise CampaignError("It can no longer be cancelled: it has started sending or was already cancelled.")
    campaign.refresh_from_db()
    return campaign


def start_due_campaigns(now=None):
    """Start every scheduled campaign whose time has come (run every minute by the scheduler),
    and mark finished ones as sent. Returns the ids started."""
    now = now or timezone.now()
    started = []
    due = NewsletterCampaign.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now)
    for campaign_id in due.values_list("pk", flat=True):
        claimed = NewsletterCampaign.objects.filter(pk=campaign_id, status=Status.SCHEDULED).update(
            status=Status.SENDING, started_at=now)
        if claimed:
            started.append(campaign_id)
            transaction.on_commit(lambda campaign_id=campaign_id: _enqueue_fan_out(campaign_id))
    # A fan-out interrupted by a crash (sending, but never fanned out) is run again.
    for campaign_id in NewsletterCampaign.objects.filter(status=Status.SENDING, fanned_out_at=None).exclude(
            pk__in=started).values_list("pk", flat=True):
        transaction.on_commit(lambda campaign_id=campaign_id: _enqueue_fan_out(campaign_id))
    for campaign in NewsletterCampaign.objects.filter(status=Status.SENDING).exclude(fanned_out_at=None):
        finish_if_done(campaign, now=now)
    return started


def _enqueue_fan_out(campaign_id):
    from .tasks import fan_out_campaign

    fan_out_campaign.enqueue(campaign_id)


def fan_out(campaign_id, now=None):
    """Queue one message per confirmed subscriber of the campaign's list. Idempotent: a campaign
    already fanned out, or not sending, is left alone. Returns the number of messages queued."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = (NewsletterCampaign.objects.select_for_update().select_related("mailing_list")
                    .filter(pk=campaign_id).first())
        if campaign is None or campaign.status != Status.SENDING or campaign.fanned_out_at is not None:
            return 0
        issue = campaign.issue.specific
        rendered = render_issue(issue, campaign.mailing_list)
        content = create_shared_content(subject=rendered.subject, body_text=rendered.text,
                                        body_html=rendered.html, headers=dict(MARKETING_HEADERS))
        queued = queue_bulk(content, campaign_recipients(campaign), batch_key=campaign.batch_key,
                            kind=OutgoingEmail.Kind.MARKETING)
        campaign.content = content
        campaign.recipients = queued
        campaign.fanned_out_at = now
        campaign.save(update_fields=["content", "recipients", "fanned_out_at"])
    return queued


def _recipients_queryset(mailing_list_id):
    return Subscription.objects.filter(
        mailing_list_id=mailing_list_id, status=Subscription.Status.SUBSCRIBED,
        subscriber__confirmed_at__isnull=False,
    )


def campaign_recipients(campaign):
    """(email, merge data, dedupe key) for every confirmed subscriber of the list: one query,
    read in chunks; the signed links are built from one reversed URL each, not per person."""
    unsubscribe_prefix = links.absolute(reverse("newsletters:unsubscribe", args=["TOKEN"])).partition("TOKEN")
    preferences_prefix = links.absolute(reverse("newsletters:preferences", args=["TOKEN"])).partition("TOKEN")
    list_id = campaign.mailing_list_id
    rows = (_recipients_queryset(list_id).order_by("subscriber_id")
            .values_list("subscriber_id", "subscriber__email", "subscriber__name", "subscriber__token"))
    for subscriber_id, email, name, token in rows.iterator(chunk_size=2000):
        yield email, {
            "unsubscribe_url": f"{unsubscribe_prefix[0]}{links.unsubscribe_token(token, list_id)}{unsubscribe_prefix[2]}",
            "preferences_url": f"{preferences_prefix[0]}{links.preferences_token(token)}{preferences_prefix[2]}",
            "name": name,
        }, campaign.recipient_dedupe_key(subscriber_id)


def report(campaign):
    """The campaign's progress (finishing it when nothing is left to send), with the people who
    left the list from this e-mail's own unsubscribe or preferences links."""
    progress = finish_if_done(campaign)
    progress["left_from_links"] = unsubscribes_from_links(campaign)
    return progress


def unsubscribes_from_links(campaign):
    """Recipients who have since left the campaign's list through our own links (one-click
    unsubscribe or the preferences page), not counting those the e-mail service reported
    (counted as its unsubscribes and complaints)."""
    if campaign.started_at is None:
        return 0
    recipients = OutgoingEmail.objects.filter(batch_key=campaign.batch_key).values("to")
    return Subscription.objects.filter(
        mailing_list_id=campaign.mailing_list_id, status=Subscription.Status.UNSUBSCRIBED,
        unsubscribed_at__gte=campaign.started_at, subscriber__email__in=recipients,
    ).exclude(unsubscribe_reason=ESP_UNSUBSCRIBE_REASON).count()


def ask_approvers(issue, mailing_list, *, requested_by, note="", url):
    """E-mail every active Comms approver asking them to send `issue` to `mailing_list`, with a
    link to its sending screen. Returns how many were asked (0: nobody could be asked)."""
    approvers = (get_user_model().objects.filter(groups__name=COMMS_APPROVERS, is_active=True)
                 .exclude(email="").exclude(pk=requested_by.pk).distinct())
    key = uuid.uuid4()
    for approver in approvers:
        queue_email(approver.email, "newsletters/email/ask_approver", {
            "issue": issue, "mailing_list": mailing_list, "requested_by": requested_by, "note": note,
            "url": url, "recipients": recipient_count(mailing_list),
        }, dedupe_key=f"newsletter-ask-approver:{issue.pk}:{approver.pk}:{key}")
    return len(approvers)


def finish_if_done(campaign, now=None):
    """Mark a sending campaign as sent once no message of it waits to be sent. Returns its progress."""
    campaign.refresh_from_db()
    progress = batch_progress(campaign.batch_key)
    if (campaign.status == Status.SENDING and campaign.fanned_out_at is not None
            and progress["queued"] == 0 and progress["sending"] == 0):
        NewsletterCampaign.objects.filter(pk=campaign.pk, status=Status.SENDING).update(
            status=Status.SENT, finished_at=now or timezone.now())
        campaign.refresh_from_db()
    return progress


def send_test(issue, mailing_list, to):
    """The campaign's e-mail to one member of staff, marked as a test. Its personal links are
    examples that do nothing. Returns the number of messages queued (0 if the address is suppressed)."""
    rendered = render_issue(issue, mailing_list)
    content = create_shared_content(subject=f"[Test] {rendered.subject}", body_text=rendered.text,
                                    body_html=rendered.html, headers=dict(MARKETING_HEADERS))
    return queue_bulk(content, [(to, _example_merge_data(), None)], batch_key=f"{TEST_BATCH_PREFIX}:{issue.pk}",
                      kind=OutgoingEmail.Kind.MARKETING)


def preview(issue, mailing_list):
    """The e-mail as a subscriber would get it, with example links in place of the merge tags."""
    rendered = render_issue(issue, mailing_list)
    merge_data = _example_merge_data()
    return RenderedEmail(subject=rendered.subject, text=merge(rendered.text, merge_data),
                         html=merge(rendered.html, merge_data, escape=True))


def _example_merge_data():
    example = links.absolute(reverse("newsletters:test_link"))
    return {"unsubscribe_url": example, "preferences_url": example, "name": ""}
