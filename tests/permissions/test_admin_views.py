"""Every admin screen that holds residents' personal data refuses people outside the right group.

SCREENS below is the table: (URL name, method, area, groups allowed). For each row, one test
seeds the area with a person ("Zebedee Quill", zebedee@example.org), then

- an anonymous visitor is sent to the sign-in page;
- a signed-in member of staff in every role NOT allowed (including someone who may open the
  admin but is in no group) is refused: a 403, or Wagtail's redirect to the sign-in page or to
  the admin home with "Sorry, you do not have permission"; neither the first response nor the
  page they end on shows the person's name, address or the row's record, and nothing changes
  in the database (no erasure, no e-mail, not even an audit log line);
- each allowed group gets the screen, showing the seeded record.

test_every_admin_screen_of_personal_data_is_in_the_table walks the admin URLs and fails when
a screen of a personal-data model (privacy registry) or of one of our own viewsets is in
neither SCREENS nor NOT_PERSONAL_DATA, so a new admin screen cannot slip through untested.
"""
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM, HEALTHWATCH_STAFF
from privacy import registry

from .conftest import EMAIL, NAME, ROLES, make_user, seed_area, signed_in

pytestmark = pytest.mark.django_db

# Refusals send people to sign in: django-allauth's page, or accounts.views.sign_in_or_refuse
# (Wagtail's sign-in addresses), which passes anonymous visitors on to allauth.
SIGN_IN_URL = ("/accounts/login/", "/admin/login/", "/_util/login/")
ADMIN_HOME = "/admin/"
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."

HW = frozenset({HEALTHWATCH_STAFF})
COMMS = frozenset({COMMS_TEAM})
CAMPAIGN_VIEWERS = frozenset({COMMS_TEAM, COMMS_APPROVERS})
APPROVERS = frozenset({COMMS_APPROVERS})
ORGANISERS = frozenset({COMMS_TEAM, HEALTHWATCH_STAFF})
NOBODY = frozenset()  # only superusers


def name_shown(seed):
    return NAME


def email_shown(seed):
    return EMAIL


@dataclass(frozen=True)
class Screen:
    url_name: str
    area: str
    allowed: frozenset
    method: str = "GET"
    args: object = None  # seed -> URL arguments
    data: object = None  # seed -> POST data
    shows: object = name_shown  # seed -> what an allowed person sees and nobody else may

    def url(self, seed):
        return reverse(self.url_name, args=self.args(seed) if self.args else [])

    @property
    def id(self):
        return f"{self.method} {self.url_name}"


def pk(name):
    return lambda seed: [getattr(seed, name).pk]


