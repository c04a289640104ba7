"""The rules of joining and leaving our mailing lists, as plain functions.

- Double opt-in: signing up puts the chosen lists in "waiting for confirmation" and e-mails a
  link that expires; nothing but that e-mail goes to an address until its owner follows it.
- One subscriber per address (lower case). Signing up again never creates a second one and
  the person on the website always sees the same answer: only the e-mail (which only the
  address's owner reads) says whether they were already on the list.
- Consent is recorded (privacy.services.record_consent: the words shown, when, where, which list)
  when the owner confirms; unsubscribing records that the consent was withdrawn.
- The language of the sign-up is kept with the subscriber (their preferred language): the
  confirmation and the notes about their subscription are written in it, and their consent is
  recorded in the words they were shown in it. Newsletter issues are written in English by the
  Comms team and go out in English to everyone; the stored language is there for when they are not.
- Leaving is always possible: from one list (one-click, RFC 8058), from every list (preferences),
  or when the e-mail service tells us they unsubscribed or complained.

E-mails go through mailer.queue_email inside the same transaction, so they are sent only if the
change is committed. Callers catch `SubscriptionError`, whose message can be shown to the person.
"""
import datetime
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from base.languages import preferred_language

from mailer.models import OutgoingEmail
from mailer.services import queue_email
from privacy.models import ConsentRecord
from privacy.services import record_consent

from . import app_settings, links
from .models import MailingList, Subscriber, Subscription

CONSENT_PURPOSE = "newsletter"
SIGN_UP_EMAIL_KEY = "newsletter-sign-up"
# At most this many sign-up e-mails to one address a day, so the form cannot be used to flood
# someone's inbox; the links already sent keep working.
SIGN_UP_EMAILS_PER_DAY = 5
# Why someone left when the e-mail service told us (rather than one of our own links).
ESP_UNSUBSCRIBE_REASON = "Reported by the e-mail service"

Status = Subscription.Status


class SubscriptionError(Exception):
    """A rule was not met. The message is written for the person."""


def normalise_email(email):
    return (email or "").strip().lower()


def public_lists():
    return MailingList.objects.filter(is_public=True)


# Signing up ---------------------------------------------------------------------------------


