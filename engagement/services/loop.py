"""Closing the loop: actions ("We did"), their timeline, and telling every contributor.

When an action is published, or a published action's status changes, an `ActionUpdate` is
recorded, and after commit a task (engagement.tasks.send_action_update, given the update's id)
e-mails everyone who contributed to one of the action's themes and asked to hear back: one
e-mail per address per update, whatever the number of their responses, retries or workers
(the mailer's dedupe key "yswd:action:<action>:update:<update>:to:<hash of the address>").
Each e-mail has its own "stop sending me updates" link (signed, no account needed). They are
transactional e-mails: the person asked for them, so no marketing unsubscribe headers.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from mailer.services import queue_email
from privacy.services import email_digest

from ..models import Action, ActionUpdate, EngagementExercisePage, EvidenceLink, Response
from .feedback import NOT_COUNTED

STOP_SALT = "engagement.feedback.stop-updates"
Status = Action.Status


class ActionError(Exception):
    """A change to an action the rules do not allow; the message says why."""


def _label(actor):
    return getattr(actor, "email", "") or str(actor or "system")


# Actions -----------------------------------------------------------------------------------------


def check_action(action):
    if action.status == Status.NOT_POSSIBLE and not (action.not_possible_reason or "").strip():
        raise ActionError("Say why the action is not possible: people who asked for it will read the reason.")


def record_action_change(action, *, was_published, previous_status, actor, note=""):
    """After an action was saved: record what the public (and contributors) should hear about.

    First publication -> a "published" update; a published action whose status changed -> a
    "status" update; otherwise a note given -> a "progress" update (no e-mail). Updates that
    notify are e-mailed by a task after the transaction commits. Returns the update, or None.
    """
    check_action(action)
    note = (note or "").strip()
    kind = None
    if action.is_published and not was_published:
        kind = ActionUpdate.Kind.PUBLISHED
        if not action.published_at:
            action.published_at = timezone.now()
            Action.objects.filter(pk=action.pk).update(published_at=action.published_at)
    elif action.is_published and previous_status and previous_status != action.status:
        kind = ActionUpdate.Kind.STATUS
    elif note:
        kind = ActionUpdate.Kind.PROGRESS
    if kind is None:
        return None
    if not note and kind == ActionUpdate.Kind.STATUS and action.status == Status.NOT_POSSIBLE:
        note = action.not_possible_reason
    update = ActionUpdate.objects.create(action=action, kind=kind, status=action.status, text=note,
                                         created_by_label=_label(actor))
    if update.notifies:
        transaction.on_commit(lambda: _enqueue(update.pk))
    return update


def _enqueue(update_id):
    from ..tasks import send_action_update

    send_action_update.enqueue(update_id)


def create_action(exercise, themes, title, *, actor=None, description="", partner=None, status=Status.PLANNED,
                  not_possible_reason="", starts_on=None, due_on=None, completed_on=None, published=False,
                  sort_order=0, evidence=()):
    """Create an action answering `themes` (of `exercise`); `evidence`: [(title, page or url)]."""
    themes = list(themes)
    if not themes or any(theme.exercise_id != exercise.pk for theme in themes):
        raise ActionError("An action must answer at least one theme of its own engagement exercise.")
    with transaction.atomic():
        action = Action(exercise=exercise, title=title, description=description, partner=partner, status=status,
                        not_possible_reason=not_possible_reason, starts_on=starts_on, due_on=due_on,
                        completed_on=completed_on, is_published=published, sort_order=sort_order)
        check_action(action)
        action.save()
        action.themes.set(themes)
        EvidenceLink.objects.bulk_create([
            EvidenceLink(action=action, title=link_title, sort_order=order,
                         **({"url": target} if isinstance(target, str) else {"page": target}))
            for order, (link_title, target) in enumerate(evidence)])
        record_action_change(action, was_published=False, previous_status=None, actor=actor)
    return action


def change_status(action, status, actor, note="", reason=""):
    """Move an action to `status`, with an optional note for the timeline (and the e-mail)."""
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        previous = current.status
        current.status = status
        if status == Status.NOT_POSSIBLE:
            current.not_possible_reason = (reason or current.not_possible_reason or "").strip()
        if status == Status.DONE and not current.completed_on:
            current.completed_on = timezone.localdate()
        check_action(current)
        current.save()
        update = record_action_change(current, was_published=current.is_published, previous_status=previous,
                                      actor=actor, note=note)
    return current, update


def publish_action(action, actor, note=""):
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        was_published = current.is_published
        current.is_published = True
        check_action(current)
        current.save(update_fields=["is_published"])
        update = record_action_change(current, was_published=was_published, previous_status=current.status,
                                      actor=actor, note=note)
    return current, update


def hidden_themes(action):
    """The action's themes not shown on the website: a published action appears only under the
    themes that are (services/feedback.py published_themes)."""
    return list(action.themes.filter(is_published=False).order_by("sort_order", "pk"))


def add_progress_update(action, text, actor):
    if not (text or "").strip():
        raise ActionError("Write the update before saving it.")
    return record_action_change(action, was_published=action.is_published, previous_status=action.status,
                                actor=actor, note=text)


# The public timeline --------------------------------------------------------------------------

# What a status change means, said by the partnership to a resident ("We started this in March 2021").
STATUS_SENTENCE = {
    Status.PLANNED: "We planned this",
    Status.IN_PROGRESS: "We started this",
    Status.DONE: "We finished this",
    Status.NOT_POSSIBLE: "We found we could not do this",
}


@dataclass
class TimelineEntry:
    when: object  # an aware datetime
    sentence: str  # "We started this in March 2021"
    text: str  # the note staff wrote with it, if any


def timeline_entry(update):
    """One update in plain English: a status (on publication or a change) says what happened and
    when; a progress note is an update of that month."""
    month = date_format(timezone.localtime(update.created_at), "F Y")
    if update.kind == ActionUpdate.Kind.PROGRESS:
        sentence = f"Update, {month}"
    else:
        sentence = f"{STATUS_SENTENCE.get(update.status, 'We updated this')} in {month}"
    return TimelineEntry(update.created_at, sentence, (update.text or "").strip())


def with_timeline(actions):
    """`actions` (a queryset with updates prefetched) as a list, each with `timeline` and the
    resident's words for its status (`public_status`)."""
    from .feedback import PUBLIC_STATUS

    found = list(actions)
    for action in found:
        action.timeline = [timeline_entry(update) for update in action.updates.all()]
        action.public_status = PUBLIC_STATUS.get(action.status, action.get_status_display())
    return found


