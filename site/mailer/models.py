from django.db import models
from django.utils import timezone


class SharedContent(models.Model):
    """The subject, bodies and headers of a bulk send (a newsletter campaign), stored once.

    `%%key%%` merge tags are filled in per recipient from OutgoingEmail.merge_data at send time.
    """

    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.subject


class OutgoingEmail(models.Model):
    """One e-mail to one recipient. Saved before sending, so nothing is ever dropped.

    A message queued with queue_email carries its own subject and bodies; one fanned out with
    queue_bulk points at SharedContent and keeps only its merge data.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Suppressed"

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", "Transactional"
        MARKETING = "marketing", "Marketing"

    to = models.EmailField()
    subject = models.CharField(max_length=255, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    reply_to = models.CharField(
        max_length=255, blank=True,
        help_text="Where replies go: a role mailbox, for e-mails that invite a reply (we send from a no-reply address).",
    )
    attachments = models.JSONField(default=list, blank=True, help_text="filename, mimetype and base64 content")
    content = models.ForeignKey(SharedContent, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="messages")
    merge_data = models.JSONField(default=dict, blank=True, help_text="Values for the content's %%key%% tags.")
    batch_key = models.CharField(max_length=255, blank=True,
                                 help_text="Groups the messages of one bulk send, e.g. newsletter-campaign:12.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSACTIONAL)
    dedupe_key = models.CharField(
        max_length=255, null=True, blank=True,
        help_text="Set when a message must be sent at most once, e.g. one reminder per booking.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    send_started_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Set just before the message is handed to the e-mail backend; with status still "
                  "'sending' it means the send may or may not have happened.",
    )
    last_error = models.TextField(blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        # Only the indexes the pipeline reads by (each one slows the fan-out's inserts); declared
        # here rather than with db_index/unique so PostgreSQL gets no unused LIKE indexes.
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),  # the worker's due messages
            models.Index(fields=["batch_key", "status"], name="mailer_outgoing_batch_idx"),  # batch_progress
            models.Index(fields=["esp_message_id"], condition=~models.Q(esp_message_id=""),
                         name="mailer_outgoing_esp_id_idx"),  # matching tracking webhooks
            models.Index(fields=["to"], name="mailer_outgoing_to_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="mailer_outgoing_dedupe_key_unique"),
        ]

    def __str__(self):
        return f"{self.subject or self.content or 'E-mail'} to {self.to}"


class Suppression(models.Model):
    """An address we must not e-mail. A hard bounce stops every kind of e-mail; a complaint,
    an unsubscribe reported by the ESP or a manual entry by staff stop marketing e-mail.

    `email_digest` (a keyed hash) is what sends are checked against, so when a person's data is
    erased the address itself is removed but the suppression still works.
    """

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        COMPLAINT = "complaint", "Spam complaint"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed at the e-mail provider"
        MANUAL = "manual", "Added by staff"

    email = models.EmailField(unique=True, null=True, blank=True, help_text="Empty once the person's data is erased.")
    email_digest = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email or 'Erased address'} ({self.get_reason_display()})"


class DeliveryEvent(models.Model):
    """What the ESP told us happened to a message after we sent it (from its tracking webhook)."""

    class EventType(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        DEFERRED = "deferred", "Delayed"
        BOUNCED = "bounced", "Bounced"
        REJECTED = "rejected", "Rejected by the provider"
        FAILED = "failed", "Failed at the provider"
        COMPLAINED = "complained", "Marked as spam"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    outgoing = models.ForeignKey(OutgoingEmail, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="delivery_events")
    batch_key = models.CharField(max_length=255, blank=True, db_index=True)
    email = models.EmailField(db_index=True)
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    esp_event_id = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField()
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["esp_event_id", "event_type"], condition=~models.Q(esp_event_id=""),
                                    name="mailer_deliveryevent_once_per_esp_event"),
        ]

    def __str__(self):
        return f"{self.get_event_type_display()}: {self.email}"