def sign_up(email, lists, *, name="", source_page="", consent_version=None, submission_token=None, now=None,
            language=None):
    """Ask `email` to confirm the `lists` it was signed up for (double opt-in). Returns nothing
    the caller could show: the response must be the same whoever signed up.

    - The address is held once; a new sign-up with a known address adds the lists it is not yet
      confirmed on as waiting for confirmation, and changes nothing else.
    - One e-mail per submission (posting the same form twice sends one): the confirmation link
      for the waiting lists, or, when every list chosen is already confirmed, a note with the
      preferences link. At most SIGN_UP_EMAILS_PER_DAY a day to one address.
    - A name given replaces the stored one only while the address is not confirmed (someone
      else may have typed the address; a confirmed subscriber changes it on the preferences page).
    - The `language` signed up in (base.languages.language_of_request()) becomes the subscriber's,
      confirmed or not: the confirmation is written in it, and the consent given by following it is
      recorded in the words the sign-up form showed, in that language.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    lists = list(lists)
    if not lists:
        raise SubscriptionError(gettext("Select at least one mailing list"))
    language = preferred_language(language)
    with transaction.atomic():
        subscriber = _get_or_create_subscriber(email, name, language)
        if name and not subscriber.is_confirmed and subscriber.name != name:
            subscriber.name = name
            subscriber.save(update_fields=["name", "updated_at"])
        if subscriber.language != language:
            subscriber.language = language
            subscriber.save(update_fields=["language", "updated_at"])
        existing = {sub.mailing_list_id: sub for sub in subscriber.subscriptions.filter(mailing_list__in=lists)}
        waiting = []
        for mailing_list in lists:
            subscription = existing.get(mailing_list.pk)
            if subscription and subscription.status == Status.SUBSCRIBED and subscriber.is_confirmed:
                continue
            subscription = subscription or Subscription(subscriber=subscriber, mailing_list=mailing_list)
            subscription.status = Status.PENDING
            subscription.source = Subscription.Source.SIGN_UP_FORM
            subscription.source_page = (source_page or "")[:255]
            subscription.consent_basis = Subscription.ConsentBasis.CONFIRMED_HERE
            subscription.consent_version = consent_version
            subscription.save()
            waiting.append(mailing_list)
        if _sign_up_emails_today(subscriber, now) >= SIGN_UP_EMAILS_PER_DAY:
            return
        dedupe_key = f"{SIGN_UP_EMAIL_KEY}:{subscriber.pk}:{submission_token or uuid.uuid4()}"
        if waiting:
            queue_confirmation(subscriber, waiting, dedupe_key)
        else:
            queue_email(subscriber.email, "newsletters/email/already_subscribed", {
                "subscriber": subscriber, "lists": lists,
                "preferences_url": links.preferences_url(subscriber.token),
            }, dedupe_key=dedupe_key, language=subscriber.language)


def _get_or_create_subscriber(email, name, language):
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, name=name, language=language)
    except IntegrityError:  # signed up at the same moment by another request
        return Subscriber.objects.select_for_update().get(email=email)


def _sign_up_emails_today(subscriber, now):
    return OutgoingEmail.objects.filter(
        to=subscriber.email, dedupe_key__startswith=f"{SIGN_UP_EMAIL_KEY}:{subscriber.pk}:",
        created_at__gte=now - datetime.timedelta(days=1),
    ).count()


def queue_confirmation(subscriber, lists, dedupe_key):
    lifetime = app_settings.confirmation_link_lifetime()
    queue_email(subscriber.email, "newsletters/email/confirm", {
        "subscriber": subscriber, "lists": lists,
        "confirm_url": links.confirmation_url(subscriber, [mailing_list.pk for mailing_list in lists]),
        "expires_in_days": lifetime.days,
    }, dedupe_key=dedupe_key, language=subscriber.language)


# Confirming ---------------------------------------------------------------------------------


@dataclass
class Confirmation:
    subscriber: Subscriber
    waiting: list = field(default_factory=list)  # lists the link can still confirm
    confirmed: list = field(default_factory=list)  # lists of the link the address is on

    @property
    def is_done(self):
        return not self.waiting


def confirmation_state(value):
    """What a confirmation link (its signed `value`) would do now. Raises links.BadLink when its
    subscriber no longer exists (erased, or removed by retention)."""
    subscriber = Subscriber.objects.filter(token=value["t"]).first()
    if subscriber is None:
        raise links.BadLink
    subscriptions = subscriber.subscriptions.filter(mailing_list_id__in=value["l"]).select_related("mailing_list")
    return Confirmation(
        subscriber,
        waiting=[s.mailing_list for s in subscriptions if s.status == Status.PENDING],
        confirmed=[s.mailing_list for s in subscriptions if s.status == Status.SUBSCRIBED],
    )


def confirm(value, now=None):
    """Follow a confirmation link: the lists it names that are still waiting are subscribed,
    the address is confirmed and consent is recorded per list. Using a link again changes
    nothing (lists left since are not rejoined). Returns the Confirmation as it was before."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=value["t"]).first()
        if subscriber is None:
            raise links.BadLink
        state = confirmation_state(value)
        if state.is_done:
            return state
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = now
            subscriber.save(update_fields=["confirmed_at", "updated_at"])
        pending = subscriber.subscriptions.filter(status=Status.PENDING, mailing_list__in=state.waiting)
        for subscription in pending.select_related("mailing_list"):
            _subscribe(subscription, now, source=subscription.source_page or "Newsletter sign-up form",
                       version=subscription.consent_version)
        return state


def resend_confirmation(value):
    """A new link for an expired one, when its lists are still waiting. Returns whether one was sent."""
    now = timezone.now()
    with transaction.atomic():
        state = confirmation_state(value)
        if state.is_done or _sign_up_emails_today(state.subscriber, now) >= SIGN_UP_EMAILS_PER_DAY:
            return False
        queue_confirmation(state.subscriber, state.waiting, f"{SIGN_UP_EMAIL_KEY}:{state.subscriber.pk}:{uuid.uuid4()}")
        return True


def _subscribe(subscription, now, *, source, version=None, language=None):
    """`language`: the language of the form the person agreed on (the sign-up form's, kept with the
    subscriber, unless given)."""
    consent = record_consent(subscription.subscriber.email, CONSENT_PURPOSE,
                             f"{source} ({subscription.mailing_list.name})", version=version,
                             language=language or subscription.subscriber.language)
    subscription.status = Status.SUBSCRIBED
    subscription.consent = consent
    subscription.subscribed_at = now
    subscription.unsubscribed_at = None
    subscription.unsubscribe_reason = ""
    subscription.save()


