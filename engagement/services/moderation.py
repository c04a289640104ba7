"""Moderating feedback (Healthwatch staff): approve, redact, reject, flag a safeguarding concern,
block an abusive sender, group responses into themes, and export.

Every step is written to the privacy audit log (action "moderate", with the response and the
step in its details), so who did what to whose words, when and why, is on one record; the
response page in the admin reads its history from there, in words (`STEPS`). Rules that are not
met raise `ModerationError` with a message for staff.

The queue is first in, first out: staff work through it oldest first, and after each decision
`next_in_queue` gives the one after it that is still waiting.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from base.spreadsheets import batches, choice_labels
from mailer.services import queue_email
from privacy.models import AuditLogEntry
from privacy.services import audit

from .. import app_settings, redaction
from ..models import Answer, BlockedSender, EngagementExercisePage, Response, Theme
from . import tallies
from .feedback import sender_digest

MODERATE = AuditLogEntry.Action.MODERATE  # the audit log action of every moderation step
Status = Response.Status


class ModerationError(Exception):
    """A moderation step the rules do not allow; the message says why."""


def _actor_label(actor):
    return getattr(actor, "email", "") or str(actor or "system")


def _log(actor, response, step, **details):
    return audit(actor, MODERATE, response.email, source=Response._meta.label_lower, response=response.pk,
                 exercise=response.exercise_id, step=step, **details)


# What each step is called in a response's history.
STEPS = {
    "approve": "Approved",
    "redact": "Published version changed",
    "reject": "Rejected",
    "flag_safeguarding": "Flagged for safeguarding",
    "block_sender": "Sender blocked",
    "release": "Released from quarantine",
    "themes": "Themes changed",
}


@dataclass
class HistoryItem:
    when: object
    who: str
    what: str
    why: str


def history(response, limit=50):
    """What was done to one response, newest first, in words."""
    entries = AuditLogEntry.objects.filter(details__source=Response._meta.label_lower,
                                           details__response=response.pk).order_by("-created_at", "-pk")[:limit]
    items = []
    for entry in entries:
        step = entry.details.get("step", "")
        what = STEPS.get(step) or (step.replace("_", " ").capitalize() if step else entry.get_action_display())
        items.append(HistoryItem(when=entry.created_at, who=entry.actor_label, what=what,
                                 why=entry.details.get("reason") or entry.details.get("note") or ""))
    return items


def queue():
    """New responses waiting for a decision, oldest first (flagged and quarantined ones are dealt
    with apart)."""
    return Response.objects.filter(status=Status.NEW, safeguarding_flagged_at__isnull=True).order_by(
        "submitted_at", "pk")


def queue_count():
    return queue().count()


def next_in_queue(after=None):
    """The response to moderate after `after`: the next one waiting in the queue's order, going
    round to the oldest when `after` was the last; None when nothing else is waiting."""
    waiting = queue()
    if after is None:
        return waiting.first()
    waiting = waiting.exclude(pk=after.pk)
    later = waiting.filter(Q(submitted_at__gt=after.submitted_at) | Q(submitted_at=after.submitted_at,
                                                                      pk__gt=after.pk)).first()
    return later or waiting.first()


def _locked(response):
    return Response.objects.select_for_update().select_related("exercise").get(pk=response.pk)


def _quotable(response):
    return list(Answer.objects.filter(response=response, kind=Answer.Kind.FREE_TEXT, quotable=True)
                .select_related("response"))


def known_names(response):
    """Names the person gave us (to show with a quote), looked for anywhere in their words."""
    return [response.display_name] if response.display_name else []


def suggestions(answer):
    """What in a free text answer looks like it identifies someone (redaction.suggest)."""
    if answer.kind != Answer.Kind.FREE_TEXT:
        return []
    return redaction.suggest(answer.text, known_names(answer.response))


def suggested_public_text(answer):
    """The text staff start from: the person's words with every suggestion taken out."""
    return redaction.apply(answer.text, suggestions(answer))


EXCERPT_LENGTH = 120


def excerpt(response):
    """The start of a response's first written answer, with the suggestions taken out, for the
    queue (uses the response's answers, prefetched by the caller)."""
    for answer in response.answers.all():
        if answer.kind == Answer.Kind.FREE_TEXT and answer.text.strip():
            text = " ".join(suggested_public_text(answer).split())
            return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"
    return ""