SCREENS = [
    # Privacy tools: find, export and erase a person; the audit log.
    Screen("personal-data:find", "privacy", HW, shows=lambda seed: "Find"),
    Screen("personal-data:find", "privacy", HW, "POST", data=lambda seed: {"person": EMAIL},
           shows=lambda seed: seed.message.subject),
    Screen("personal-data:export", "privacy", HW, "POST", data=lambda seed: {"person": EMAIL, "format": "json"},
           shows=email_shown),
    Screen("personal-data:export", "privacy", HW, shows=lambda seed: "Find"),  # GET goes back to find
    Screen("personal-data:erase", "privacy", HW, "POST", data=lambda seed: {"person": EMAIL},
           shows=email_shown),
    Screen("personal-data:erase", "privacy", HW, shows=lambda seed: "Find"),
    Screen("personal-data-audit-log:index", "privacy", HW, shows=lambda seed: seed.masked_email),
    Screen("personal-data-audit-log:index_results", "privacy", HW, shows=lambda seed: seed.masked_email),
    # Subject access requests (the requester's name and address).
    Screen("subject-access-requests:index", "privacy", HW),
    Screen("subject-access-requests:index_results", "privacy", HW),
    Screen("subject-access-requests:add", "privacy", HW, shows=lambda seed: "Requester"),
    Screen("subject-access-requests:edit", "privacy", HW, args=pk("access_request"), shows=email_shown),
    Screen("subject-access-requests:history", "privacy", HW, args=pk("access_request")),
    Screen("subject-access-requests:history_results", "privacy", HW, args=pk("access_request"),
           shows=lambda seed: "no log entries"),
    Screen("subject-access-requests:delete", "privacy", NOBODY, args=pk("access_request")),
    # Contact messages.
    Screen("contact-messages:index", "contact", HW),
    Screen("contact-messages:index_results", "contact", HW),
    Screen("contact-messages:inspect", "contact", HW, args=pk("message"), shows=email_shown),
    Screen("contact-messages:mark_handled", "contact", HW, "POST", args=pk("message"),
           data=lambda seed: {"handled": "1"}),
    # Requests for other formats and the communication needs kept on record (the Comms team's).
    Screen("format-requests:index", "formats", COMMS, shows=lambda seed: seed.format_request.reference),
    Screen("format-requests:index_results", "formats", COMMS, shows=lambda seed: seed.format_request.reference),
    Screen("format-requests:inspect", "formats", COMMS, args=pk("format_request"), shows=email_shown),
    Screen("format-requests:in_progress", "formats", COMMS, "POST", args=pk("format_request"),
           data=lambda seed: {"note": "Started"}, shows=lambda seed: "is in progress"),
    Screen("format-requests:done", "formats", COMMS, "POST", args=pk("format_request"),
           data=lambda seed: {"message": "Ready"}, shows=lambda seed: "is done"),
    Screen("communication-needs:index", "formats", COMMS),
    Screen("communication-needs:index_results", "formats", COMMS),
    Screen("communication-needs:inspect", "formats", COMMS, args=pk("communication_need"), shows=email_shown),
    Screen("communication-needs:delete", "formats", COMMS, args=pk("communication_need")),
    Screen("communication-needs:delete", "formats", COMMS, "POST", args=pk("communication_need"),
           shows=lambda seed: "deleted"),
    # E-mail suppressions (the Comms team's).
    Screen("suppressions:index", "mailer", COMMS, shows=email_shown),
    Screen("suppressions:index_results", "mailer", COMMS, shows=email_shown),
    Screen("suppressions:inspect", "mailer", COMMS, args=pk("suppression"), shows=email_shown),
    Screen("suppressions:delete", "mailer", COMMS, args=pk("suppression"), shows=email_shown),
    Screen("suppressions:delete", "mailer", COMMS, "POST", args=pk("suppression"), shows=email_shown),
    # Newsletter subscribers and their import.
    Screen("newsletter-subscribers:index", "newsletters", COMMS, shows=email_shown),
    Screen("newsletter-subscribers:index_results", "newsletters", COMMS, shows=email_shown),
    Screen("newsletter-subscribers:inspect", "newsletters", COMMS, args=pk("subscriber"), shows=email_shown),
    Screen("newsletter-subscribers:import", "newsletters", COMMS, shows=lambda seed: "Import subscribers"),
    Screen("newsletter-subscribers:import_template", "newsletters", COMMS,
           shows=lambda seed: "email,name,lists,consent_basis"),
    Screen("newsletter-subscribers:import_skipped", "newsletters", COMMS, "POST",
           data=lambda seed: {"skipped": f"email,problem\r\n{EMAIL},No list\r\n"}, shows=email_shown),
    # Campaign screens: who sees the lists' sizes, previews, tests, sends and cancels.
    Screen("newsletter-campaigns:index", "campaigns", CAMPAIGN_VIEWERS, shows=lambda seed: seed.issue.title),
    Screen("newsletter-campaigns:issue", "campaigns", CAMPAIGN_VIEWERS, args=pk("issue"),
           shows=lambda seed: seed.issue.title),
    Screen("newsletter-campaigns:issue", "campaigns", APPROVERS, "POST", args=pk("issue"),
           data=lambda seed: {"send-mailing_list": seed.second_list.pk, "send-when": "now", "send-checked": "on",
                              "send-confirmed": "True"},
           shows=lambda seed: f"Sending to {seed.second_list.name}."),
    Screen("newsletter-campaigns:test", "campaigns", CAMPAIGN_VIEWERS, "POST", args=pk("issue"),
           data=lambda seed: {"test-mailing_list": seed.mailing_list.pk}, shows=lambda seed: "A test e-mail"),
    Screen("newsletter-campaigns:ask", "campaigns", CAMPAIGN_VIEWERS, "POST", args=pk("issue"),
           data=lambda seed: {"ask-mailing_list": seed.mailing_list.pk}, shows=lambda seed: "Comms approver"),
    Screen("newsletter-campaigns:preview", "campaigns", CAMPAIGN_VIEWERS, args=pk("issue"),
           shows=lambda seed: seed.issue.title),
    Screen("newsletter-campaigns:report", "campaigns", CAMPAIGN_VIEWERS, args=pk("campaign"),
           shows=lambda seed: seed.issue.title),
    Screen("newsletter-campaigns:cancel", "campaigns", APPROVERS, "POST", args=pk("campaign"),
           shows=lambda seed: "The scheduled send is cancelled"),
    # Event bookings.
    Screen("event-bookings:index", "events", ORGANISERS, shows=lambda seed: seed.event.title),
    Screen("event-bookings:event", "events", ORGANISERS, args=pk("event")),
    Screen("event-bookings:add", "events", ORGANISERS, args=pk("event"), shows=lambda seed: "Add a booking"),
    Screen("event-bookings:attendance", "events", ORGANISERS, args=pk("started_event")),
    Screen("event-bookings:attendance", "events", ORGANISERS, "POST", args=pk("started_event"),
           data=lambda seed: {"attended": [seed.started_booking.pk]}, shows=lambda seed: "Attendance saved"),
    Screen("event-bookings:message", "events", ORGANISERS, args=pk("event"),
           shows=lambda seed: "Message attendees"),
    Screen("event-bookings:export", "events", ORGANISERS, args=pk("event"), shows=email_shown),
    Screen("event-bookings:booking", "events", ORGANISERS, args=pk("booking"), shows=email_shown),
    Screen("event-bookings:cancel", "events", ORGANISERS, args=pk("booking"), shows=email_shown),
    Screen("event-bookings:cancel", "events", ORGANISERS, "POST", args=pk("booking")),
    Screen("event-bookings:cancel_event", "events", ORGANISERS, args=pk("event"),
           shows=lambda seed: "Who will be told"),
    Screen("event-bookings:cancel_event", "events", ORGANISERS, "POST", args=pk("event"),
           data=lambda seed: {"message": "Sorry: the speaker is ill."}, shows=lambda seed: "This event is cancelled"),
    Screen("event-bookings:promote", "events", ORGANISERS, "POST", args=pk("booking")),
    # User Group applications, screening, inviting members and the reach (equality monitoring) report.
    Screen("user-group-applications:index", "user_group", HW),
    Screen("user-group-applications:index_results", "user_group", HW),
    Screen("user-group-applications:inspect", "user_group", HW, args=pk("application"), shows=email_shown),
    Screen("user-group-applications:status", "user_group", HW, "POST", args=pk("application"),
           data=lambda seed: {"status": "contacted", "reason": ""}),
    Screen("user-group-applications:note", "user_group", HW, "POST", args=pk("application"),
           data=lambda seed: {"text": "Rang back."}),
    Screen("user-group-applications:assign", "user_group", HW, "POST", args=pk("application"),
           data=lambda seed: {"assigned_to": ""}),
    Screen("user-group-applications:email", "user_group", HW, args=pk("application")),
    Screen("user-group-applications:email", "user_group", HW, "POST", args=pk("application"),
           data=lambda seed: {"action": "preview", "standard": "", "subject": "Hello", "message": "Hello"}),
    Screen("user-group-invite:index", "user_group", HW, shows=lambda seed: "Invite members"),
    Screen("user-group-reach:index", "user_group", HW, shows=lambda seed: "User Group reach"),
    Screen("user-group-reach:export", "user_group", HW, shows=lambda seed: "User Group reach,generated"),
    # Feedback responses: the moderation queue, one response, redaction and the other steps, CSV.
    Screen("feedback-responses:index", "feedback", HW, shows=lambda seed: seed.response.reference),
    Screen("feedback-responses:index_results", "feedback", HW, shows=lambda seed: seed.response.reference),
    Screen("feedback-responses:inspect", "feedback", HW, args=pk("response"), shows=email_shown),
    Screen("feedback-responses:export", "feedback", HW, shows=lambda seed: seed.response.reference),
    Screen("feedback-responses:choose", "feedback", HW, shows=lambda seed: "Add a response"),
    Screen("feedback-responses:add", "feedback", HW, args=pk("exercise"), shows=lambda seed: seed.exercise.title),
    *[Screen(f"feedback-responses:{step}", "feedback", HW, "POST", args=pk("response"), shows=email_shown)
      for step in ("approve", "redact", "reject", "flag", "block", "release", "themes")],
    # Blocked senders (keyed hashes of a sender's address: in the privacy registry).
    Screen("feedback-blocked-senders:index", "feedback", HW, shows=lambda seed: seed.block.reason),
    Screen("feedback-blocked-senders:index_results", "feedback", HW, shows=lambda seed: seed.block.reason),
    Screen("feedback-blocked-senders:edit", "feedback", NOBODY, args=pk("block"),
           shows=lambda seed: seed.block.reason),
    Screen("feedback-blocked-senders:delete", "feedback", HW, args=pk("block"), shows=lambda seed: "Delete"),
    Screen("feedback-blocked-senders:history", "feedback", HW, args=pk("block"),
           shows=lambda seed: str(seed.block)),
    Screen("feedback-blocked-senders:history_results", "feedback", HW, args=pk("block"),
           shows=lambda seed: "no log entries"),
    Screen("feedback-blocked-senders:usage", "feedback", NOBODY, args=pk("block"),
           shows=lambda seed: str(seed.block)),
    # Involvement claims: the queue, one claim and its decisions, receipts, entering a claim, finance.
    Screen("involvement-claims:index", "involvement", HW),
    Screen("involvement-claims:index_results", "involvement", HW),
    Screen("involvement-claims:inspect", "involvement", HW, args=pk("claim"), shows=email_shown),
    Screen("involvement-claims:receipt", "involvement", HW, args=pk("expense"), shows=lambda seed: "%PDF"),
    Screen("involvement-claims:finance", "involvement", HW, shows=lambda seed: "Finance export"),
    Screen("involvement-claims:add_claim", "involvement", HW, shows=lambda seed: seed.activity.title),
    Screen("involvement-claims:enter", "involvement", HW, args=pk("unsent"), shows=name_shown),
    Screen("involvement-claims:approve", "involvement", HW, "POST", args=pk("claim"), shows=email_shown),
    *[Screen(f"involvement-claims:{step}", "involvement", HW, "POST", args=pk("claim"), shows=email_shown,
             data=lambda seed: {"reason": "Add the receipt."}) for step in ("return", "reject")],
    *[Screen(f"involvement-claims:{step}", "involvement", HW, args=pk("claim"), shows=name_shown)
      for step in ("return", "reject")],
    Screen("involvement-claims:paid", "involvement", HW, "POST", args=pk("claim"), shows=email_shown),
]

