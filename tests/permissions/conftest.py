"""Shared pieces of the permissions tests: one recognisable person ("Zebedee Quill") seeded into
each area that holds personal data, and signed-in clients for every staff role."""
import datetime
from types import SimpleNamespace

from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from accessible_formats.models import CommunicationNeed
from base.models import SectionIndexPage
from engagement.models import BlockedSender, EngagementIndexPage
from engagement.services.moderation import sender_digest
from events.models import EventIndexPage, EventPage
from mailer.models import Suppression
from mailer.services import suppress
from newsletters import campaigns
from newsletters.models import MailingList, NewsletterIndexPage, NewsletterIssuePage, Subscriber, Subscription
from privacy.models import AuditLogEntry, SubjectAccessRequest
from privacy.people import Person
from privacy.services import audit, save_subject_access_request
from tests.accessible_formats.conftest import ask, make_publication
from tests.engagement.conftest import make_application, make_exercise, respond
from tests.events.conftest import book, make_event
from tests.factories import ContactMessageFactory, UserFactory, make_home_page, make_page

NAME = "Zebedee Quill"
EMAIL = "zebedee@example.org"

# Every staff role, plus someone who may open the admin but is in no group at all.
ADMIN_ONLY = "Admin access, no group"
ROLES = (ADMIN_ONLY, COMMS_TEAM, COMMS_APPROVERS, HEALTHWATCH_STAFF, PARTNER_STAFF)


def make_user(role):
    """A member of staff in `role`, who has set up two-factor authentication (roles that see
    personal data must, see accounts/middleware.py)."""
    if role == ADMIN_ONLY:
        user = UserFactory(mfa=True)
        user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                         codename="access_admin"))
        return user
    return UserFactory(groups=[role], mfa=True)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# Seeding, one area at a time (so each test builds only what it needs) -----------------------


def home(seed):
    if not hasattr(seed, "home"):
        seed.home = make_home_page()
    return seed.home


def seed_contact(seed):
    seed.message = ContactMessageFactory(name=NAME, email=EMAIL, subject=f"A question from {NAME}",
                                         message="Is there a hearing loop at the Manor?")


def seed_privacy(seed):
    """A contact message and an audit log line about the person."""
    seed_contact(seed)
    audit(None, AuditLogEntry.Action.VIEW, EMAIL, source="base.contactmessage", id=seed.message.pk)
    seed.masked_email = Person.of(EMAIL).masked()
    seed.access_request = save_subject_access_request(SubjectAccessRequest(
        requester=NAME, email=EMAIL, received_on=timezone.localdate()))


def seed_mailer(seed):
    seed.suppression = suppress(EMAIL, Suppression.Reason.HARD_BOUNCE, detail=f"Mailbox of {NAME} is full")


def seed_newsletters(seed):
    seed.mailing_list = MailingList.objects.create(name="Stakeholder newsletter", slug="stakeholder-newsletter")
    seed.subscriber = Subscriber.objects.create(email=EMAIL, name=NAME, confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=seed.subscriber, mailing_list=seed.mailing_list, status="subscribed")


def seed_campaigns(seed):
    """A published issue, scheduled to go to a list with the person on it."""
    seed_newsletters(seed)
    publications = make_page(home(seed), SectionIndexPage, title="Publications", slug="publications")
    archive = make_page(publications, NewsletterIndexPage, title="Stakeholder newsletters", slug="newsletters")
    seed.issue = make_page(archive, NewsletterIssuePage, title="Stakeholder newsletter: March 2024",
                           slug="march-2024", date="2024-03-01", introduction="Welcome.")
    seed.second_list = MailingList.objects.create(name="Get involved", slug="get-involved")
    seed.campaign = campaigns.send_campaign(seed.issue, seed.mailing_list,
                                            send_at=timezone.now() + datetime.timedelta(days=2))


def seed_events(seed):
    index = make_page(home(seed), EventIndexPage, title="Events and workshops", slug="events")
    seed.event = make_event(index, title="Respiratory workshop")
    seed.booking = book(seed.event, email=EMAIL, name=NAME, phone="07700 900123").booking
    # Attendance is marked from the start of an event: one that has started, with the same person.
    seed.started_event = make_event(index, title="Carers' workshop")
    seed.started_booking = book(seed.started_event, email=EMAIL, name=NAME).booking
    EventPage.objects.filter(pk=seed.started_event.pk).update(start=timezone.now() - datetime.timedelta(minutes=5))


def seed_user_group(seed):
    seed.application = make_application(name=NAME, email=EMAIL)


def seed_feedback(seed):
    get_involved = make_page(home(seed), SectionIndexPage, title="Get involved", slug="get-involved")
    have_your_say = make_page(get_involved, EngagementIndexPage, title="Have your say", slug="have-your-say")
    seed.exercise = make_exercise(have_your_say)
    seed.response = respond(seed.exercise, f"{NAME} says the clinic waiting room was cold.", email=EMAIL,
                            wants_updates=True)
    seed.block = BlockedSender.objects.create(email_digest=sender_digest("nuisance@example.org"),
                                              reason=f"Abusive messages naming {NAME}",
                                              created_by_label="moderator@walsallhealthcare.nhs.uk")


def seed_formats(seed):
    """A request for a publication in another format, with the person's need kept on record."""
    seed.format_request = ask(make_publication(home(seed)), name=NAME, email=EMAIL, keep_need=True)
    seed.communication_need = CommunicationNeed.objects.get(email=EMAIL)


def seed_involvement(seed):
    """A claim sent with a parking receipt (for a £75 half day of co-design, over a £50 two-person amount)."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from involvement import services as involvement
    from involvement.models import Activity, InvolvementLevel, InvolvementSettings, PaymentRate

    level = InvolvementLevel.objects.create(name="Co-designing a service", payment_unit="half_day")
    PaymentRate.objects.create(level=level, amount=Decimal("75.00"), valid_from=datetime.date(2020, 4, 1))
    seed.activity = Activity.objects.create(title="Respiratory co-design", level=level,
                                            date=timezone.localdate(), paid_by="Walsall Healthcare NHS Trust")
    seed.claim = involvement.invite(seed.activity, name=NAME, email=EMAIL)
    seed.expense = involvement.add_expense(
        seed.claim, kind="parking", day=seed.activity.date, amount=Decimal("3.50"),
        receipt=SimpleUploadedFile("parking.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    involvement.submit_claim(seed.claim, decline_payment=False)
    seed.unsent = involvement.invite(seed.activity, name=NAME, phone="07700 900123")
    options = InvolvementSettings.load()
    options.two_person_threshold = Decimal("50.00")
    options.save()


SEEDERS = {
    "involvement": seed_involvement,
    "contact": seed_contact, "privacy": seed_privacy, "mailer": seed_mailer, "newsletters": seed_newsletters,
    "campaigns": seed_campaigns, "events": seed_events, "user_group": seed_user_group, "feedback": seed_feedback,
    "formats": seed_formats,
}


def seed_area(area):
    seed = SimpleNamespace()
    SEEDERS[area](seed)
    return seed
