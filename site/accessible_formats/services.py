"""Business rules for publications in other formats (NHS Accessible Information Standard).

- A request is due a set number of working days (Monday to Friday) after the day it arrived
  (settings.FORMAT_REQUEST_WORKING_DAYS); open requests past that day are overdue.
- The same form sent twice (same submission token) is one request, one e-mail, one recorded need.
- With the person's consent (the versioned "communication_needs" wording) their need is kept on
  record, one per person, so the Comms team does not ask them again; without it nothing is kept
  beyond the request, which is deleted a set time after it is done.
- A request moves received -> in progress -> done, each step logged with who and a note; marking
  it done tells the person by e-mail when they gave an address (staff phone or post otherwise).
- E-mails go out after commit, through mailer.services.queue_email.
"""
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from base.phone import normalise_phone
from mailer.services import queue_email
from privacy.consents import current_wording
from privacy.services import record_consent, time_left_text

from . import app_settings
from .models import CommunicationNeed, Format, FormatRequest, ReplyBy, StatusChange

CONSENT_PURPOSE = "communication_needs"
Status = FormatRequest.Status


class FormatRequestError(Exception):
    """A change staff asked for that the request's state does not allow; the message says why."""


# Publications -----------------------------------------------------------------------------------


def find_publication(page_id):
    """The live, public page `page_id` if its type offers other formats (pages.OffersOtherFormats),
    else None: drafts, private pages and other page types are never named on the form."""
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    return page if page is not None and getattr(page, "offers_other_formats", False) else None


# Due dates --------------------------------------------------------------------------------------


