"""User Group business rules: applying, screening, inviting members and retention.

Every rule about applications lives here; views, the admin and the demo loader call these
functions. E-mail goes through mailer.services.queue_email, so it is sent after commit.
"""
import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from accounts.roles import HEALTHWATCH_STAFF
from base.languages import interface_language, preferred_language
from base.phone import normalise_phone
from mailer.services import queue_email, render_email
from privacy.consents import current_wording
from privacy.services import record_consent

from .. import app_settings
from . import invitation_optout
from ..equality import CONSENT_PURPOSE as EQUALITY_CONSENT, QUESTION_FIELDS, reveals_something
from ..localities import suggest_locality
from ..models import ApplicationNote, EqualityMonitoring, StatusChange, UserGroupApplication, UserGroupInvitation

Status = UserGroupApplication.Status
CONSENT_PURPOSE = "user_group"

# The status workflow: the only moves staff can make. An applicant who left, or was not taken
# forward, goes back to "new" by applying again (see submit_application).
TRANSITIONS = {
    Status.NEW: [Status.CONTACTED, Status.NOT_PROGRESSED],
    Status.CONTACTED: [Status.INDUCTION_BOOKED, Status.NOT_PROGRESSED],
    Status.INDUCTION_BOOKED: [Status.ACTIVE, Status.CONTACTED, Status.NOT_PROGRESSED],
    Status.ACTIVE: [Status.PAUSED, Status.LEFT],
    Status.PAUSED: [Status.ACTIVE, Status.LEFT],
    Status.LEFT: [],
    Status.NOT_PROGRESSED: [Status.CONTACTED],
}
REASON_REQUIRED = {Status.NOT_PROGRESSED}
IN_PROGRESS = [Status.NEW, Status.CONTACTED, Status.INDUCTION_BOOKED]
ENDED = [Status.LEFT, Status.NOT_PROGRESSED]

APPLICANT = "Applicant"  # who made a change the applicant caused (applying again)


class ScreeningError(Exception):
    """A change to an application that the rules do not allow; the message says why."""


# Applying ------------------------------------------------------------------------------------


def fill_locality(locality, postcode, suggested_before=False):
    """(locality, from_postcode): the applicant's choice, or else the one their postcode suggests.

    `suggested_before` is true when the form already filled in the suggestion (shown on the check
    step): it still counts as suggested unless the applicant changed it.
    """
    suggestion = suggest_locality(postcode)
    if locality:
        return locality, bool(suggested_before and suggestion and locality == suggestion)
    return suggestion, bool(suggestion)


def find_application(email="", phone=""):
    """The live application of the person with this e-mail, or (without one) this phone number."""
    email = (email or "").strip().lower()
    if email:
        return UserGroupApplication.objects.filter(email__iexact=email).first()
    if phone:
        return UserGroupApplication.objects.filter(email="", phone=phone, anonymised_at=None).first()
    return None


def submit_application(data, equality_answers=None, *, equality_consent=False, source="", language=None):
    """Store an application, or update the one the same person sent before. Returns (application, created).

    `language` is the language the person applied in (base.languages.language_of_request()): it
    is kept as their preferred language, every e-mail to them is written in it, and their consent
    is recorded in the words they were shown in it. English when not given (staff, the demo).

    The same person is the same e-mail address or, for someone who gave only a phone number,
    the same phone number. The same form posted twice (its submission token) is one application.
    Someone who had left, or was not taken forward, is back in the queue as "new". Equality
    answers are stored apart, with their own consent, only when some were given.
    """
    token = data.get("submission_token")
    if token:
        existing = UserGroupApplication.objects.filter(submission_token=token).first()
        if existing:
            return existing, False
    try:
        return _submit(data, equality_answers or {}, equality_consent, source, language)
    except IntegrityError:
        # Another request for the same person (or token) won the race: update what it stored.
        return _submit(data, equality_answers or {}, equality_consent, source, language)


