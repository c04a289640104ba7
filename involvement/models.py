"""Recognising involvement: what people who co-produce services may claim, and their claims.

Staff set `InvolvementLevel`s (taking part in a survey, attending a workshop, co-designing a
service) with a payment rule, and date each level's `PaymentRate` so that a claim uses the rate in
force on the day of the activity (and the `MileageRate` in force on the day of the travel). An `Activity` (an event, an engagement meeting, a panel) has a
level; a `Claim` is one person's claim for one activity: an involvement payment they may decline,
and `ExpenseLine`s with receipts in private storage. Claims are personal and financial data: see
personal_data.py for what is kept, and for how long. The rules are in services.py.
"""
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from branding.storage import private_storage
from engagement.localities import Locality
from operations.file_content import validate_file_content

from .money import PENCE

RECEIPT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
RECEIPT_MAX_BYTES = 10 * 1024 * 1024  # a phone photo or a scanned PDF


def new_claim_token():
    return secrets.token_urlsafe(24)


def receipt_upload_to(instance, filename):
    # A random folder: the person's file name is kept for staff, but never guessable.
    return f"involvement/receipts/{secrets.token_hex(8)}/{filename}"


@register_setting(icon="tag")
class InvolvementSettings(BaseGenericSetting):
    """Rates and limits for involvement claims, set by staff."""

    claim_days = models.PositiveSmallIntegerField(
        "Days to claim", default=90,
        help_text="Claims sent later than this after the activity are flagged as late (not refused).",
    )
    expenses_limit = models.DecimalField(
        "Expenses limit per claim", max_digits=8, decimal_places=2, default=Decimal("100.00"),
        help_text="Claims whose expenses add up to more are flagged (not refused).",
    )
    two_person_threshold = models.DecimalField(
        "Two people approve claims over", max_digits=8, decimal_places=2, default=Decimal("150.00"),
        help_text="A claim over this total needs one member of staff to check it and another to approve it.",
    )
    yearly_warning = models.DecimalField(
        "Warn when a person's payments in a tax year reach", max_digits=9, decimal_places=2,
        default=Decimal("1000.00"),
        help_text="Shown in the finance export, so finance can check tax and benefit rules.",
    )
    retention_years = models.PositiveSmallIntegerField(
        "Keep financial records for (years)", default=6,
        help_text="Approved and paid claims are kept this many years after the end of the tax year they "
                  "were paid in, then deleted. Six years is common.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("claim_days"), FieldPanel("expenses_limit"),
                         FieldPanel("two_person_threshold")], heading="Checks"),
        MultiFieldPanel([FieldPanel("yearly_warning"), FieldPanel("retention_years")], heading="Finance"),
    ]

    class Meta:
        verbose_name = "involvement payment settings"


class InvolvementLevel(models.Model):
    """How much someone is asked to give, and so what they may claim."""

    class Unit(models.TextChoices):
        NONE = "none", "No involvement payment"
        HOUR = "hour", "Per hour"
        HALF_DAY = "half_day", "Per half day"
        DAY = "day", "Per day"

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="For example: co-designing a service over several meetings.")
    payment_unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.NONE)
    pays_expenses = models.BooleanField("Expenses can be claimed", default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def pays_involvement(self):
        return self.payment_unit != self.Unit.NONE


class PaymentRate(models.Model):
    """The involvement payment of a level from a date until the next rate starts."""

    level = models.ForeignKey(InvolvementLevel, on_delete=models.CASCADE, related_name="rates")
    amount = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(PENCE)])
    valid_from = models.DateField(help_text="The first day this rate applies to.")

    class Meta:
        ordering = ["level", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["level", "valid_from"], name="one_rate_per_level_per_day")]

    def __str__(self):
        return f"{self.level}: £{self.amount} from {self.valid_from:%d %B %Y}"


class MileageRate(models.Model):
    """The rate per mile for driving one's own car, from a date until the next rate starts: a
    mileage expense uses the rate in force on the day of the travel."""

    amount = models.DecimalField("Rate per mile", max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(PENCE)], help_text="In pounds, for example 0.45.")
    valid_from = models.DateField(unique=True, help_text="The first day of travel this rate applies to.")

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self):
        return f"£{self.amount} a mile from {self.valid_from:%d %B %Y}"


