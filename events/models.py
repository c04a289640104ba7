"""Workshops and other events residents can book, and the bookings they make.

An `EventPage` is what editors publish; `EventCapacity` is the one row per event that
booking, cancelling and publishing lock, so that places are never oversold; a `Booking`
is what a resident (or an organiser on their behalf) submits: personal data, see
personal_data.py for how long it is kept.
"""
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import RICH_TEXT_FEATURES, BodyBlock
from base.languages import Language, PreferredLanguageField
from base.locales import original_page
from base.models import BasePage

from .page_forms import EventPageForm

#: When reminders can be sent, in minutes before the start, as organisers choose them.
REMINDER_CHOICES = [
    (7 * 24 * 60, "A week before"),
    (2 * 24 * 60, "Two days before"),
    (24 * 60, "The day before (24 hours)"),
    (3 * 60, "Three hours before"),
    (60, "One hour before"),
]
DEFAULT_REMINDER_OFFSETS = [24 * 60, 60]


def default_reminder_offsets():
    return list(DEFAULT_REMINDER_OFFSETS)


class EventIndexPage(BasePage):
    """Lists events: upcoming first, soonest first; past events in their own section."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage", "base.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = "event list"

    def get_context(self, request, *args, **kwargs):
        from .services import event_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = event_listing(self, request.GET)
        return context


class EventPage(RoutablePageMixin, BasePage):
    """One event people can book a place at, in person or online."""

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"

    who_for = models.TextField(
        "Who it is for", max_length=600,
        help_text='In plain English, for example "People living with a lung condition such as COPD, '
                  'and people who care for them."',
    )
    body = StreamField(BodyBlock(), blank=True, help_text="What will happen at the event.")
    start = models.DateTimeField(help_text="UK time.")
    end = models.DateTimeField(help_text="UK time.")
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True, help_text="The full address, with the postcode.")
    accessibility_details = models.TextField(
        blank=True,
        help_text="Step-free access, hearing loop, toilets, parking, the nearest bus stop and so on.",
    )
    joining_link = models.URLField(
        blank=True, max_length=500,
        help_text="For online events. Never shown on the website: only people with a confirmed place "
                  "get it, by e-mail.",
    )
    capacity = models.PositiveIntegerField(
        default=30, help_text="How many places there are, counting the people attendees bring with them.",
    )
    booking_opens_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty to open booking now.")
    booking_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to take bookings until the event starts.",
    )
    max_companions = models.PositiveSmallIntegerField(
        "Places for companions per booking", default=1,
        help_text="How many other people (a carer, a friend) one person can book for.",
    )
    reminder_offsets = models.JSONField(
        "Reminders", default=default_reminder_offsets, blank=True,
        help_text="When people with a place get a reminder e-mail.",
    )
    organiser_email = models.EmailField(
        blank=True,
        help_text="A team mailbox that is told about access needs. Leave empty for the partnership's "
                  "contact address. Do not use a personal address.",
    )
    is_cancelled = models.BooleanField(
        "This event is cancelled", default=False,
        help_text="Everyone who booked or is waiting is told by e-mail when you publish.",
    )
    topics = ParentalManyToManyField("base.Topic", blank=True, related_name="events")

    base_form_class = EventPageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("who_for"),
        FieldPanel("body"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("is_cancelled")],
                        heading="When"),
        MultiFieldPanel([
            FieldPanel("format"), FieldPanel("venue_name"), FieldPanel("venue_address"),
            FieldPanel("accessibility_details"), FieldPanel("joining_link"),
        ], heading="Where"),
        MultiFieldPanel([
            FieldPanel("capacity"), FieldPanel("max_companions"),
            FieldRowPanel([FieldPanel("booking_opens_at"), FieldPanel("booking_closes_at")]),
            FieldPanel("reminder_offsets"), FieldPanel("organiser_email"),
        ], heading="Booking"),
        FieldPanel("topics"),
    ]
    promote_panels = Page.promote_panels  # the summary is on the content tab
    search_fields = BasePage.search_fields + [
        index.SearchField("who_for"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.format == self.Format.IN_PERSON:
            if not self.venue_name:
                errors["venue_name"] = "Enter where the event is."
            if not self.venue_address:
                errors["venue_address"] = "Enter the address of the venue."
        if self.booking_opens_at and self.booking_closes_at and self.booking_closes_at <= self.booking_opens_at:
            errors["booking_closes_at"] = "Booking must close after it opens."
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = "There must be at least one place."
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self):
        return self.format == self.Format.ONLINE

    @property
    def organiser_address(self):
        """The organisers' mailbox: told about access needs and cancellations, and where attendees' replies go."""
        return self.organiser_email or settings.EVENTS_EMAIL

    @cached_property
    def original(self):
        """The event in the site's own language, which holds the places, the bookings and the
        organisers' settings. A translation (/pl/..., /ur/...) is the same event in other words:
        booking on it books a place on the original, so places are counted once."""
        return original_page(self)

    def in_language(self, language_code):
        """This event's live page in `language_code` (a translation), or the original when there is none."""
        original = self.original
        if language_code and language_code != settings.LANGUAGE_CODE:
            translated = (EventPage.objects.live().filter(translation_key=original.translation_key,
                                                          locale__language_code=language_code, alias_of__isnull=True)
                          .first())
            if translated is not None:
                return translated
        return original

    def pages_showing_places(self):
        """The pages that show how many places are left: this event's and the event lists above it."""
        return [self, *EventIndexPage.objects.ancestor_of(self)]

    def get_context(self, request, *args, **kwargs):
        from .services import availability

        context = super().get_context(request, *args, **kwargs)
        context["availability"] = availability(self.original)
        return context

    # Routes: thin, each hands over to a view in views.py.

    @path("book/")
    def book(self, request):
        from .views_booking import question

        return question(request, self)

    @path("book/check/")
    def check_booking(self, request):
        from .views_booking import check

        return check(request, self)

    @path("book/<slug:step>/")
    def booking_question(self, request, step):
        from .views_booking import question

        return question(request, self, step)

    @path("booking/<str:token>/")
    def booking(self, request, token):
        from .views import booking_detail

        return booking_detail(request, self, token)

    @path("booking/<str:token>/cancel/")
    def cancel_booking(self, request, token):
        from .views import cancel_booking

        return cancel_booking(request, self, token)

    @path("booking/<str:token>/calendar/")
    def booking_calendar(self, request, token):
        from .views import booking_calendar

        return booking_calendar(request, self, token)

    @path("calendar/")
    def calendar(self, request):
        from .views import calendar_download

        return calendar_download(request, self)