def _submit(data, equality_answers, equality_consent, source, language):
    now = timezone.now()
    email = (data.get("email") or "").strip().lower()
    phone = normalise_phone(data.get("phone")) or ""
    locality, suggested = fill_locality(data.get("locality", ""), data.get("postcode", ""),
                                        data.get("locality_from_postcode", False))
    fields = {
        "name": data["name"].strip(),
        "email": email,
        "phone": phone,
        "preferred_contact": data["preferred_contact"],
        "postcode": data.get("postcode") or "",
        "locality": locality,
        "locality_from_postcode": suggested,
        "lived_experience": data.get("lived_experience", ""),
        "participation": list(data.get("participation") or []),
        "availability": list(data.get("availability") or []),
        "access_needs": data.get("access_needs", ""),
        "heard_about": data.get("heard_about", ""),
        "heard_about_other": data.get("heard_about_other", "") if data.get("heard_about") == "other" else "",
        "consent_version": current_wording(CONSENT_PURPOSE).version,
        "language": preferred_language(language),
    }
    with transaction.atomic():
        if token := data.get("submission_token"):
            if found := UserGroupApplication.objects.filter(submission_token=token).first():
                return found, False
        application = find_application(email, phone)
        created = application is None
        if created:
            application = UserGroupApplication.objects.create(
                **fields, submission_token=data.get("submission_token"), created_at=now, status_changed_at=now)
            _log_status(application, "", Status.NEW, None, "", now)
        else:
            application = UserGroupApplication.objects.select_for_update().get(pk=application.pk)
            for name, value in fields.items():
                setattr(application, name, value)
            application.applied_again_at = now
            application.submission_token = data.get("submission_token") or application.submission_token
            if application.status in ENDED:
                _log_status(application, application.status, Status.NEW, None, "Applied again", now)
                application.status, application.status_changed_at = Status.NEW, now
            application.save()
            _note(application, None, "Applied again: the application details were updated.", now=now)
        application.interests.set(data.get("interests") or [])
        if equality_answers:
            save_equality_answers(application, equality_answers, consent=equality_consent, source=source)
        if email:
            record_consent(email, CONSENT_PURPOSE, source=source, language=application.language)
            queue_email(email, "engagement/email/application_acknowledgement",
                        {"application": application, "response_days": app_settings.user_group_waiting_days(),
                         "applied_again": not created},
                        dedupe_key=f"user-group-ack:{token}" if token else None,
                        reply_to=app_settings.user_group_email(), language=application.language)
    return application, created


def save_equality_answers(application, answers, *, consent, source=""):
    """Store (or replace) the equality answers given with an application.

    Answers that say something about the person need their explicit consent; without it
    nothing is stored. Answering only "Prefer not to say" needs no consent.
    """
    answers = {field: answers.get(field, "") for field in QUESTION_FIELDS}
    if not any(answers.values()):
        return None
    if reveals_something(answers) and not consent:
        raise ValueError("Equality answers need the person's consent")
    version = current_wording(EQUALITY_CONSENT).version if consent else None
    record, _ = EqualityMonitoring.objects.update_or_create(
        application=application,
        defaults={**answers, "consent_version": version, "recorded_at": timezone.now(),
                  "context": EqualityMonitoring.Context.USER_GROUP},
    )
    if consent and application.email:
        record_consent(application.email, EQUALITY_CONSENT, source=source, language=application.language)
    return record


# Screening -----------------------------------------------------------------------------------


def allowed_transitions(status):
    return list(TRANSITIONS.get(status, []))


def change_status(application, to_status, actor, reason=""):
    """Move an application along the workflow (TRANSITIONS) and log who did it and when.

    Raises ScreeningError for a move the workflow does not allow, or for "not progressed"
    without a reason.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        current = UserGroupApplication.objects.select_for_update().get(pk=application.pk)
        if to_status not in allowed_transitions(current.status):
            raise ScreeningError(
                f"An application that is '{current.get_status_display()}' cannot be moved to "
                f"'{Status(to_status).label if to_status in Status.values else to_status}'.")
        if to_status in REASON_REQUIRED and not reason:
            raise ScreeningError("Give a reason why the application is not being taken forward.")
        now = timezone.now()
        change = _log_status(current, current.status, to_status, actor, reason, now)
        current.status, current.status_changed_at = to_status, now
        current.save(update_fields=["status", "status_changed_at"])
    application.status, application.status_changed_at = current.status, current.status_changed_at
    return change


def _log_status(application, from_status, to_status, actor, reason, when):
    return StatusChange.objects.create(
        application=application, from_status=from_status, to_status=to_status, reason=reason,
        changed_by=actor if getattr(actor, "pk", None) else None, changed_by_label=_label(actor),
        changed_at=when,
    )


def add_note(application, text, actor):
    text = (text or "").strip()
    if not text:
        raise ScreeningError("Write the note before saving it.")
    return _note(application, actor, text)


def _note(application, actor, text, kind=ApplicationNote.Kind.NOTE, now=None):
    return ApplicationNote.objects.create(application=application, kind=kind, text=text,
                                          author=actor if getattr(actor, "pk", None) else None,
                                          author_label=_label(actor), created_at=now or timezone.now())


def _label(actor):
    if actor is None:
        return APPLICANT
    return staff_name(actor) if getattr(actor, "pk", None) else str(actor)


def screening_staff():
    """Who an application can be assigned to: Healthwatch staff (and superusers)."""
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(groups__name=HEALTHWATCH_STAFF) | Q(is_superuser=True)).distinct()
            .order_by("first_name", "last_name", "email"))


def assign(application, user, actor):
    """Give an application to a member of Healthwatch staff (or to nobody, with None)."""
    if user is not None and not screening_staff().filter(pk=user.pk).exists():
        raise ScreeningError("Applications can only be assigned to Healthwatch staff.")
    application.assigned_to = user
    application.save(update_fields=["assigned_to"])
    _note(application, actor, f"Assigned to {staff_name(user)}." if user else "No longer assigned to anyone.")
    return application


def staff_name(user):
    """How a member of staff is shown to colleagues: their name, or their address when the
    account has no name (never the username, which means nothing to anyone)."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.email or str(user)


