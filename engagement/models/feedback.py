"""What residents said in an engagement exercise, and what the partnership did about it.

A `Response` (with its `Answer`s) is what one person sent: personal data until its contact
details are removed (personal_data.py). Staff moderate it; only an approved answer's
`public_text` (the redacted version) can ever be shown, and only within the person's
publishing consent: services/feedback.py `public_quotes` is the one place that decides.
A `Theme` ("You said") groups responses; an `Action` ("We did") answers one or more themes,
with `ActionUpdate`s as its timeline and `EvidenceLink`s to where people can read more.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from base.languages import PreferredLanguageField

from ..localities import Locality
from .exercises import EngagementExercisePage, PartnerOrganisation


class Response(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        QUARANTINED = "quarantined", "Quarantined (blocked sender)"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone"
        PAPER = "paper", "Paper form"
        EVENT = "event", "At an event"

    class PublishConsent(models.TextChoices):
        NAMED = "named", _("Yes, quote my words with the name I give below")
        ANONYMOUS = "anonymous", _("Yes, quote my words without my name")
        NO = "no", _("No, do not quote my words (we will still count and read them)")

    exercise = models.ForeignKey(EngagementExercisePage, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE, db_index=True)
    locality = models.CharField(max_length=10, choices=Locality.choices, blank=True, db_index=True)
    publish_consent = models.CharField("may we quote it", max_length=10, choices=PublishConsent.choices,
                                       default=PublishConsent.NO)
    publish_consent_version = models.PositiveSmallIntegerField(null=True, blank=True)
    display_name = models.CharField("name to show with a quote", max_length=60, blank=True)
    email = models.EmailField(blank=True, help_text="Only when the person asked to hear what happened.")
    wants_updates = models.BooleanField(default=False)
    updates_consent_version = models.PositiveSmallIntegerField(null=True, blank=True)
    updates_stopped_at = models.DateTimeField(null=True, blank=True)
    # The language they responded in: the e-mails they asked for are written in it.
    language = PreferredLanguageField(db_index=True)
    ip_digest = models.CharField(max_length=64, blank=True, db_index=True,
                                 help_text="A keyed hash of the sender's internet address, for blocking abuse.")
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name="received")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The member of staff who typed it in.")
    entered_by_label = models.CharField(max_length=255, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by_label = models.CharField(max_length=255, blank=True)
    rejection_reason = models.TextField(blank=True)
    safeguarding_flagged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    safeguarding_note = models.TextField(blank=True)
    contact_removed_at = models.DateTimeField(null=True, blank=True,
                                              help_text="When the e-mail address was removed (retention).")

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "feedback response"
        # the second: reading an exercise's quotes in the order they were approved (its first few)
        indexes = [models.Index(fields=["exercise", "status"]), models.Index(fields=["exercise", "moderated_at"])]

    def __str__(self):
        return f"Response {self.pk} to {self.exercise.title}"

    @property
    def is_flagged(self):
        return self.safeguarding_flagged_at is not None

    @property
    def reference(self):
        return f"R{self.pk:05d}" if self.pk else ""


class Answer(models.Model):
    class Kind(models.TextChoices):
        FREE_TEXT = "free_text", "Free text"
        CHOICE = "choice", "Choice"
        RATING = "rating", "Rating"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64, help_text="The id of the question's block on the exercise page.")
    question = models.CharField(max_length=300, help_text="The question as it was asked.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True, help_text="What the person wrote, or the answer(s) they chose. Staff only.")
    choices = models.JSONField(default=list, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    quotable = models.BooleanField(default=False, help_text="A free text answer the exercise allows quoting.")
    public_text = models.TextField(blank=True, help_text="The approved, redacted text that may be quoted.")
    redacted = models.BooleanField(default=False)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.question


class Theme(models.Model):
    """"You said": a plain-English statement of what a group of responses said."""

    exercise = models.ForeignKey(EngagementExercisePage, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("you said", max_length=300,
                             help_text='What people told us, in plain English, e.g. "Care should be joined up".')
    summary = models.TextField(blank=True, help_text="Optional: more about what people said.")
    responses = models.ManyToManyField(Response, blank=True, related_name="themes")
    # Shown by default: the published actions answering a theme only appear under it.
    is_published = models.BooleanField("show on the website", default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("exercise"), FieldPanel("title"), FieldPanel("summary"), FieldPanel("sort_order"),
              FieldPanel("is_published")]

    class Meta:
        ordering = ["exercise", "sort_order", "pk"]

    def __str__(self):
        return f"{self.exercise.title}: {self.title}"


class Action(ClusterableModel):
    """"We did": what a partner did, or will do, about one or more themes."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_POSSIBLE = "not_possible", "Not possible"

    exercise = models.ForeignKey(EngagementExercisePage, on_delete=models.CASCADE, related_name="actions")
    themes = models.ManyToManyField(Theme, related_name="actions",
                                    help_text="What people said that this action answers (themes of the same exercise).")
    title = models.CharField("we did", max_length=300, help_text='What was or will be done, e.g. "We ...".')
    description = models.TextField(blank=True)
    partner = models.ForeignKey(PartnerOrganisation, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="actions", help_text="Which partner is doing it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    not_possible_reason = models.TextField(blank=True, help_text="Why it is not possible (needed for that status).")
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField("expected by", null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    is_published = models.BooleanField("show on the website", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    # Edited through views/actions.py (ACTION_PANELS), so that saving goes through services/loop.py.

    class Meta:
        ordering = ["exercise", "sort_order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.status == self.Status.NOT_POSSIBLE and not (self.not_possible_reason or "").strip():
            raise ValidationError({"not_possible_reason": "Say why the action is not possible."})


class ActionUpdate(models.Model):
    """One entry on an action's public timeline. Publishing and status changes make one each,
    and each such entry is e-mailed once to the contributors who asked to hear back."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        STATUS = "status", "Status changed"
        PROGRESS = "progress", "Progress update"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Action.Status.choices, help_text="The status at that time.")
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_label = models.CharField(max_length=255, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.action}"

    @property
    def notifies(self):
        return self.kind in (self.Kind.PUBLISHED, self.Kind.STATUS)


class EvidenceLink(Orderable):
    """Where to read more about an action: a page on this site (a highlight report, a newsletter
    issue ...) or another address."""

    action = ParentalKey(Action, on_delete=models.CASCADE, related_name="evidence_links")
    title = models.CharField(max_length=200, blank=True, help_text="Defaults to the page's title.")
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    url = models.URLField("or a link", blank=True, max_length=500)

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("title")]

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.url):
            raise ValidationError("Choose a page or enter a link (one of them).")
        if self.url and not self.title:
            raise ValidationError({"title": "Give the link a title."})

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.title or (self.page.title if self.page_id else self.url)

    @property
    def kind(self):
        if not self.page_id:
            return "Link"
        name = self.page.specific_class.__name__ if self.page.specific_class else ""
        return {"HighlightReportPage": "Highlight report", "NewsletterIssuePage": "Newsletter"}.get(name, "Page")

    @property
    def href(self):
        return self.page.url if self.page_id else self.url


class BlockedSender(models.Model):
    """A sender staff blocked for abuse, by keyed hashes only: the block list holds no address.

    What a blocked sender sends is accepted as usual (they are not told), kept in quarantine
    and never shown anywhere public; staff can still read it and release it.
    """

    email_digest = models.CharField(max_length=64, blank=True, db_index=True)
    ip_digest = models.CharField(max_length=64, blank=True, db_index=True)
    reason = models.TextField()
    created_by_label = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    source_response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Blocked sender {self.pk} ({self.created_at:%d %b %Y})"



class Tally(models.Model):
    """One count a public page shows, kept up to date by services/tallies.py as responses change,
    so a page reads a few small rows instead of counting every response."""

    name = models.CharField(max_length=40)
    value = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name}: {self.value}"


class ExerciseTally(Tally):
    """An exercise's count: "participants", "quotes" or "channel:<channel>"."""

    exercise = models.ForeignKey(EngagementExercisePage, on_delete=models.CASCADE, related_name="tallies")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exercise", "name"], name="one_exercise_tally_per_name")]


class ThemeTally(Tally):
    """A theme's count: "responses" or "quotes"."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tallies")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["theme", "name"], name="one_theme_tally_per_name")]
