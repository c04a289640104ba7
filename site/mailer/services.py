"""The outgoing e-mail pipeline every app uses.

A message is rendered from templates and saved as an OutgoingEmail row inside the
caller's transaction; after commit the task worker sends it with EMAIL_BACKEND (files in
development, an ESP through anymail in production). A transient failure is retried with
back-off; a permanent one is recorded on the row. Nothing is sent inside a web request.
"""
import base64
import datetime
import logging

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

PERMANENT_ERRORS = (AnymailRecipientsRefused, AnymailInvalidAddress)
STALE_SENDING_AFTER = datetime.timedelta(minutes=10)


def render_email(template, context):
    """Subject, text and HTML from `<template>_subject.txt`, `.txt` and `.html`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def queue_email(to, template, context, *, kind=OutgoingEmail.Kind.TRANSACTIONAL, dedupe_key=None,
                headers=None, attachments=()):
    """Save one message for `to` and send it once the current transaction commits.

    With a `dedupe_key`, a second call with the same key returns the first message
    instead of queueing another: the way to send something at most once.
    """
    if dedupe_key:
        existing = OutgoingEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    subject, text, html = render_email(template, context)
    return _save(
        to=to, subject=subject, body_text=text, body_html=html, kind=kind, dedupe_key=dedupe_key,
        headers=headers or {},
        attachments=[_encode_attachment(*a) for a in attachments],
    )


def queue_message(message):
    """Queue an already-built Django EmailMessage (e.g. from django-allauth), one row per recipient."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    body_text, body_html = message.body, html
    if getattr(message, "content_subtype", "plain") == "html":
        body_text, body_html = "", message.body
    return [
        _save(to=recipient, subject=message.subject, body_text=body_text, body_html=body_html,
              headers=dict(message.extra_headers or {}))
        for recipient in message.to
    ]


def _save(**fields):
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(**fields)
    except IntegrityError:
        if not fields.get("dedupe_key"):
            raise
        return OutgoingEmail.objects.get(dedupe_key=fields["dedupe_key"])
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id, run_after=None):
    from .tasks import send_email

    if run_after is None:
        send_email.enqueue(email_id)
    elif send_email.get_backend().supports_defer:
        send_email.using(run_after=run_after).enqueue(email_id)
    # Otherwise the scheduled requeue_due() picks the message up when it is due.


def _encode_attachment(filename, content, mimetype):
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(content).decode()}


def build_message(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def retry_delay(attempts):
    """1, 2, 4, 8 ... minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def deliver(email_id):
    """Send one queued message. Claiming the row first means only one worker sends it."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutgoingEmail.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message = build_message(email)
        message.send()
    except PERMANENT_ERRORS as error:
        _record_failure(email, error, permanent=True)
        return False
    except AnymailAPIError as error:
        permanent = error.status_code is not None and 400 <= error.status_code < 500 and error.status_code != 429
        _record_failure(email, error, permanent=permanent)
        return False
    except Exception as error:  # network down, SMTP refused, ESP timeout: try again later
        _record_failure(email, error, permanent=False)
        return False
    status = getattr(message, "anymail_status", None)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        esp_message_id=(getattr(status, "message_id", None) or "")[:255] if status else "",
    )
    return True


def _record_failure(email, error, permanent):
    logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, type(error).__name__)
    gave_up = permanent or email.attempts >= settings.MAILER_MAX_ATTEMPTS
    next_attempt = timezone.now() + retry_delay(email.attempts)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.QUEUED,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=next_attempt,
    )
    if not gave_up:
        _enqueue(email.pk, run_after=next_attempt)


def requeue_due():
    """Safety net run on a schedule: send what is due but has no task (e.g. after a crash).

    A message left 'sending' by a worker that died is put back in the queue.
    """
    now = timezone.now()
    OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER
    ).update(status=OutgoingEmail.Status.QUEUED, next_attempt_at=now)
    due = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)
        .values_list("pk", flat=True)[:1000]
    )
    for email_id in due:
        _enqueue(email_id)
    return len(due)
