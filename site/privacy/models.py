from django.conf import settings
from django.db import models


class ConsentRecord(models.Model):
    """That a person agreed to a purpose, with the words they were shown and when."""

    email = models.EmailField(db_index=True)
    purpose = models.CharField(max_length=50)
    wording_version = models.PositiveIntegerField()
    wording_text = models.TextField()
    source = models.CharField(max_length=255, help_text="The page or form where consent was given.")
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["given_at"])]

    def __str__(self):
        from .consents import purpose_label

        return f"{purpose_label(self.purpose)}, wording version {self.wording_version} ({self.given_at:%-d %B %Y})"


class AuditLogEntry(models.Model):
    """A member of staff looked at, exported or erased someone's personal data."""

    class Action(models.TextChoices):
        SEARCH = "search", "Searched"
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased"
        RETENTION = "retention", "Retention rule applied"
        MODERATE = "moderate", "Moderated feedback"
        CLAIM_CHECK = "claim_check", "Checked an involvement claim"
        CLAIM_APPROVE = "claim_approve", "Approved an involvement claim"
        CLAIM_RETURN = "claim_return", "Returned an involvement claim"
        CLAIM_REJECT = "claim_reject", "Rejected an involvement claim"
        CLAIM_PAID = "claim_paid", "Marked an involvement claim paid"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=255, help_text="Who did it, kept if the account is removed.")
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(max_length=255, blank=True, help_text="Masked, so the log itself holds no address.")
    subject_digest = models.CharField(max_length=64, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "audit log entries"
        permissions = [("manage_personal_data", "Can find, export and erase a person's data")]

    def __str__(self):
        return f"{self.actor_label} {self.get_action_display().lower()} {self.subject}"


class SubjectAccessRequest(models.Model):
    """A person asked for a copy of their data: logged with the date it arrived, so the legal
    deadline (one calendar month, UK GDPR Article 12(3)) is worked out and watched."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    requester = models.CharField(max_length=200, verbose_name="requester's name")
    email = models.EmailField(blank=True, verbose_name="requester's e-mail address",
                              help_text="How we reply, and how the Personal data tool finds them.")
    phone = models.CharField(max_length=20, blank=True, verbose_name="requester's phone number",
                             help_text="Written any way: it is kept as digits, so the Personal data tool finds it.")
    received_on = models.DateField(verbose_name="received",
                                   help_text="The day the request reached us: the month to answer starts then.")
    due_on = models.DateField(editable=False, verbose_name="due",
                              help_text="One calendar month after it was received.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    completed_on = models.DateField(null=True, blank=True, verbose_name="completed",
                                    help_text="The day we sent the person their data. Today, if you leave it empty "
                                              "when you mark the request completed.")
    notes = models.TextField(blank=True, help_text="What was sent and how. Do not copy the person's data here.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "subject access request"

    def __str__(self):
        return f"{self.requester} (received {self.received_on:%d %B %Y})"