# Our admin screens that hold no personal data, and why. Listed so the guard below knows
# they were looked at.
NOT_PERSONAL_DATA = {
    "mailing-lists": "list names and subscriber counts only",
    "write-newsletter": "a shortcut to Wagtail's add-page form",
    "add-event": "a shortcut to Wagtail's add-page form",
    "user-group-targets": "target shares for each equality group, no one's answers",
    "feedback-themes": "themes staff wrote, with response counts",
    "feedback-actions": "actions staff wrote, with a count of contributors",
    "activity": "involvement activities: titles, dates, levels",
    "involvementlevel": "involvement levels and their payment rules",
    "paymentrate": "payment rates and the dates they start",
    "mileagerate": "mileage rates and the dates they start",
    "translations-to-check": "pages in other languages a translator has still to check",
}


# The test ------------------------------------------------------------------------------------


def request(client, screen, seed):
    url = screen.url(seed)
    if screen.method == "POST":
        return client.post(url, screen.data(seed) if screen.data else {})
    return client.get(url)


def landing(client, response):
    """The page a person ends on after the redirects. (Partner staff, who may not use the admin,
    are bounced between the sign-in page and the admin: they end on an empty redirect.)"""
    seen = set()
    while response.status_code == 302 and response["Location"] not in seen and len(seen) < 5:
        seen.add(response["Location"])
        response = client.get(response["Location"])
    return response


