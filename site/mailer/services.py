"""The outgoing e-mail pipeline every app uses.

Queueing: a message is saved as an OutgoingEmail row inside the caller's transaction, either
rendered from templates (queue_email) or, for a campaign, as one row per recipient pointing at
content stored once (create_shared_content + queue_bulk). Nothing is sent inside a web request:
after commit one task, send_queued_emails, is queued.

Sending: the task worker claims due rows in batches (two workers never claim the same row),
sends each batch through one backend connection at MAILER_RATE_PER_SECOND, and records each
message right after its send. A transient failure is retried with back-off; a permanent one is
recorded on the row. EMAIL_BACKEND decides where mail goes: files in development, an ESP
through anymail in production.

Exactly once: a row is marked `send_started_at` just before the backend is called and SENT
right after. If the worker dies in between, nobody knows whether the ESP took the message, so
recover_interrupted_sends() fails a marketing message (never sent twice) and sends a
transactional one again (a duplicate confirmation is better than none).

Suppressions: addresses that hard-bounced, complained or unsubscribed at the ESP (reported by
anymail's tracking webhook, see record_tracking_event) are never sent marketing again; a hard
bounce stops every kind of e-mail. Their rows are kept with status SUPPRESSED.
"""
import base64
import datetime
import html
import itertools
import json
import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import requests
from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, connection, connections, router, transaction
from django.db.models import Count, F, Q
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from base.languages import Language, preferred_language
from privacy.services import email_digest

from .models import DeliveryEvent, OutgoingEmail, SharedContent, Suppression
from .signals import recipient_unsubscribed

logger = logging.getLogger(__name__)

PERMANENT_ERRORS = (AnymailRecipientsRefused, AnymailInvalidAddress, BadHeaderError)
# Only marketing e-mail may carry the one-click unsubscribe (RFC 8058).
MARKETING_ONLY_HEADERS = ("list-unsubscribe", "list-unsubscribe-post")
MERGE_TAG = re.compile(r"%%([a-z_]+)%%")
FAN_OUT_CHUNK = 1000
# A worker task sends for at most this long, then queues itself again, so other tasks
# (reminders, retention) get their turn on a busy queue.
SEND_TASK_SECONDS = 30
# Claimed but not started after this: the worker died or lost its claim; safe to send elsewhere,
# because the start mark is only set while the claim is still the same (see _mark_started).
CLAIM_STALE_AFTER = datetime.timedelta(minutes=2)
# Started but not finished after this: the backend call timed out long ago (anymail's default
# timeout is 30 s), so the worker died mid-send.
STALE_SENDING_AFTER = datetime.timedelta(minutes=10)
INTERRUPTED_ERROR = "Interrupted while sending; not retried to avoid sending twice."
INTERRUPTED_RETRY = "Interrupted while sending; sent again (it may arrive twice)."

# Which suppressions stop which kind of e-mail.
SUPPRESSES = {
    OutgoingEmail.Kind.TRANSACTIONAL: [Suppression.Reason.HARD_BOUNCE],
    OutgoingEmail.Kind.MARKETING: list(Suppression.Reason),
}
# Tracking events that suppress the address, and how.
SUPPRESSING_EVENTS = {
    DeliveryEvent.EventType.BOUNCED: Suppression.Reason.HARD_BOUNCE,
    DeliveryEvent.EventType.COMPLAINED: Suppression.Reason.COMPLAINT,
    DeliveryEvent.EventType.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
}


# Queueing ---------------------------------------------------------------------------------

def render_email(template, context, language=None):
    """Subject, text and HTML from `<template>_subject.txt`, `.txt` and `.html`, in `language`
    (a code from settings.LANGUAGES: the person's preferred language; English when not given,
    whatever language the request that sends it is in)."""
    with translation.override(preferred_language(language)):
        context = {"site_url": settings.SITE_URL, "language": Language(translation.get_language()), **context}
        subject = render_subject(template, context)
        text = render_plain_text(f"{template}.txt", context)
        html_body = render_to_string(f"{template}.html", context)
    return subject, text, html_body


def render_subject(template, context):
    """`<template>_subject.txt` on one line, as plain text."""
    return " ".join(render_plain_text(f"{template}_subject.txt", context).split())