# The standard e-mails staff start from. Staff edit the subject and text before sending, so a
# standard e-mail only fills the form: its text is a template in templates/engagement/email/
# standard/<key>.txt (edited like every other e-mail), without greeting or sign-off, which
# applicant_message adds. `moves_to` is the status that sending it usually means.
@dataclass(frozen=True)
class StandardEmail:
    label: str
    subject: str
    moves_to: str | None = None

    def template(self, key):
        return f"engagement/email/standard/{key}.txt"


# The subjects (and texts) are written to the applicant, in their language (standard_email); the
# labels are for staff.
APPLICANT_EMAILS = {
    "contact_attempt": StandardEmail("We tried to contact you",
                                     gettext_noop("We tried to contact you about the User Group")),
    "induction": StandardEmail("Invitation to an induction", gettext_noop("Your User Group induction"),
                               Status.INDUCTION_BOOKED),
    "welcome": StandardEmail("Welcome to the User Group", gettext_noop("Welcome to the Walsall Together User Group"),
                             Status.ACTIVE),
    "not_progressed": StandardEmail("Your application was not taken forward",
                                    gettext_noop("Your application to join the User Group")),
}
APPLICANT_MESSAGE = "engagement/email/applicant_message"
# A text that already opens with a greeting gets no second one.
_GREETING = re.compile(r"^\s*(dear|hello|hi|good (morning|afternoon|evening))\b", re.IGNORECASE)


def standard_email(key, application):
    """{"subject", "message"} of a standard e-mail, for staff to edit before sending: in the
    applicant's preferred language, as the e-mail around it is (applicant_language)."""
    if key not in APPLICANT_EMAILS:
        raise ScreeningError("Choose one of the standard messages.")
    standard = APPLICANT_EMAILS[key]
    with translation.override(applicant_language(application)):
        message = render_to_string(standard.template(key), {"application": application}).strip()
        return {"subject": gettext(standard.subject), "message": message}


def applicant_language(application):
    """The language e-mails to an applicant are written in: the one they applied in, where the
    site's words are translated into it (else English)."""
    return interface_language(application.language)


def applicant_email_context(application, subject, message, actor, standard=""):
    message = (message or "").strip()
    with translation.override(applicant_language(application)):
        greeting = "" if _GREETING.match(message) else gettext("Dear %(name)s,") % {"name": application.name}
    context = {"application": application, "subject": (subject or "").strip(), "message": message,
               "greeting": greeting, "sender": actor}
    if standard == "welcome" or application.status == Status.ACTIVE:
        # Members can stop invitations with a link, without having to reply.
        context["stop_url"] = invitation_optout.stop_url(application)
    return context


def preview_applicant_email(application, subject, message, actor, standard=""):
    """(subject, text) exactly as the applicant will get it."""
    context = applicant_email_context(application, subject, message, actor, standard)
    subject, text, _ = render_email(APPLICANT_MESSAGE, context, applicant_language(application))
    return subject, text


def email_applicant(application, subject, message, actor, standard=""):
    """E-mail the applicant what staff wrote (usually a standard e-mail they edited), and note it.

    `standard` says which standard e-mail it started from, for the note.
    """
    if not application.email:
        raise ScreeningError("This applicant has no e-mail address. Contact them by phone.")
    subject, message = (subject or "").strip(), (message or "").strip()
    if not subject or not message:
        raise ScreeningError("Write the subject and the message before sending the e-mail.")
    label = APPLICANT_EMAILS[standard].label if standard in APPLICANT_EMAILS else subject
    with transaction.atomic():
        context = applicant_email_context(application, subject, message, actor, standard)
        email = queue_email(application.email, APPLICANT_MESSAGE, context, reply_to=app_settings.user_group_email(),
                            language=applicant_language(application))
        _note(application, actor, f"E-mail sent: {label}.\n\n{email.body_text.strip()}",
              kind=ApplicationNote.Kind.EMAIL)
    return email