def _set_public_texts(response, public_texts, reason):
    """Store the publishable version of each quotable answer; returns the ids redacted and why."""
    changed, automatic = [], []
    for answer in _quotable(response):
        suggested = suggested_public_text(answer)
        text = (public_texts or {}).get(answer.pk)
        text = suggested if text is None else text.strip()
        try:
            redaction.check_redaction(answer.text, text)
        except redaction.RedactionError as error:
            raise ModerationError(f"{answer.question}: {error}") from error
        answer.public_text = text
        answer.redacted = redaction.is_redacted(answer.text, text)
        if answer.redacted:
            changed.append(answer.pk)
            if text == suggested:
                automatic.append(redaction.kinds(suggestions(answer)))
            elif not reason:
                raise ModerationError("Give a reason for the redaction: it is kept in the log.")
        answer.save(update_fields=["public_text", "redacted"])
    if changed and not reason:
        reason = "Removed the suggested " + "; ".join(kind for kind in automatic if kind)
    return changed, reason


def approve(response, actor, public_texts=None, reason=""):
    """Approve a response for publication, with the text to publish for each quotable answer
    (`public_texts`: {answer id: text}; left out, the text with every suggestion removed).

    A text may only remove words (redaction.check_redaction); a redaction needs a reason (the
    suggestions' own, when staff keep them as they are). A response flagged for safeguarding
    cannot be approved. Approving never widens what the person agreed to: public_quotes still
    applies their publishing consent.
    """
    reason = (reason or "").strip()
    with tallies.track([response.pk]):
        current = _locked(response)
        if current.is_flagged:
            raise ModerationError("This response has a safeguarding flag, so it cannot be approved or published.")
        if current.status == Status.QUARANTINED:
            raise ModerationError("This response is from a blocked sender. Release it before approving it.")
        redacted, reason = _set_public_texts(current, public_texts, reason)
        current.status, current.moderated_at, current.moderated_by_label = Status.APPROVED, timezone.now(), \
            _actor_label(actor)
        current.rejection_reason = ""
        current.save(update_fields=["status", "moderated_at", "moderated_by_label", "rejection_reason"])
        _log(actor, current, "approve", redacted_answers=redacted, reason=reason)
    return current


def redact(response, actor, public_texts, reason):
    """Change the published version of an approved response's answers; the reason is logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason for the redaction: it is kept in the log.")
    with tallies.track([response.pk]):
        current = _locked(response)
        if current.status != Status.APPROVED:
            raise ModerationError("Only an approved response has a published version to redact. Approve it instead.")
        redacted, reason = _set_public_texts(current, public_texts, reason)
        _log(actor, current, "redact", redacted_answers=redacted, reason=reason)
    return current


def reject(response, actor, reason):
    """Reject a response (spam, abuse, off topic...): never published and not counted."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason for rejecting the response.")
    with tallies.track([response.pk]):
        current = _locked(response)
        Answer.objects.filter(response=current).update(public_text="", redacted=False)
        current.status, current.rejection_reason = Status.REJECTED, reason
        current.moderated_at, current.moderated_by_label = timezone.now(), _actor_label(actor)
        current.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by_label"])
        _log(actor, current, "reject", reason=reason)
    return current


def flag_safeguarding(response, actor, note):
    """Flag a safeguarding concern: the named lead (SAFEGUARDING_LEAD_EMAIL) is e-mailed a link
    to the response (never its text), and nothing of it is ever published."""
    note = (note or "").strip()
    if not note:
        raise ModerationError("Say what the concern is, so the safeguarding lead can act on it.")
    with tallies.track([response.pk]):
        current = _locked(response)
        if current.is_flagged:
            raise ModerationError("This response is already flagged for safeguarding.")
        now = timezone.now()
        current.safeguarding_flagged_at, current.safeguarding_note = now, note
        current.save(update_fields=["safeguarding_flagged_at", "safeguarding_note"])
        Answer.objects.filter(response=current).update(public_text="")
        queue_email(app_settings.safeguarding_lead_email(), "engagement/email/safeguarding_alert", {
            "response": current, "exercise": current.exercise, "note": note, "flagged_by": _actor_label(actor),
            "admin_url": settings.SITE_URL + reverse("feedback-responses:inspect", args=[current.pk]),
        }, dedupe_key=f"safeguarding:{current.pk}:{now.timestamp():.0f}")
        _log(actor, current, "flag_safeguarding", note=note)
    return current