def add_working_days(start, days):
    """The date `days` working days (Monday to Friday) after `start`."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def due_date(received_on):
    return add_working_days(received_on, app_settings.working_days_to_reply())


def deadline_text(format_request, today=None):
    """The deadline in words, so it never depends on colour: "Overdue by 3 days", "Due in 5 days"."""
    if not format_request.is_open:
        done = timezone.localtime(format_request.completed_at) if format_request.completed_at else None
        return f"Done {done:%-d %B %Y}" if done else "Done"
    return time_left_text(format_request.due_on, today)


# Asking -----------------------------------------------------------------------------------------


def request_format(page, data, *, source="", submission_token=None, consent_version=None, language=None):
    """Store a request for `page` in another format from the form's cleaned `data`.

    Keeps only the contact detail for the way the person chose to hear back, records their
    communication need when they agreed (with the wording's version), and e-mails an
    acknowledgement when they gave an address. `consent_version` is the wording the form showed
    (the current one if not given). `language` is the one the person read the form in (English if
    not given): the e-mails to them are written in it. Returns the request.
    """
    if submission_token:
        existing = FormatRequest.objects.filter(submission_token=submission_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            return _create_request(page, data, source or page.url, submission_token, consent_version,
                                   language or settings.LANGUAGE_CODE)
    except IntegrityError:
        if not submission_token:
            raise
        return FormatRequest.objects.get(submission_token=submission_token)


def _create_request(page, data, source, token, consent_version, language):
    now = timezone.now()
    format_request = FormatRequest.objects.create(
        page=page, publication_title=page.title[:255], publication_url=(page.url or "")[:500],
        submission_token=token, received_at=now, due_on=due_date(timezone.localdate(now)),
        keep_need=bool(data.get("keep_need")), preferred_language=language, **_need_fields(data),
    )
    if format_request.keep_need:
        version = consent_version or current_wording(CONSENT_PURPOSE).version
        record_communication_need(format_request, version)
        if format_request.email:
            record_consent(format_request.email, CONSENT_PURPOSE, source=source, version=version)
    if format_request.email:
        queue_email(format_request.email, "accessible_formats/email/acknowledgement",
                    {"request": format_request}, reply_to=app_settings.reply_to(),
                    dedupe_key=f"format-request-{format_request.pk}-received",
                    language=format_request.preferred_language)
    return format_request


def _need_fields(data):
    """What was asked for and how to reply, with only the detail the chosen way needs."""
    fmt, reply_by = data["format"], data["reply_by"]
    return {
        "format": fmt,
        "language": data.get("language", "").strip() if fmt == Format.LANGUAGE else "",
        "details": data.get("details", "").strip() if fmt == Format.OTHER else "",
        "name": data["name"].strip(),
        "reply_by": reply_by,
        "email": data.get("email", "").strip().lower() if reply_by == ReplyBy.EMAIL else "",
        "phone": (normalise_phone(data.get("phone", "")) or "") if reply_by == ReplyBy.PHONE else "",
        "address": data.get("address", "").strip() if reply_by == ReplyBy.POST else "",
    }


def _same_person(need):
    """Who `need` is about, as a filter: by e-mail address, else phone number, else name and address."""
    if need.email:
        return Q(email__iexact=need.email)
    if need.phone:
        return Q(phone=need.phone)
    return Q(email="", phone="", name__iexact=need.name, address__iexact=need.address)


def record_communication_need(format_request, consent_version):
    """Keep (or bring up to date) the one record of this person's communication need."""
    fields = {name: getattr(format_request, name)
              for name in ("format", "language", "details", "name", "reply_by", "email", "phone", "address")}
    now = timezone.now()
    need = CommunicationNeed.objects.filter(_same_person(format_request)).first()
    if need is None:
        return CommunicationNeed.objects.create(consent_version=consent_version, recorded_at=now, updated_at=now,
                                                **fields)
    for name, value in fields.items():
        setattr(need, name, value)
    need.consent_version, need.updated_at = consent_version, now
    need.save()
    return need


def recorded_need(format_request):
    """The communication need kept on record for the person who sent this request, if any."""
    return CommunicationNeed.objects.filter(_same_person(format_request)).first()


# Working through the queue ----------------------------------------------------------------------


def start(format_request, actor, note=""):
    """Mark a received request in progress."""
    if format_request.status != Status.RECEIVED:
        status = format_request.get_status_display().lower()
        raise FormatRequestError(f"{format_request.reference} is already {status}.")
    return _change_status(format_request, Status.IN_PROGRESS, actor, note)


def mark_done(format_request, actor, message=""):
    """Mark a request done and tell the person it is ready: by e-mail when they gave an address
    (with `message`, e.g. where to find it); otherwise staff phone or post, from the details shown."""
    if format_request.status == Status.DONE:
        raise FormatRequestError(f"{format_request.reference} is already done.")
    with transaction.atomic():
        _change_status(format_request, Status.DONE, actor, message)
        if format_request.reply_by == ReplyBy.EMAIL and format_request.email:
            queue_email(format_request.email, "accessible_formats/email/ready",
                        {"request": format_request, "message": message.strip()}, reply_to=app_settings.reply_to(),
                        dedupe_key=f"format-request-{format_request.pk}-ready",
                        language=format_request.preferred_language)
    return format_request


def _change_status(format_request, status, actor, note):
    with transaction.atomic():
        locked = FormatRequest.objects.select_for_update().get(pk=format_request.pk)
        StatusChange.objects.create(
            request=locked, from_status=locked.status, to_status=status, note=note.strip(),
            changed_by=actor if getattr(actor, "pk", None) else None,
            changed_by_label=getattr(actor, "email", "") or str(actor or "system"),
        )
        locked.status = status
        locked.completed_at = timezone.now() if status == Status.DONE else None
        locked.save(update_fields=["status", "completed_at"])
    format_request.status, format_request.completed_at = locked.status, locked.completed_at
    return format_request


def open_requests():
    return FormatRequest.objects.exclude(status=Status.DONE)


def queue_counts(today=None):
    """How many requests are open, and how many of those are overdue."""
    today = today or timezone.localdate()
    requests = open_requests()
    return {"open": requests.count(), "overdue": requests.filter(due_on__lt=today).count()}


# Personal data ----------------------------------------------------------------------------------


def consent_wording_for(need):
    """The exact words the person agreed to when their need was recorded."""
    from privacy.consents import wording

    return wording(CONSENT_PURPOSE, need.consent_version).text