def language_source():
    """(name, queryset) for the reach dashboard's preferred-language counts: the people on at least
    one list (waiting for confirmation or having left is not being a subscriber)."""
    on_a_list = Subscription.objects.filter(status=Status.SUBSCRIBED).values("subscriber_id")
    return "Newsletter subscribers", Subscriber.objects.filter(pk__in=on_a_list)


# Preferences --------------------------------------------------------------------------------


def subscriber_for_token(token):
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise links.BadLink
    return subscriber


@dataclass
class ListChoice:
    mailing_list: MailingList
    subscribed: bool


def list_choices(subscriber):
    """The lists a subscriber can choose on their preferences page: every public list, and any
    other list they are on (which they can leave but not join)."""
    subscribed = set(subscriber.subscriptions.filter(status=Status.SUBSCRIBED).values_list("mailing_list_id", flat=True))
    lists = MailingList.objects.filter(is_public=True) | MailingList.objects.filter(pk__in=subscribed)
    return [ListChoice(mailing_list, mailing_list.pk in subscribed) for mailing_list in lists.distinct()]


def update_preferences(subscriber, chosen_list_ids, *, name=None, consent_version=None, now=None, language=None):
    """Save the lists ticked on the preferences page: ticked lists are joined (with consent
    recorded against the words the page showed, in `language`, the page's), unticked ones left.
    The link came by e-mail, so following it also confirms the address."""
    now = now or timezone.now()
    allowed = {choice.mailing_list.pk: choice.mailing_list for choice in list_choices(subscriber)}
    chosen = {pk for pk in chosen_list_ids if pk in allowed}
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        fields = []
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at, fields = now, fields + ["confirmed_at"]
        if name is not None and name != subscriber.name:
            subscriber.name, fields = name, fields + ["name"]
        if fields:
            subscriber.save(update_fields=[*fields, "updated_at"])
        current = {sub.mailing_list_id: sub for sub in subscriber.subscriptions.select_related("mailing_list")}
        for list_id in chosen:
            subscription = current.get(list_id)
            if subscription and subscription.status == Status.SUBSCRIBED:
                continue
            subscription = subscription or Subscription(subscriber=subscriber, mailing_list=allowed[list_id])
            subscription.source = Subscription.Source.PREFERENCES
            subscription.consent_basis = Subscription.ConsentBasis.CONFIRMED_HERE
            subscription.consent_version = consent_version
            _subscribe(subscription, now, source="Newsletter preferences page", version=consent_version,
                       language=language)
        leaving = [sub for list_id, sub in current.items() if list_id not in chosen and sub.status != Status.UNSUBSCRIBED]
        _unsubscribe(leaving, now, "Preferences page")
    return subscriber


def unsubscribe(subscriber, mailing_list, *, reason="One-click unsubscribe", now=None):
    """Take `subscriber` off `mailing_list` at once. Returns whether they were on it."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriptions = list(Subscription.objects.select_for_update().filter(
            subscriber=subscriber, mailing_list=mailing_list).exclude(status=Status.UNSUBSCRIBED))
        _unsubscribe(subscriptions, now, reason)
    return bool(subscriptions)


def unsubscribe_from_all(subscriber, *, reason="Preferences page: unsubscribe from all", now=None):
    return unsubscribe_address(subscriber.email, reason=reason, now=now)


def unsubscribe_address(email, *, reason, now=None):
    """Take an address off every list (for example when the e-mail service reports that it
    unsubscribed or complained). Returns how many lists it left."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriptions = list(Subscription.objects.select_for_update().filter(
            subscriber__email=normalise_email(email)).exclude(status=Status.UNSUBSCRIBED))
        _unsubscribe(subscriptions, now, reason)
    return len(subscriptions)


def _unsubscribe(subscriptions, now, reason):
    if not subscriptions:
        return
    ids = [sub.pk for sub in subscriptions]
    Subscription.objects.filter(pk__in=ids).update(
        status=Status.UNSUBSCRIBED, unsubscribed_at=now, unsubscribe_reason=reason[:100], updated_at=now,
    )
    consent_ids = [sub.consent_id for sub in subscriptions if sub.consent_id]
    ConsentRecord.objects.filter(pk__in=consent_ids, withdrawn_at=None).update(withdrawn_at=now)