def suggested_status(standard, application):
    """The status sending `standard` usually moves the application to, when the workflow allows it."""
    moves_to = APPLICANT_EMAILS[standard].moves_to if standard in APPLICANT_EMAILS else None
    return moves_to if moves_to in allowed_transitions(application.status) else None


def waiting_cutoff(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=app_settings.user_group_waiting_days())


def is_waiting_too_long(application, now=None):
    """A new application nobody has acted on for USER_GROUP_WAITING_DAYS days."""
    return application.status == Status.NEW and application.status_changed_at < waiting_cutoff(now)


def days_waiting(application, now=None):
    return ((now or timezone.now()) - application.status_changed_at).days


def screening_queue(now=None):
    """The applications waiting for screening (status New): how many, and the days the oldest has
    waited since it came in or last changed status."""
    queue = UserGroupApplication.objects.filter(status=Status.NEW).aggregate(count=Count("pk"),
                                                                             oldest=Min("status_changed_at"))
    oldest = queue["oldest"]
    return {"count": queue["count"], "oldest_days": ((now or timezone.now()) - oldest).days if oldest else None}


# Inviting members ----------------------------------------------------------------------------


def select_members(localities=(), interests=(), statuses=(Status.ACTIVE,)):
    """Members (by default active ones) in any of `localities` and interested in any of `interests`."""
    members = UserGroupApplication.objects.filter(status__in=list(statuses) or [Status.ACTIVE], anonymised_at=None,
                                                  invitations_stopped_at=None)  # they asked for no more
    if localities:
        members = members.filter(locality__in=list(localities))
    if interests:
        ids = [getattr(topic, "pk", topic) for topic in interests]
        members = members.filter(pk__in=UserGroupApplication.interests.through.objects
                                 .filter(topic_id__in=ids).values("usergroupapplication_id"))
    return members.order_by("name", "pk")


def invitation_preview(members):
    """How many members an invitation reaches by e-mail, and who must be phoned instead."""
    return {
        "total": members.count(),
        "by_email": members.exclude(email="").count(),
        "by_phone": list(members.filter(email="").values("pk", "name", "phone")),
    }


def send_invitation(*, subject, message, link_url, filters, members, actor):
    """E-mail an invitation to every member in `members` who has an address, once each.

    The dedupe key (invitation and member) means a retry or a double click never sends a
    member the same invitation twice.
    """
    with transaction.atomic():
        invitation = UserGroupInvitation.objects.create(
            subject=subject, message=message, link_url=link_url, filters=filters,
            created_by=actor if getattr(actor, "pk", None) else None)
        sent = 0
        for member in members.exclude(email=""):
            queue_email(member.email, "engagement/email/member_invitation",
                        {"invitation": invitation, "member": member,
                         "stop_url": invitation_optout.stop_url(member)},
                        dedupe_key=f"user-group-invitation:{invitation.pk}:{member.pk}",
                        reply_to=app_settings.user_group_email())
            sent += 1
        invitation.recipient_count = sent
        invitation.save(update_fields=["recipient_count"])
    return invitation


# Retention and erasure -----------------------------------------------------------------------


def expired_applications(now=None):
    """People who left (or were not taken forward) more than USER_GROUP_RETENTION_DAYS ago."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=app_settings.user_group_retention_days())
    return UserGroupApplication.objects.filter(status__in=ENDED, status_changed_at__lt=cutoff, anonymised_at=None)


def anonymise(application, now=None):
    """Remove everything that identifies the person, keeping what the reach dashboard counts.

    Kept: status and its history (without reasons), locality, interests, how they heard and the
    month they applied. Equality answers are detached from the application, so they still count
    but cannot be linked to anyone. Notes are deleted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application.notes.all().delete()
        application.status_changes.update(reason="")
        EqualityMonitoring.objects.filter(application=application).update(
            application=None, recorded_at=_month_start(application.created_at))
        for field in ("name", "email", "phone", "postcode", "access_needs", "heard_about_other"):
            setattr(application, field, "")
        application.participation, application.availability = [], []
        application.assigned_to = None
        application.submission_token = None
        application.created_at = _month_start(application.created_at)
        application.applied_again_at = None
        application.anonymised_at = now
        application.save()
    return application


def _month_start(moment):
    local = timezone.localtime(moment)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def anonymise_expired(now=None):
    count = 0
    for application in expired_applications(now):
        anonymise(application, now)
        count += 1
    return count


def erase_applications(applications):
    """Delete `applications` (a person's), with their equality answers, notes and status history."""
    applications = UserGroupApplication.objects.filter(pk__in=list(applications.values_list("pk", flat=True)))
    count = applications.count()
    EqualityMonitoring.objects.filter(application__in=applications).delete()
    applications.delete()
    return count