def render_plain_text(template_name, context):
    """A plain-text template (a subject, a text body) rendered without autoescaping.

    Plain text is never HTML: "Sam O'Brien" and "Carers' workshop" are not sent as
    "O&#x27;Brien" (the e-mail library encodes headers, and a text part is never shown as
    markup). One place, for every e-mail.
    """
    engine = engines["django"].engine
    return engine.get_template(template_name).render(Context(context, autoescape=False))


def queue_email(to, template, context, *, kind=OutgoingEmail.Kind.TRANSACTIONAL, dedupe_key=None,
                headers=None, attachments=(), reply_to="", language=None):
    """Save one message for `to` and send it once the current transaction commits, written in
    `language` (the person's preferred language, see render_email).

    We send from a no-reply address: an e-mail that invites a reply ("reply to this e-mail")
    must give `reply_to`, the role mailbox that reads the replies (see settings).

    With a `dedupe_key`, a second call with the same key returns the first message
    instead of queueing another: the way to send something at most once. A suppressed
    address gets a row with status SUPPRESSED, which is never sent.
    """
    if dedupe_key:
        existing = OutgoingEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    subject, text, html_body = render_email(template, context, language)
    return _save(
        to=to, subject=subject, body_text=text, body_html=html_body, kind=kind, dedupe_key=dedupe_key,
        headers=headers or {}, reply_to=reply_to or "",
        attachments=[_encode_attachment(*a) for a in attachments],
    )


def queue_message(message):
    """Queue an already-built Django EmailMessage (e.g. from django-allauth), one row per recipient."""
    html_body = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html_body = content
    body_text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        body_text, html_body = "", message.body
    return [
        _save(to=recipient, subject=message.subject, body_text=body_text, body_html=html_body,
              headers=dict(message.extra_headers or {}))
        for recipient in message.to
    ]


def _save(**fields):
    kind = fields.setdefault("kind", OutgoingEmail.Kind.TRANSACTIONAL)
    fields["headers"] = headers_for_kind(kind, fields.get("headers") or {})
    if is_suppressed(fields["to"], kind):
        fields["status"] = OutgoingEmail.Status.SUPPRESSED
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(**fields)
    except IntegrityError:
        if not fields.get("dedupe_key"):
            raise
        return OutgoingEmail.objects.get(dedupe_key=fields["dedupe_key"])
    if email.status == OutgoingEmail.Status.QUEUED:
        send_after_commit()
    return email


def create_shared_content(*, subject, body_text, body_html="", headers=None):
    """Store a campaign's subject, bodies and headers once, for queue_bulk.

    `%%key%%` tags in any of them are filled in per recipient from their merge data.
    """
    return SharedContent.objects.create(subject=subject, body_text=body_text, body_html=body_html,
                                        headers=headers or {})


def queue_bulk(content, recipients, *, batch_key, kind=OutgoingEmail.Kind.MARKETING):
    """Fan `content` out to `recipients`: one row each, inserted in chunks; sent after commit.

    `recipients` is an iterable of (email, merge_data, dedupe_key) and is read once, a chunk at
    a time, so a long list never sits in memory. A dedupe_key already used is skipped (the insert
    ignores conflicts), so running the same fan-out twice creates each message once. Suppressed
    addresses get a SUPPRESSED row (counted, never sent). Returns how many rows were created,
    suppressed ones included.
    """
    rows = OutgoingEmail.objects.filter(batch_key=batch_key)
    with transaction.atomic():
        before = rows.count()
        template = OutgoingEmail(content=content, batch_key=batch_key, kind=kind, next_attempt_at=timezone.now())
        suppressed = _SuppressionList(kind)
        recipients = iter(recipients)
        while chunk := list(itertools.islice(recipients, FAN_OUT_CHUNK)):
            _insert_ignoring_conflicts(template, [
                (email.strip(), merge_data or {}, dedupe_key or None,
                 OutgoingEmail.Status.SUPPRESSED if email in suppressed else OutgoingEmail.Status.QUEUED)
                for email, merge_data, dedupe_key in chunk
            ])
        created = rows.count() - before
        send_after_commit()
    return created


PER_RECIPIENT_FIELDS = ("to", "merge_data", "dedupe_key", "status")


