"""The Walsall Together User Group: the public "Join" page, applications and their screening.

Applications are personal data (see engagement/personal_data.py); the business rules about
them (duplicates, the status workflow, invitations, retention) are in services/user_group.py.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from django.utils.translation import gettext_lazy as _

from base.blocks import RICH_TEXT_FEATURES
from base.languages import PreferredLanguageField
from base.models import BasePage

from ..localities import Locality


class UserGroupApplicationPage(RoutablePageMixin, BasePage):
    """"Join the User Group": what the group is, then the application as question pages
    (one short page per question, check your answers, send), with text editors manage around it."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES,
                                 help_text="Who the User Group is for and what members do.")
    what_happens_next = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES,
        help_text="Shown before the form and on the thank-you page: what we do with an application and when.",
    )
    thank_you_text = RichTextField(blank=True, features=RICH_TEXT_FEATURES,
                                   help_text="Shown after someone applies, below the confirmation.")

    content_panels = Page.content_panels + [
        FieldPanel("introduction"), FieldPanel("what_happens_next"), FieldPanel("thank_you_text"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage"]
    subpage_types = []
    max_count = 1
    page_cache_routes = ("start",)  # the start page is the same for everyone; the questions are not

    class Meta:
        verbose_name = "User Group application page"

    # Routes: thin, each hands over to a view in views/application.py.

    @path("", name="start")
    def start(self, request):
        from ..views.application import start

        return start(request, self)

    @path("check/", name="check")
    def check_answers(self, request):
        from ..views.application import check

        return check(request, self)

    @path("sent/", name="sent")
    def sent(self, request):
        from ..views.application import sent

        return sent(request, self)

    @path("<slug:step>/", name="question")
    def question(self, request, step):
        from ..views.application import question

        return question(request, self, step)


class UserGroupApplication(models.Model):
    """One person's application to join the User Group, and then their membership."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        INDUCTION_BOOKED = "induction_booked", "Induction booked"
        ACTIVE = "active", "Active member"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left"
        NOT_PROGRESSED = "not_progressed", "Not progressed"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")

    class LivedExperience(models.TextChoices):
        PATIENT = "patient", _("As a patient or service user")
        CARER = "carer", _("As a carer")
        BOTH = "both", _("Both")
        NEITHER = "neither", _("Neither")

    class Participation(models.TextChoices):
        MEETINGS = "meetings", _("Coming to meetings")
        SURVEYS = "surveys", _("Online surveys")
        DOCUMENTS = "documents", _("Reading and commenting on documents")
        EVENTS = "events", _("Events in the community")

    class Availability(models.TextChoices):
        WEEKDAY_DAYTIME = "weekday_daytime", _("Weekday daytimes")
        WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
        WEEKEND = "weekend", _("Weekends")

    class HeardAbout(models.TextChoices):
        HEALTHWATCH = "healthwatch", _("Healthwatch Walsall")
        ONE_WALSALL = "one_walsall", _("One Walsall")
        WHG = "whg", _("whg")
        GP_PRACTICE = "gp_practice", _("My GP practice")
        COMMUNITY_GROUP = "community_group", _("A community group")
        SOCIAL_MEDIA = "social_media", _("Social media")
        FRIEND_FAMILY = "friend_family", _("A friend or family member")
        OTHER = "other", _("Somewhere else")

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Stored in lower case.")
    phone = models.CharField(max_length=20, blank=True,
                             help_text="Kept as digits, like 07700900123 (base.phone); numbers abroad start with +.")
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod.choices)
    postcode = models.CharField(max_length=8, blank=True)
    locality = models.CharField(max_length=10, choices=Locality.choices, blank=True, db_index=True)
    locality_from_postcode = models.BooleanField(
        default=False, help_text="The locality was suggested from the postcode, not chosen by the applicant.")
    interests = models.ManyToManyField(
        "base.Topic", blank=True, related_name="user_group_applications",
        limit_choices_to={"kind__in": ["pathway", "programme_area"]},
        help_text="Priority pathways and programme areas the applicant is interested in.",
    )
    lived_experience = models.CharField(max_length=10, choices=LivedExperience.choices, blank=True)
    participation = models.JSONField(default=list, blank=True, help_text="Participation choices.")
    availability = models.JSONField(default=list, blank=True, help_text="Availability choices.")
    access_needs = models.TextField(blank=True, verbose_name="access and support needs")
    heard_about = models.CharField(max_length=20, choices=HeardAbout.choices, blank=True, db_index=True,
                                   verbose_name="how they heard about the group")
    heard_about_other = models.CharField(max_length=200, blank=True)
    # The language they applied in: every e-mail to them (acknowledgement, staff's e-mails) is written in it.
    language = PreferredLanguageField(db_index=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    consent_version = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Version of the 'user_group' consent wording the applicant agreed to.")
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name="received")
    applied_again_at = models.DateTimeField(null=True, blank=True)
    invitations_stopped_at = models.DateTimeField(
        null=True, blank=True, verbose_name="stopped invitations",
        help_text="When they asked (with the link in an invitation e-mail) to get no more invitations.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "User Group application"
        constraints = [
            # One record per person: a repeated application updates it (services.submit_application).
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_group_unique_email"),
            models.UniqueConstraint("phone", condition=Q(email="") & ~Q(phone=""),
                                    name="user_group_unique_phone_without_email"),
        ]
        permissions = [
            ("view_reach_dashboard", "Can see the User Group reach dashboard"),
            ("invite_members", "Can invite User Group members to events and exercises"),
        ]

    def __str__(self):
        return self.name or f"Anonymised application {self.pk}"

    @property
    def contact_details(self):
        return " / ".join(value for value in (self.email, self.phone) if value)

    def participation_labels(self):
        return _labels(self.Participation, self.participation)

    def availability_labels(self):
        return _labels(self.Availability, self.availability)


def _labels(choices, values):
    names = dict(choices.choices)
    return [names.get(value, value) for value in values or []]


class StatusChange(models.Model):
    """Who moved an application from one status to another, when and why."""

    application = models.ForeignKey(UserGroupApplication, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=UserGroupApplication.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=UserGroupApplication.Status.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_by_label = models.CharField(max_length=255, help_text="Kept if the account is removed.")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or 'Applied'} to {self.get_to_status_display()}"


class ApplicationNote(models.Model):
    """A member of staff's note on an application, or a record of an e-mail sent to the applicant."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        EMAIL = "email", "E-mail sent"

    application = models.ForeignKey(UserGroupApplication, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_label = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author_label}"


class UserGroupInvitation(models.Model):
    """An invitation sent to the members who matched some filters. Each member gets it once."""

    subject = models.CharField(max_length=200)
    message = models.TextField()
    link_url = models.URLField(blank=True, verbose_name="link")
    filters = models.JSONField(default=dict, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