def public_actions():
    """Published actions of live, public exercises (what any public page may show)."""
    live = EngagementExercisePage.objects.live().public().values("pk")
    return Action.objects.filter(is_published=True, exercise__in=live)


def latest_change():
    """The latest thing that happened to a published action (for the home page), as
    (action, TimelineEntry), or None."""
    update = (ActionUpdate.objects.filter(action__in=public_actions()).select_related("action__exercise")
              .order_by("-created_at", "-pk").first())
    return (update.action, timeline_entry(update)) if update else None


def action_url(action):
    """Where an action is shown: its exercise's "You said, we did" page, at the action."""
    return f"{action.exercise.url}you-said-we-did/#action-{action.pk}"


def actions_recorded_in(page):
    """Published actions whose "read more" links name `page` (a highlight report or newsletter
    that records them): what that page links back to."""
    actions = list(public_actions().filter(evidence_links__page_id=page.pk).select_related("exercise")
                   .distinct().order_by("exercise__path", "sort_order", "pk"))
    from .feedback import PUBLIC_STATUS

    for action in actions:
        action.url = action_url(action)
        action.public_status = PUBLIC_STATUS.get(action.status, action.get_status_display())
    return actions


# Telling contributors ----------------------------------------------------------------------------


def contributors(action):
    """{address: [their responses]} of everyone who contributed to one of the action's themes,
    asked to hear back and has not stopped it (rejected and quarantined responses left out)."""
    responses = (Response.objects.filter(themes__actions=action, wants_updates=True, updates_stopped_at__isnull=True)
                 .exclude(email="").exclude(status__in=NOT_COUNTED).distinct().order_by("submitted_at", "pk")
                 .prefetch_related("themes"))
    found = {}
    for response in responses:
        found.setdefault(response.email.lower(), []).append(response)
    return found


def dedupe_key(action, update, email):
    return f"yswd:action:{action.pk}:update:{update.pk}:to:{email_digest(email)}"


def notify_contributors(update_id):
    """E-mail one update to every contributor (see the module docstring). Idempotent: running it
    again sends nobody a second copy. Returns how many e-mails were queued by this run."""
    update = ActionUpdate.objects.select_related("action__exercise", "action__partner").filter(pk=update_id).first()
    if update is None or not update.notifies or not update.action.is_published:
        return 0
    action = update.action
    exercise = action.exercise
    themes = list(action.themes.filter(is_published=True))
    queued = 0
    from mailer.models import OutgoingEmail

    with transaction.atomic():
        recipients = contributors(action)
        keys = {email: dedupe_key(action, update, email) for email in recipients}
        done = set(OutgoingEmail.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
        for email, responses in recipients.items():
            if keys[email] in done:
                continue
            their_themes = [theme for theme in themes if any(theme in r.themes.all() for r in responses)] or themes
            queue_email(email, "engagement/email/action_update", {
                "update": update, "action": action, "exercise": exercise, "themes": their_themes,
                "responded_on": responses[0].submitted_at, "outcome_url": outcome_url(exercise),
                "stop_url": stop_url(exercise, email),
            }, dedupe_key=keys[email])
            queued += 1
        ActionUpdate.objects.filter(pk=update.pk).update(notified_at=timezone.now(),
                                                         notified_count=len(recipients))
    return queued


def outcome_url(exercise):
    _, _, path = exercise.get_url_parts()
    return f"{settings.SITE_URL}{path}you-said-we-did/"


# Stopping updates --------------------------------------------------------------------------------


def stop_token(exercise, email):
    return signing.dumps({"e": exercise.pk, "d": email_digest(email)}, salt=STOP_SALT, compress=True)


def stop_url(exercise, email):
    from django.urls import reverse

    return settings.SITE_URL + reverse("feedback_stop_updates", args=[stop_token(exercise, email)])


def read_stop_token(token):
    """(exercise, address digest) from a stop link, or None when the link is not one of ours."""
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    exercise = EngagementExercisePage.objects.filter(pk=data.get("e")).first()
    return (exercise, data.get("d")) if exercise else None


def stop_updates(token):
    """Stop the e-mails about one exercise to the address in a stop link. Returns how many
    responses were changed (0 when already stopped), or None for a link that is not valid."""
    found = read_stop_token(token)
    if found is None:
        return None
    exercise, digest = found
    responses = [response for response in Response.objects.filter(exercise=exercise, wants_updates=True,
                                                                  updates_stopped_at__isnull=True).exclude(email="")
                 if email_digest(response.email) == digest]
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(updates_stopped_at=timezone.now())
    return len(responses)