def _insert_ignoring_conflicts(template, recipients):
    """Insert one OutgoingEmail per (to, merge_data, dedupe_key, status), the other fields taken
    from `template`, skipping rows whose dedupe_key exists (INSERT ... ON CONFLICT DO NOTHING).

    This is bulk_create(ignore_conflicts=True) without Django preparing all twenty fields of
    every row: the constant ones are prepared once. For 20,000 recipients that takes the fan-out
    from about 7 s to about 1 s on SQLite (see bench/campaign_send.py).
    """
    db = connections[router.db_for_write(OutgoingEmail)]
    fields = [field for field in OutgoingEmail._meta.concrete_fields if not field.primary_key]
    constant = {field.name: field.get_db_prep_save(field.pre_save(template, add=True), db)
                for field in fields if field.name not in PER_RECIPIENT_FIELDS}
    merge_data_field = OutgoingEmail._meta.get_field("merge_data")
    quote = db.ops.quote_name
    table, columns = quote(OutgoingEmail._meta.db_table), ", ".join(quote(field.column) for field in fields)
    if db.vendor == "postgresql":
        # One statement for the whole chunk: each per-recipient column as one array (unnest).
        selected = ", ".join(f"u.r_{name}" if name in PER_RECIPIENT_FIELDS else "%s" for name in
                             (field.name for field in fields))
        to, merge_data, dedupe_key, status = zip(*recipients)
        with db.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {selected} "
                f"FROM unnest(%s::varchar[], %s::jsonb[], %s::varchar[], %s::varchar[]) "
                f"AS u(r_to, r_merge_data, r_dedupe_key, r_status) ON CONFLICT DO NOTHING",
                [constant[field.name] for field in fields if field.name not in PER_RECIPIENT_FIELDS]
                + [list(to), [json.dumps(data) for data in merge_data], list(dedupe_key), list(status)],
            )
        return
    rows = []
    for to, merge_data, dedupe_key, status in recipients:
        row = {**constant, "to": to, "merge_data": merge_data_field.get_db_prep_save(merge_data, db),
               "dedupe_key": dedupe_key, "status": status}
        rows.append([row[field.name] for field in fields])
    with db.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "
                           f"ON CONFLICT DO NOTHING", rows)


def send_after_commit():
    """Queue the sending task once the current transaction commits: one task per commit,
    however many messages it queued."""
    db = transaction.get_connection()
    pending = None
    if db.in_atomic_block:
        pending = next((func.commit for _, func, _ in db.run_on_commit
                        if isinstance(func, _StartSending) and not func.commit.started), None)
    transaction.on_commit(_StartSending(pending or _Commit()))


class _Commit:
    started = False


class _StartSending:
    """The on-commit callback. Callbacks queued in the same transaction share one _Commit, and
    only the first to run queues the task. (Each message still registers its own callback, so
    tests that run just the callbacks of one block, as captureOnCommitCallbacks does, still send.)"""

    def __init__(self, commit):
        self.commit = commit

    def __call__(self):
        if not self.commit.started:
            self.commit.started = True
            _enqueue_sender()


def _enqueue_sender(run_after=None):
    from .tasks import send_queued_emails

    if run_after is None:
        send_queued_emails.enqueue()
    elif send_queued_emails.get_backend().supports_defer:
        send_queued_emails.using(run_after=run_after).enqueue()
    # Otherwise the scheduled requeue_due() starts sending again when messages are due.


def _encode_attachment(filename, content, mimetype):
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(content).decode()}


# Building a message -----------------------------------------------------------------------

def headers_for_kind(kind, headers):
    """Transactional e-mail never carries the marketing unsubscribe headers."""
    if kind == OutgoingEmail.Kind.MARKETING:
        return dict(headers)
    return {name: value for name, value in headers.items() if name.lower() not in MARKETING_ONLY_HEADERS}


def merge(text, merge_data, *, escape=False):
    """Replace each %%key%% with merge_data[key] (HTML-escaped for HTML); unknown keys with ""."""
    def value(match):
        found = merge_data.get(match.group(1))
        found = "" if found is None else str(found)
        return html.escape(found) if escape else found

    return MERGE_TAG.sub(value, text)


def _one_line(text):
    return " ".join(text.split())