def text(response):
    return b"".join(response.streaming_content if response.streaming else [response.content]).decode(
        "utf-8", "replace")


def snapshot():
    """Everything a refused request must leave alone: personal data, audit log, outbox, campaigns."""
    labels = {source.model._meta.label for source in registry.sources()}
    labels |= {"privacy.AuditLogEntry", "newsletters.NewsletterCampaign", "engagement.ModerationEvent"}
    state = {}
    for label in sorted(labels):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        state[label] = list(model._default_manager.order_by("pk").values())
    return state


def assert_refused(client, screen, seed, who):
    before = snapshot()
    response = request(client, screen, seed)
    assert response.status_code in (302, 403), f"{who}: {screen.id} answered {response.status_code}"
    end = landing(client, response)
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith(SIGN_IN_URL) or location == ADMIN_HOME, f"{who}: {screen.id} -> {location}"
        if location == ADMIN_HOME:
            assert PERMISSION_DENIED in text(end), who
    for page in (response, end):
        body = text(page)
        for secret in (NAME, EMAIL, screen.shows(seed)):
            assert secret not in body, f"{who} saw {secret!r} at {screen.id}"
    assert snapshot() == before, f"{who}: refused {screen.id} still changed something"


def assert_allowed(client, screen, seed, who):
    response = request(client, screen, seed)
    assert response.status_code in (200, 302), f"{who}: {screen.id} answered {response.status_code}"
    if response.status_code == 302:
        assert not response["Location"].startswith(SIGN_IN_URL) and response["Location"] != ADMIN_HOME, (
            f"{who} was refused {screen.id}")
    page = landing(client, response)
    assert page.status_code == 200, f"{who}: {screen.id} ended on {page.status_code}"
    body = text(page)
    assert PERMISSION_DENIED not in body, who
    assert screen.shows(seed) in body, f"{who} did not see {screen.shows(seed)!r} at {screen.id}"


