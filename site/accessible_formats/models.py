"""Requests for a publication in another format, and the communication needs people asked us to
keep on record (NHS Accessible Information Standard). Both are personal data: shown only to the
Comms team in the admin, registered in personal_data.py."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from base.languages import PreferredLanguageField


class Format(models.TextChoices):
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy Read")
    AUDIO = "audio", _("Audio")
    BRAILLE = "braille", _("Braille")
    LANGUAGE = "language", _("Another language")
    BSL = "bsl", _("British Sign Language (BSL) video")
    OTHER = "other", _("Something else")


# How the format reads in a sentence: "We will make the report in large print for you."
FORMAT_PHRASES = {
    Format.LARGE_PRINT: _("in large print"),
    Format.EASY_READ: _("in Easy Read"),
    Format.AUDIO: _("as audio"),
    Format.BRAILLE: _("in Braille"),
    Format.LANGUAGE: _("in another language"),
    Format.BSL: _("as a British Sign Language (BSL) video"),
    Format.OTHER: _("in the format you asked for"),
}


class ReplyBy(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")


class FormatNeed(models.Model):
    """What format someone needs and how to reach them: shared by a request and a recorded need."""

    format = models.CharField(max_length=20, choices=Format.choices)
    language = models.CharField(max_length=100, blank=True, help_text="For another language: which one.")
    details = models.TextField(blank=True, help_text="For something else: what they need.")
    name = models.CharField(max_length=200)
    reply_by = models.CharField(max_length=10, choices=ReplyBy.choices, verbose_name="contact by")
    email = models.EmailField(blank=True, verbose_name="e-mail address")
    phone = models.CharField(max_length=20, blank=True, verbose_name="phone number",
                             help_text="Kept as digits (base.phone), so the Personal data tool finds it.")
    address = models.TextField(blank=True, verbose_name="postal address")

    class Meta:
        abstract = True

    @property
    def format_label(self):
        """"Large print", "Another language: Polish", "Something else: tactile diagrams"."""
        if self.format == Format.LANGUAGE and self.language:
            return f"{self.language} (another language)"
        if self.format == Format.OTHER and self.details:
            return f"Something else: {self.details}"
        return self.get_format_display()

    @property
    def format_phrase(self):
        """How the format reads in a sentence, in the language active now: "in large print"."""
        if self.format == Format.LANGUAGE and self.language:
            return gettext("in %(language)s") % {"language": self.language}
        return str(FORMAT_PHRASES.get(self.format, _("in another format")))


class FormatRequest(FormatNeed):
    """Someone asked for a publication in another format. The Comms team works through these."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="publication")
    # Kept as they were when asked, so the request still makes sense if the page moves or goes.
    publication_title = models.CharField(max_length=255, verbose_name="publication")
    publication_url = models.CharField(max_length=500, blank=True)
    keep_need = models.BooleanField(default=False, verbose_name="asked us to keep their need on record")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name="received")
    due_on = models.DateField(db_index=True, verbose_name="due")
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name="done")
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The language the person read the form in ("language" above is the format they asked for).
    preferred_language = PreferredLanguageField()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "format request"

    def __str__(self):
        return f"{self.reference}: {self.publication_title} in {self.format_label}"

    @property
    def reference(self):
        """What the person and staff call the request by, e.g. on the phone: "F00042"."""
        return f"F{self.pk:05d}"

    @property
    def is_open(self):
        return self.status != self.Status.DONE

    def is_overdue(self, today=None):
        return self.is_open and self.due_on < (today or timezone.localdate())


class StatusChange(models.Model):
    """Who moved a request on, when, and their note (for a request marked done, the message the
    person was sent)."""

    request = models.ForeignKey(FormatRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=FormatRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=FormatRequest.Status.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_by_label = models.CharField(max_length=255, help_text="Kept if the account is removed.")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or 'Received'} to {self.get_to_status_display()}"


class CommunicationNeed(FormatNeed):
    """A person's communication need, kept with their consent so that they are not asked again.
    One per person: found by e-mail address, else phone number, else name and address."""

    consent_version = models.PositiveSmallIntegerField(
        help_text="Version of the 'communication_needs' consent wording they agreed to (privacy.consents).")
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True,
                                      help_text="When they last asked for this format.")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "communication need"

    def __str__(self):
        return f"{self.name}: {self.format_label}"