def build_message(email, content=None):
    """The Django message for one row; `content` is the row's SharedContent, if it has one."""
    if content is not None:
        data = email.merge_data or {}
        subject = _one_line(merge(content.subject, data))
        body_text = merge(content.body_text, data)
        body_html = merge(content.body_html, data, escape=True)
        headers = {name: _one_line(merge(value, data)) for name, value in content.headers.items()}
    else:
        subject, body_text, body_html, headers = email.subject, email.body_text, email.body_html, email.headers
    message = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=headers_for_kind(email.kind, headers),
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    # Sent to the ESP and returned in its tracking webhooks (anymail), to match reports to rows.
    message.metadata = {"outgoing_id": str(email.pk)}
    return message


# Sending ----------------------------------------------------------------------------------

def retry_delay(attempts):
    """1, 2, 4, 8 ... minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _due(now=None):
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now or timezone.now())


def batch_size():
    """MAILER_BATCH_SIZE, but no more than a minute's worth at the configured rate, so a claimed
    batch is always being worked through well within CLAIM_STALE_AFTER."""
    size = settings.MAILER_BATCH_SIZE
    if settings.MAILER_RATE_PER_SECOND:
        size = min(size, settings.MAILER_RATE_PER_SECOND * 60)
    return max(size, 1)


def claim_batch(size):
    """Mark up to `size` due messages as this worker's (status SENDING) and return them.

    On PostgreSQL, rows another worker is claiming are skipped (SKIP LOCKED); SQLite takes the
    write lock when the transaction begins (IMMEDIATE, see settings), so claims never overlap.
    """
    now = timezone.now()
    with transaction.atomic():
        due = _due(now).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=OutgoingEmail.Status.SENDING, claimed_at=now, send_started_at=None, attempts=F("attempts") + 1,
        )
    return list(OutgoingEmail.objects.filter(pk__in=ids).order_by("next_attempt_at", "pk"))


@dataclass
class BatchResult:
    sent: int = 0
    retry_at: datetime.datetime | None = None  # earliest retry of a message that failed for now
    paused: bool = False  # the ESP could not be reached: stop sending until retry_at


@dataclass
class Outcome:
    sent: bool = False
    retry_at: datetime.datetime | None = None
    outage: bool = False


def send_queued(*, time_limit=SEND_TASK_SECONDS):
    """The worker: send due messages batch by batch; returns how many were sent.

    Stops when nothing is due, when the ESP cannot be reached (sending resumes at the retry
    time) or after `time_limit` seconds, queueing itself again if messages are still due.
    """
    deadline = time.monotonic() + time_limit
    sent = 0
    while batch := claim_batch(batch_size()):
        result = send_batch(batch)
        sent += result.sent
        if result.retry_at:
            _enqueue_sender(run_after=result.retry_at)
        if result.paused:
            break
        if time.monotonic() >= deadline:
            if _due().exists():
                _enqueue_sender()
            break
    return sent


def send_batch(emails):
    """Send claimed messages through one backend connection, recording each right after its send."""
    result = BatchResult()
    contents = SharedContent.objects.in_bulk({email.content_id for email in emails if email.content_id})
    limiter = _rate_limiter(settings.MAILER_RATE_PER_SECOND, settings.REDIS_URL)
    backend = get_connection()
    current = 0
    try:
        with _commits_without_waiting_for_the_disk():
            backend.open()
            for current, email in enumerate(emails):  # noqa: B007 (`current` is read if the worker stops)
                if limiter:
                    limiter.try_acquire("mailer-send")
                outcome = _send_one(backend, email, contents.get(email.content_id))
                result.sent += outcome.sent
                if outcome.retry_at:
                    result.retry_at = min(filter(None, [result.retry_at, outcome.retry_at]))
                if outcome.outage:  # the rest would fail the same way: wait for the ESP
                    result.paused = True
                    _release(emails[current + 1:])
                    break
    except BaseException:
        # The worker is stopping (or a bug): hand back what it has not started, then stop.
        _release(emails[current:])
        raise
    finally:
        backend.close()
    return result


@contextmanager
def _commits_without_waiting_for_the_disk():
    """Commit the per-message marks without waiting for the disk to confirm each one.

    Each message needs two commits (started, sent); waiting for fsync (~3 ms here) would cap a
    worker at ~150 messages a second. A commit that has not reached the disk yet is still safe
    when the worker is killed (PostgreSQL holds it; SQLite's WAL is written, only not flushed):
    only a crash of the database server or machine could lose the last moment's marks, and
    with them exactly-once for those few messages. Only this connection's setting changes,
    and only while a batch is sent.
    """
    db = connections[router.db_for_write(OutgoingEmail)]
    if db.in_atomic_block:  # nothing commits until the surrounding transaction does (tests)
        yield
        return
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
        elif db.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            before = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            if db.vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")
            elif db.vendor == "sqlite":
                cursor.execute(f"PRAGMA synchronous = {int(before)}")


def _send_one(backend, email, content):
    if not _mark_started(email):
        return Outcome()  # no longer ours: recover_interrupted_sends gave it back to the queue
    try:
        message = build_message(email, content)
        message.connection = backend
        message.send()
    except PERMANENT_ERRORS as error:
        return _record_failure(email, error, permanent=True)
    except AnymailAPIError as error:
        status = error.status_code
        return _record_failure(email, error, permanent=status is not None and 400 <= status < 500 and status != 429)
    except Exception as error:  # network down, SMTP refused, ESP timeout: try again later
        return _record_failure(email, error, permanent=False)
    status = getattr(message, "anymail_status", None)
    esp_message_id = status.message_id if status and status.message_id is not None else ""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error="", esp_message_id=str(esp_message_id)[:255],
    )
    return Outcome(sent=True)


def _mark_started(email):
    """Record that this message is about to be handed to the backend, if it is still ours.

    Matching the claim time makes it a compare-and-set: a row whose claim was taken back by
    recover_interrupted_sends (and perhaps claimed by another worker) is left alone.
    """
    return OutgoingEmail.objects.filter(
        pk=email.pk, status=OutgoingEmail.Status.SENDING, claimed_at=email.claimed_at, send_started_at__isnull=True,
    ).update(send_started_at=timezone.now())


def _release(emails):
    """Give claimed, unstarted messages back to the queue (they were not attempted)."""
    if not emails:
        return
    OutgoingEmail.objects.filter(
        pk__in=[email.pk for email in emails], status=OutgoingEmail.Status.SENDING,
        claimed_at=emails[0].claimed_at, send_started_at__isnull=True,
    ).update(status=OutgoingEmail.Status.QUEUED, claimed_at=None, attempts=F("attempts") - 1)


def _is_outage(error):
    """The ESP could not be reached or is overloaded: every message would fail the same way."""
    if isinstance(error, AnymailAPIError):
        return error.status_code is None or error.status_code == 429 or error.status_code >= 500
    return isinstance(error, (OSError, requests.RequestException))


def _record_failure(email, error, permanent):
    """Record a failed send: for good, or queued again after a back-off."""
    logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, type(error).__name__)
    gave_up = permanent or email.attempts >= settings.MAILER_MAX_ATTEMPTS
    next_attempt = timezone.now() + retry_delay(email.attempts)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.QUEUED,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=next_attempt,
        send_started_at=None,
    )
    if gave_up:
        return Outcome()
    return Outcome(retry_at=next_attempt, outage=_is_outage(error))


@lru_cache(maxsize=4)
def _rate_limiter(per_second, redis_url):
    """A smooth `per_second` pace (token bucket, no bursts); shared by every worker through
    Redis when REDIS_URL is set, otherwise per worker process. None when unlimited."""
    if not per_second:
        return None
    from pyrate_limiter import Duration, Limiter, Rate, StateBucket, TokenBucket

    store = None
    if redis_url:
        from pyrate_limiter import RedisStateStore
        from redis import Redis

        store = RedisStateStore(Redis.from_url(redis_url), "mailer-send-rate")
    bucket = StateBucket([Rate(per_second, Duration.SECOND, burst=1)], algorithm=TokenBucket(), store=store)
    return Limiter(bucket, buffer_ms=0)


# Recovery ---------------------------------------------------------------------------------

def recover_interrupted_sends(now=None):
    """Deal with messages a worker claimed and then died on.

    Claimed but never started: back in the queue. Started but never finished: we cannot know
    whether the ESP took it. A marketing message is failed rather than risk sending it twice; a
    transactional one is sent again (better twice than a booking confirmation never arriving).
    Returns the number of messages put back in the queue.
    """
    now = now or timezone.now()
    sending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING)
    released = sending.filter(send_started_at__isnull=True, claimed_at__lt=now - CLAIM_STALE_AFTER).update(
        status=OutgoingEmail.Status.QUEUED, claimed_at=None, next_attempt_at=now, attempts=F("attempts") - 1,
    )
    interrupted = sending.filter(send_started_at__lt=now - STALE_SENDING_AFTER)
    failed = interrupted.filter(kind=OutgoingEmail.Kind.MARKETING).update(
        status=OutgoingEmail.Status.FAILED, last_error=INTERRUPTED_ERROR,
    )
    resent = interrupted.exclude(kind=OutgoingEmail.Kind.MARKETING).update(
        status=OutgoingEmail.Status.QUEUED, send_started_at=None, next_attempt_at=now, last_error=INTERRUPTED_RETRY,
    )
    if failed or resent:
        logger.warning("Interrupted sends: %s marketing e-mails failed, %s e-mails queued again", failed, resent)
    return released + resent


def requeue_due():
    """Safety net run on a schedule: recover interrupted sends, and start the worker if
    messages are due (after a crash, or a retry when the task backend cannot defer).
    Returns how many messages are due."""
    now = timezone.now()
    recover_interrupted_sends(now)
    due = _due(now).count()
    if due:
        _enqueue_sender()
    return due


# Suppressions and delivery reports ---------------------------------------------------------

def _normalise(email):
    return email.strip().lower()


def _suppression_matches(emails, kind):
    """Suppressions for these addresses that stop `kind`. Matching on the address or on its
    digest: the digest is what remains after erasure; the address survives a SECRET_KEY change."""
    emails = [_normalise(email) for email in emails]
    return Suppression.objects.filter(
        Q(email__in=emails) | Q(email_digest__in=[email_digest(email) for email in emails]),
        reason__in=SUPPRESSES[kind],
    )


class _SuppressionList:
    """Every suppression that stops `kind`, read once for a whole fan-out (one query, rather
    than one per chunk: the list is small next to a mailing list)."""

    def __init__(self, kind):
        self.emails, self.erased = set(), set()
        for email, digest in Suppression.objects.filter(reason__in=SUPPRESSES[kind]).values_list("email", "email_digest"):
            if email:
                self.emails.add(email)
            else:
                self.erased.add(digest)

    def __contains__(self, email):
        email = _normalise(email)
        return email in self.emails or bool(self.erased and email_digest(email) in self.erased)


def is_suppressed(email, kind):
    """True when `email` must not be sent `kind` e-mail: a hard bounce stops every kind; a
    complaint, an unsubscribe at the ESP or a manual suppression stop marketing."""
    return _suppression_matches([email], kind).exists()


def suppress(email, reason, detail=""):
    """Suppress `email` (idempotent). A stronger reason replaces a weaker one: a hard bounce
    after an unsubscribe stops transactional e-mail too."""
    email = _normalise(email)
    digest = email_digest(email)
    existing = Suppression.objects.filter(Q(email=email) | Q(email_digest=digest)).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Suppression.objects.create(email=email, email_digest=digest, reason=reason, detail=detail)
        except IntegrityError:  # suppressed at the same moment by another webhook call
            return Suppression.objects.get(email_digest=digest)
    if reason == Suppression.Reason.HARD_BOUNCE and existing.reason != reason:
        existing.reason, existing.detail = reason, detail
        existing.save(update_fields=["reason", "detail"])
    return existing


def remove_suppression(suppression):
    """Staff lift a suppression, e.g. after a resident fixed their mailbox. Complaints and
    unsubscribes are the person's own choice, so only they can undo those (by signing up again)."""
    if not can_remove_suppression(suppression):
        raise ValueError("Only a hard bounce or a manual suppression can be removed by staff.")
    suppression.delete()


def can_remove_suppression(suppression):
    return suppression.reason in (Suppression.Reason.HARD_BOUNCE, Suppression.Reason.MANUAL)


def _match_outgoing(event, recipient):
    """The row an ESP event is about: by the ESP's message id, or the id we sent as metadata."""
    message_id = _reported_text(event.message_id)
    if message_id:
        found = OutgoingEmail.objects.filter(esp_message_id=message_id).first()
        if found:
            return found
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    outgoing_id = _reported_text(metadata.get("outgoing_id"))
    if outgoing_id.isascii() and outgoing_id.isdigit() and len(outgoing_id) <= 18:  # fits a bigint
        return OutgoingEmail.objects.filter(pk=int(outgoing_id), to__iexact=recipient).first()
    return None


def _reported_text(value):
    """A value from the ESP's report as text a database column takes: PostgreSQL refuses NUL."""
    return "" if value is None else str(value).replace("\x00", "")


def _reported_address(value):
    """The recipient of an ESP report, normalised, or "" when it is not an address we could
    have sent to (not text, not valid, longer than the column): such a report is ignored."""
    if not isinstance(value, str):
        return ""
    email = _normalise(value)
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email if len(email) <= 254 else ""


def _is_soft_bounce(event):
    """Anymail reports Postmark's soft bounces (a full mailbox, a server down for now) as
    'bounced' too; they are a delay, not a reason to stop e-mailing the address."""
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    return esp_event.get("Type") == "SoftBounce"


def record_tracking_event(event, esp_name=""):
    """Record what the ESP reported (anymail's normalised tracking event).

    Delivered, delayed, bounced, rejected, failed, complained and unsubscribed are kept (opens and
    clicks are not tracked). A hard bounce, a complaint or an unsubscribe suppresses the address
    (a soft bounce is recorded as a delay);
    a complaint or an unsubscribe also tells the newsletters (signal recipient_unsubscribed).
    A message failed as interrupted that the ESP reports on was sent after all: it becomes SENT.
    Events are only trusted when the webhook is authenticated (ANYMAIL WEBHOOK_SECRET set).
    """
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        logger.error("Ignoring an unauthenticated %s tracking webhook: set ANYMAIL_WEBHOOK_SECRET", esp_name)
        return None
    event_type = event.event_type
    if event_type == DeliveryEvent.EventType.BOUNCED and _is_soft_bounce(event):
        event_type = DeliveryEvent.EventType.DEFERRED
    recipient = _reported_address(event.recipient)
    if event_type not in DeliveryEvent.EventType.values or not recipient:
        return None
    event_id = _reported_text(event.event_id)[:255]
    description = _reported_text(event.description)
    with transaction.atomic():
        if event_id and DeliveryEvent.objects.filter(esp_event_id=event_id, event_type=event_type).exists():
            return None  # the ESP sent this one before
        outgoing = _match_outgoing(event, recipient)
        record = DeliveryEvent.objects.create(
            outgoing=outgoing,
            batch_key=outgoing.batch_key if outgoing else "",
            email=recipient,
            event_type=event_type,
            esp_event_id=event_id,
            occurred_at=event.timestamp or timezone.now(),
            description=description[:2000],
        )
        if outgoing and outgoing.status == OutgoingEmail.Status.FAILED and outgoing.last_error == INTERRUPTED_ERROR:
            OutgoingEmail.objects.filter(pk=outgoing.pk).update(
                status=OutgoingEmail.Status.SENT, sent_at=record.occurred_at, last_error="",
            )
        reason = SUPPRESSING_EVENTS.get(event_type)
        if reason:
            suppress(record.email, reason, detail=f"{esp_name}: {description or event_type}"[:2000])
        if event_type in (DeliveryEvent.EventType.UNSUBSCRIBED, DeliveryEvent.EventType.COMPLAINED):
            recipient_unsubscribed.send(sender=None, email=record.email, batch_key=record.batch_key)
    return record


def batch_progress(batch_key):
    """Counts for one bulk send: messages by status, and recipients the ESP reported on."""
    counts = {status: 0 for status in ("queued", "sending", "sent", "failed", "suppressed")}
    counts.update({event: 0 for event in ("delivered", "bounced", "complained", "unsubscribed")})
    by_status = list(
        OutgoingEmail.objects.filter(batch_key=batch_key).order_by().values("status").annotate(n=Count("pk"))
    )
    for row in by_status:
        counts[row["status"]] = row["n"]
    counts["total"] = sum(row["n"] for row in by_status)
    events = (
        DeliveryEvent.objects.filter(batch_key=batch_key, event_type__in=["delivered", "bounced", "complained",
                                                                          "unsubscribed"])
        .order_by().values("event_type").annotate(n=Count("email", distinct=True))
    )
    for row in events:
        counts[row["event_type"]] = row["n"]
    return counts