@pytest.mark.parametrize("screen", SCREENS, ids=[screen.id for screen in SCREENS])
def test_screen_refuses_everyone_outside_its_groups(screen):
    seed = seed_area(screen.area)

    anonymous = Client()
    response = request(anonymous, screen, seed)
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL) and "?next=" in response["Location"]
    assert NAME not in text(landing(anonymous, response))

    for role in ROLES:
        if role not in screen.allowed:
            assert_refused(signed_in(make_user(role)), screen, seed, role)
    for role in ROLES:
        if role in screen.allowed:
            assert_allowed(signed_in(make_user(role)), screen, seed, role)


def test_no_sign_in_page_lets_staff_skip_two_factor_authentication():
    """Wagtail's own sign-in form for private pages (/_util/login/) took a password alone, with no
    second factor and no rate limit, and the session it gave opened the admin. It now sends
    people to the django-allauth sign-in, like /admin/login/."""
    seed = seed_area("contact")
    user = make_user(HEALTHWATCH_STAFF)
    client = Client()
    for address in ("/_util/login/", "/admin/login/"):
        response = client.post(address + "?next=/admin/contact-messages/",
                               {"username": user.email, "password": "correct-horse-battery"})
        assert response.status_code in (301, 302) and response["Location"].startswith(SIGN_IN_URL), address
    response = client.get(reverse("contact-messages:index"))
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL)
    assert seed.message.subject not in text(landing(client, response))


# The guard on the table ----------------------------------------------------------------------


def admin_url_patterns():
    """(URL name, model or None) of every admin URL."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                callback = pattern.callback
                view_class = getattr(callback, "view_class", None)
                model = (getattr(callback, "view_initkwargs", {}) or {}).get("model") or getattr(
                    view_class, "model", None)
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), model

    admin = next(p for p in get_resolver().url_patterns
                 if isinstance(p, URLResolver) and str(p.pattern) == "admin/")
    yield from walk(admin.url_patterns, "")


def test_every_admin_screen_of_personal_data_is_in_the_table():
    personal_models = {source.model for source in registry.sources()}
    in_table = {screen.url_name for screen in SCREENS}
    untested, wrongly_excused = [], []
    for url_name, model in admin_url_patterns():
        namespace = url_name.split(":")[0] if ":" in url_name else ""
        ours = namespace and not namespace.startswith("wagtail")
        if not ours and model not in personal_models:
            continue  # Wagtail's own screens (pages, images, users...), none over residents' data
        if url_name in in_table:
            continue
        if namespace in NOT_PERSONAL_DATA and model not in personal_models:
            continue
        (wrongly_excused if namespace in NOT_PERSONAL_DATA else untested).append(url_name)
    assert not untested, f"Admin screens missing from SCREENS: {untested}"
    assert not wrongly_excused, f"Screens of personal data excused as not personal: {wrongly_excused}"


def test_the_guard_sees_the_personal_data_screens():
    """The walk above finds the screens (so an empty or broken walk cannot pass the guard)."""
    found = dict(admin_url_patterns())
    assert {screen.url_name for screen in SCREENS} <= set(found)
    from base.models import ContactMessage
    from engagement.models import BlockedSender

    assert found["contact-messages:inspect"] is ContactMessage
    assert found["feedback-blocked-senders:index"] is BlockedSender
