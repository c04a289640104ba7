from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    """One e-mail to one recipient. Saved before sending, so nothing is ever dropped."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", "Transactional"
        MARKETING = "marketing", "Marketing"

    to = models.EmailField(db_index=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text="filename, mimetype and base64 content")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSACTIONAL)
    dedupe_key = models.CharField(
        max_length=255, null=True, blank=True, unique=True,
        help_text="Set when a message must be sent at most once, e.g. one reminder per booking.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} to {self.to}"