def block_sender(response, actor, reason):
    """Block the sender of a response (their e-mail and internet address, as keyed hashes).
    Their responses waiting for moderation, and anything they send from now on, are quarantined."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason for blocking this sender.")
    email_digest = sender_digest(response.email)
    if not (email_digest or response.ip_digest):
        raise ModerationError("There is nothing to block this sender by: the response has no e-mail or "
                              "internet address (for example, it was typed in by staff).")
    with transaction.atomic():
        block = BlockedSender.objects.create(email_digest=email_digest, ip_digest=response.ip_digest, reason=reason,
                                             created_by_label=_actor_label(actor), source_response=response)
        same_sender = Q()
        if response.email:
            same_sender |= Q(email=response.email)
        if response.ip_digest:
            same_sender |= Q(ip_digest=response.ip_digest)
        quarantined = list(Response.objects.filter(same_sender, status=Status.NEW).values_list("pk", flat=True))
        with tallies.track(quarantined):
            Response.objects.filter(pk__in=quarantined).update(status=Status.QUARANTINED)
        _log(actor, response, "block_sender", reason=reason, block=block.pk, quarantined=quarantined)
    return block


def release(response, actor):
    """Take a response out of quarantine, back into the moderation queue."""
    with tallies.track([response.pk]):
        current = _locked(response)
        if current.status != Status.QUARANTINED:
            raise ModerationError("Only a quarantined response can be released.")
        current.status = Status.NEW
        current.save(update_fields=["status"])
        _log(actor, current, "release")
    return current


def set_themes(response, themes, actor):
    """Say which themes ("You said") a response belongs to; themes of its own exercise only."""
    themes = list(themes)
    if any(theme.exercise_id != response.exercise_id for theme in themes):
        raise ModerationError("A response can only be linked to themes of its own engagement exercise.")
    with tallies.track([response.pk]):
        response.themes.set(themes)
        _log(actor, response, "themes", themes=[theme.pk for theme in themes])
    return themes


def create_theme(exercise, title, *, summary="", responses=(), published=False, sort_order=0):
    responses = list(responses)
    with tallies.track(getattr(response, "pk", response) for response in responses):
        theme = Theme.objects.create(exercise=exercise, title=title, summary=summary, is_published=published,
                                     sort_order=sort_order)
        if responses:
            theme.responses.set(responses)
    return theme


# Adding a response on someone's behalf is feedback.submit_response with a channel and entered_by.


# Export ------------------------------------------------------------------------------------------


EXPORT_BATCH = 2000  # responses read, with their answers and themes, per round of queries


def export_csv(responses, actor):
    """Responses and their answers as CSV rows (one row per response, one column per question, in
    the order the questions were first answered), for analysis. Contact details are left out: the
    analysis does not need them. Audit-logged when asked for.

    The rows are read as they are written, EXPORT_BATCH responses at a time with their answers and
    themes (three queries a batch, four when it names another exercise), so the memory used does not
    grow with the number of responses."""
    audit(actor, AuditLogEntry.Action.EXPORT, source=Response._meta.label_lower, format="csv",
          responses=responses.count())
    questions = list(
        Answer.objects.filter(response__in=responses).values_list("question_id", "question")
        .annotate(first_answered=Min("response__submitted_at"), position=Min("sort_order"))
        .order_by("first_answered", "position", "question_id", "question"))
    header = ["Reference", "Exercise", "Received", "Channel", "Status", "Safeguarding flag", "Locality",
              "May we quote it", "Themes"] + [question for _, question, _, _ in questions]
    columns = [question_id for question_id, _, _, _ in questions]
    rows = responses.only("pk", "exercise_id", "submitted_at", "channel", "status", "safeguarding_flagged_at",
                          "locality", "publish_consent")
    return _export_rows(header, columns, batches(rows.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH))


def _export_rows(header, columns, response_batches):
    yield header
    label = choice_labels(Response, "channel", "status", "locality", "publish_consent")
    exercise_titles = {}
    for batch in response_batches:
        ids = [response.pk for response in batch]
        answers = {}
        for response_id, question_id, text in Answer.objects.filter(response_id__in=ids).order_by(
                "sort_order", "pk").values_list("response_id", "question_id", "text"):
            answers.setdefault(response_id, {})[question_id] = text
        themes = {}
        for response_id, title in Theme.responses.through.objects.filter(response_id__in=ids).order_by(
                "theme__exercise", "theme__sort_order", "theme__pk").values_list("response_id", "theme__title"):
            themes.setdefault(response_id, []).append(title)
        missing = {response.exercise_id for response in batch} - exercise_titles.keys()
        exercise_titles.update(EngagementExercisePage.objects.filter(pk__in=missing).values_list("pk", "title"))
        for response in batch:
            answered = answers.get(response.pk, {})
            yield [
                response.reference, exercise_titles[response.exercise_id],
                timezone.localtime(response.submitted_at).strftime("%d/%m/%Y %H:%M"),
                label["channel"](response.channel), label["status"](response.status),
                "Yes" if response.is_flagged else "", label["locality"](response.locality) if response.locality else "",
                label["publish_consent"](response.publish_consent),
                "; ".join(themes.get(response.pk, [])),
            ] + [answered.get(column, "") for column in columns]