class Activity(models.Model):
    """Something people give their time to: an event, an engagement meeting, a panel, an interview."""

    class Kind(models.TextChoices):
        EVENT = "event", "Event"
        MEETING = "meeting", "Engagement meeting"
        OTHER = "other", "Other (a panel, an interview)"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    event = models.ForeignKey("events.EventPage", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="involvement_activities",
                              help_text="Attendees the organiser marks as present are invited to claim.")
    exercise = models.ForeignKey("engagement.EngagementExercisePage", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="involvement_activities",
                                 help_text="For a meeting of an engagement exercise.")
    level = models.ForeignKey(InvolvementLevel, on_delete=models.PROTECT, related_name="activities")
    date = models.DateField(help_text="The day of the activity: the payment rate in force that day is used.")
    units = models.DecimalField(
        "Hours, half days or days", max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text="How many of the level's payment units one person is paid for.",
    )
    locality = models.CharField(max_length=10, choices=Locality.choices, blank=True)
    paid_by = models.CharField(
        "Paid by", max_length=200, help_text="The partner organisation that pays claims through its own system.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name_plural = "activities"

    def __str__(self):
        return f"{self.title} ({self.date:%d %b %Y})"


class Claim(models.Model):
    """One person's claim for one activity. The personal link (`token`) is how they see and send it."""

    class Status(models.TextChoices):
        INVITED = "invited", "Not yet claimed"
        SUBMITTED = "submitted", "Submitted"
        CHECKED = "checked", "Checked, waiting for a second approval"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Channel(models.TextChoices):
        ONLINE = "online", "Website (personal link)"
        PHONE = "phone", "Phone"
        PAPER = "paper", "Paper form"
        IN_PERSON = "in_person", "In person"

    EDITABLE = (Status.INVITED, Status.RETURNED)
    WITHDRAWABLE = (Status.SUBMITTED, Status.CHECKED, Status.RETURNED)  # sent, and not yet approved
    WAITING = (Status.SUBMITTED, Status.CHECKED)  # waiting for a decision by staff
    DECIDED = (Status.APPROVED, Status.PAID)

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="claims")
    booking = models.ForeignKey("events.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="Kept as digits (base.phone).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED, db_index=True)
    channel = models.CharField("Claimed by", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    payment_declined = models.BooleanField(default=False)
    payment_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    payment_amount = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    expenses_total = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    flags = models.JSONField(default=list, blank=True, help_text="Late or over the limit: flagged, not refused.")
    return_reason = models.TextField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The member of staff who entered it for the person.")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_claim_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    contact_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "booking"], condition=models.Q(booking__isnull=False),
                                    name="one_claim_per_booking"),
        ]
        permissions = [("approve_claim", "Can approve, return and reject involvement claims"),
                       ("export_claims", "Can export approved claims for finance")]

    def __str__(self):
        return f"{self.name}: {self.activity}"

    @property
    def total(self):
        return self.payment_amount + self.expenses_total

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def can_be_withdrawn(self):
        return self.status in self.WITHDRAWABLE

    FLAG_LABELS = {"late": "Late", "over_limit": "Expenses over the limit"}

    def flag_labels(self):
        return [self.FLAG_LABELS.get(flag, flag) for flag in self.flags]


class ExpenseLine(models.Model):
    """One cost a person claims back."""

    class Kind(models.TextChoices):
        MILEAGE = "mileage", "Mileage (own car)"
        PUBLIC_TRANSPORT = "public_transport", "Bus, train or taxi fares"
        PARKING = "parking", "Parking"
        CARE = "care", "Carer or childcare costs"
        OTHER = "other", "Other costs we agreed before the activity"

    NEEDS_RECEIPT = (Kind.PUBLIC_TRANSPORT, Kind.PARKING, Kind.CARE)

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    description = models.CharField(max_length=300, blank=True)
    receipt = models.FileField(
        storage=private_storage, upload_to=receipt_upload_to, max_length=255, blank=True,
        validators=[FileExtensionValidator(RECEIPT_EXTENSIONS), validate_file_content],
    )
    receipt_name = models.CharField(max_length=255, blank=True, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: £{self.amount}"


class ClaimStatusChange(models.Model):
    """What happened to a claim, when and by whom: the person sees it on their link, staff in the admin."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Claim.Status.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=255, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
