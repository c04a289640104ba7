"""Mailing lists, the people on them and their subscriptions.

A `Subscriber` is one e-mail address (stored in lower case, so it is held once); a
`Subscription` is that address on one `MailingList`, with where it came from and the basis on
which we may write to it. Both are personal data: see personal_data.py for how they are found,
exported, erased and how long they are kept.
"""
import secrets

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from base.languages import PreferredLanguageField


def new_subscriber_token():
    return secrets.token_urlsafe(18)


class MailingList(models.Model):
    """A list people can be on, managed by the Comms team."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True,
                            help_text="Used in the CSV import's 'lists' column. Do not change it once in use.")
    description = models.TextField(
        blank=True, max_length=400,
        help_text="What people will get and how often, in plain English. Shown on the sign-up form.",
    )
    is_public = models.BooleanField(
        "Show on the sign-up form", default=True,
        help_text="Untick to stop new sign-ups, for example for a list you are closing. "
                  "People already on it stay on it.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are shown first.")
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("is_public"),
              FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    """One e-mail address. `token` is the secret behind every signed link we send to it
    (confirm, preferences, unsubscribe); a new token makes every earlier link stop working."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    # The language they signed up in: the confirmation and notes about their subscription are written
    # in it. Newsletter issues are written in English by the Comms team, so issues stay English.
    language = PreferredLanguageField(db_index=True)
    token = models.CharField(max_length=40, unique=True, default=new_subscriber_token, editable=False)
    confirmed_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When they proved the address is theirs (by the link we sent, or a declared import basis).",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [index.SearchField("email"), index.SearchField("name"), index.AutocompleteField("email")]

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Subscription(models.Model):
    """One address on one list."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Source(models.TextChoices):
        SIGN_UP_FORM = "form", "Sign-up form"
        PREFERENCES = "preferences", "Preferences page"
        IMPORT = "import", "CSV import"

    class ConsentBasis(models.TextChoices):
        """Why we may send to this address. Only the first three let an import confirm an address."""

        CONFIRMED_HERE = "confirmed", "Gave consent on this website and confirmed by e-mail"
        CONSENT = "consent", "Gave consent elsewhere (for example a paper form), with the date and where"
        WORK_CONTACT = "work_contact", "A partner organisation's work address (legitimate interest)"
        ASK_TO_CONFIRM = "ask_to_confirm", "Consent not recorded: ask them to confirm by e-mail"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscriptions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SIGN_UP_FORM)
    source_page = models.CharField(max_length=255, blank=True, help_text="The page they signed up on.")
    consent_basis = models.CharField(max_length=20, choices=ConsentBasis.choices, blank=True)
    consent_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version of the consent wording the sign-up form showed.",
    )
    consent = models.ForeignKey(
        "privacy.ConsentRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Recorded when the address is confirmed: the words shown, when and where.",
    )
    consent_given_on = models.DateField(null=True, blank=True, help_text="For imports: when they gave consent.")
    consent_detail = models.CharField(max_length=255, blank=True,
                                      help_text="For imports: where or how they gave consent.")
    subscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_reason = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mailing_list__sort_order", "mailing_list__name"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "mailing_list"], name="one_subscription_per_list"),
        ]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self):
        return f"{self.mailing_list}: {self.get_status_display().lower()}"
