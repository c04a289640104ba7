"""Sending a newsletter issue to a mailing list by e-mail."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class NewsletterCampaign(models.Model):
    """One issue sent (or to be sent) to one list. Rules are in campaigns.py.

    An issue goes to a list at most once: a second "send now" finds the first campaign, and
    the fan-out gives every message a key made of the campaign and the subscriber.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.DRAFT, Status.SCHEDULED, Status.SENDING, Status.SENT)

    issue = models.ForeignKey("newsletters.NewsletterIssuePage", on_delete=models.CASCADE, related_name="campaigns")
    mailing_list = models.ForeignKey("newsletters.MailingList", on_delete=models.PROTECT, related_name="campaigns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    content = models.ForeignKey("mailer.SharedContent", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text="The e-mail as rendered once for everyone.")
    recipients = models.PositiveIntegerField(default=0, help_text="Messages queued by the fan-out.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "mailing_list"], condition=~Q(status="cancelled"),
                name="one_campaign_per_issue_and_list",
            ),
        ]
        permissions = [("send_newslettercampaign", "Can send, schedule and cancel newsletter campaigns")]

    def __str__(self):
        return f"{self.issue.title} to {self.mailing_list.name}"

    @property
    def batch_key(self):
        return f"newsletter-campaign:{self.pk}"

    def recipient_dedupe_key(self, subscriber_id):
        return f"{self.batch_key}:subscriber:{subscriber_id}"