class EventCapacity(models.Model):
    """The per-event row that every change to bookings locks first (SELECT ... FOR UPDATE; on
    SQLite the IMMEDIATE transaction takes the database write lock at BEGIN).

    `capacity` is the published page's capacity, copied here under the same lock when the page
    is published. `published_values` holds the time and place attendees were last told about,
    so that a later publish can tell whether they need to hear of a change.
    """

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, primary_key=True, related_name="capacity_row")
    capacity = models.PositiveIntegerField(default=0)
    published_values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "event capacities"

    def __str__(self):
        return f"{self.capacity} places at event {self.event_id}"


def new_booking_token():
    return secrets.token_urlsafe(24)


class Booking(models.Model):
    """One person's booking, for themselves and any companions, or their place on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        LEFT_WAITING_LIST = "left_waiting_list", "Left the waiting list"

    class Role(models.TextChoices):
        LIVING_WITH = "living_with", _("I live with the condition")
        CARER = "carer", _("I care for someone with the condition")
        PROFESSIONAL = "professional", _("I work in health or care")
        OTHER = "other", _("Something else")

    class Channel(models.TextChoices):
        ONLINE = "online", "Website"
        PHONE = "phone", "Phone"
        PAPER = "paper", "Paper form"
        IN_PERSON = "in_person", "In person"

    class AccessNeed(models.TextChoices):
        BSL = "bsl", _("A British Sign Language (BSL) interpreter")
        HEARING_LOOP = "hearing_loop", _("A hearing loop")
        STEP_FREE = "step_free", _("Step-free access")
        LARGE_PRINT = "large_print", _("Large print")
        QUIET_SPACE = "quiet_space", _("A quiet space")

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Empty only for bookings taken by phone or on paper.")
    phone = models.CharField(max_length=40, blank=True, help_text="Kept as digits, like 07700900123 (base.phone).")
    role = models.CharField("Which best describes them", max_length=20, choices=Role.choices, blank=True)
    companions = models.PositiveSmallIntegerField("Companion places", default=0)
    access_needs = models.JSONField(default=list, blank=True)
    access_needs_other = models.TextField("Other access needs", blank=True, max_length=1000)
    access_arranged = models.TextField(
        "What we have arranged", blank=True, max_length=1000,
        help_text="Recorded by the organiser; the attendee is told by e-mail.",
    )
    channel = models.CharField("Booked by", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    # The language they booked in: every e-mail about this booking is written in it.
    language = PreferredLanguageField()
    attended = models.BooleanField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_booking_token, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waiting"]) & ~Q(email=""),
                name="one_active_booking_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "waiting_since"])]

    def __str__(self):
        return f"{self.name or 'Anonymised booking'} ({self.get_status_display().lower()})"

    @property
    def places(self):
        return 1 + self.companions

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    def access_need_labels(self):
        """The needs in words, in the language active now (an e-mail's is the booking's)."""
        labels = dict(self.AccessNeed.choices)
        return [str(labels[code]) for code in self.access_needs if code in labels]

    @property
    def language_label(self):
        """The language they booked in, for staff: "Polski (Polish)", "English"."""
        own = Language(self.language).name
        english = dict(settings.LANGUAGES).get(self.language, self.language)
        return own if own == english or self.language == settings.LANGUAGE_CODE else f"{own} ({english})"

    @property
    def has_access_needs(self):
        return bool(self.access_needs or self.access_needs_other.strip())


class EventMessage(models.Model):
    """What organisers sent to an event's attendees: a message, or the notice that the event is
    cancelled. Kept as a record of what was sent, to whom, when and by whom, shown on the event.
    The people it went to are their bookings (anonymised with them, see personal_data.py)."""

    class Kind(models.TextChoices):
        MESSAGE = "message", "Message to attendees"
        CANCELLATION = "cancellation", "Event cancelled"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MESSAGE)
    subject = models.CharField(max_length=255)
    message = models.TextField()
    included_waiting = models.BooleanField("Sent to the waiting list too", default=False)
    recipients = models.ManyToManyField(Booking, blank=True, related_name="messages_received")
    recipient_count = models.PositiveIntegerField(default=0, help_text="How many e-mails were sent.")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_by_label = models.CharField(max_length=255, help_text="Kept if the account is removed.")
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
