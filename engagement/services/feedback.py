"""Engagement exercises and the feedback residents send: the rules, as plain functions.

- When an exercise is open: `exercise_state` (UK dates; from midnight on the opening day to
  midnight at the end of the closing day).
- Responding: `submit_response` (online only while open; staff may type in a phone, paper or
  event response at any time after opening). The same form posted twice is one response; what a
  blocked sender sends is accepted but quarantined.
- What may be shown publicly: `public_quotes` is the ONE place that decides which words of
  anyone's response can appear on a public page: approved, not flagged for safeguarding, the
  person agreed to be quoted, a question that allows quoting, and only the redacted
  `public_text` staff approved.
- What the public pages count and list: `exercise_listing`, `exercise_outcome`,
  `outcome_listing`, `headline_figure`.
"""
import copy
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from base.languages import preferred_language
from base.models import Topic
from mailer.services import queue_email
from privacy.consents import current_wording
from privacy.services import email_digest, record_consent

from ..blocks import rating_choices
from ..equality import QUESTION_FIELDS, reveals_something
from . import tallies
from ..models import (
    Action, ActionUpdate, Answer, BlockedSender, EngagementExercisePage, EqualityMonitoring, EvidenceLink,
    ExerciseTally, Response, Theme, ThemeTally,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")
UPDATES_CONSENT = "feedback_updates"
PUBLICATION_CONSENT = "feedback_publication"
EQUALITY_CONSENT = "feedback_equality"
UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
NOT_COUNTED = (Response.Status.REJECTED, Response.Status.QUARANTINED)
PUBLISHABLE_CONSENTS = (Response.PublishConsent.NAMED, Response.PublishConsent.ANONYMOUS)
ACTED = (Action.Status.DONE, Action.Status.IN_PROGRESS)
QUOTES_PER_THEME = 3


class FeedbackError(Exception):
    """A feedback rule was not met. The message is written for the person responding."""


class ExerciseNotOpen(FeedbackError):
    pass


# The opening window ------------------------------------------------------------------------------


def opening_window(exercise):
    """(first moment, first moment after) the exercise is open, as aware UK datetimes."""
    start = datetime.datetime.combine(exercise.opens_on, datetime.time.min, tzinfo=LONDON)
    end = datetime.datetime.combine(exercise.closes_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=LONDON)
    return start, end


def exercise_state(exercise, now=None):
    """"upcoming" before the opening day, "open" from its first minute until the closing day
    ends (UK time, so British Summer Time is respected), then "closed"."""
    now = now or timezone.now()
    start, end = opening_window(exercise)
    if now < start:
        return UPCOMING
    if now >= end:
        return CLOSED
    return OPEN


def is_open(exercise, now=None):
    return exercise_state(exercise, now) == OPEN


def today():
    return timezone.localtime(timezone.now(), LONDON).date()


# Questions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    hint: str
    required: bool
    choices: list = field(default_factory=list)  # [(value, label)]
    multiple: bool = False
    quotable: bool = False

    @property
    def field_name(self):
        return f"q_{self.id.replace('-', '')}"


def questions(exercise):
    """The exercise's questions, in order, with the id of each question's block."""
    found = []
    for block in exercise.questions:
        value = block.value
        choices, multiple, quotable = [], False, False
        if block.block_type == Answer.Kind.CHOICE:
            choices = [(label, label) for label in value["choices"]]
            multiple = bool(value.get("multiple"))
        elif block.block_type == Answer.Kind.RATING:
            choices = rating_choices(value.get("scale"))
        elif block.block_type == Answer.Kind.FREE_TEXT:
            quotable = bool(value.get("quotable"))
        found.append(Question(id=str(block.id), kind=block.block_type, label=value["question"],
                              hint=value.get("hint") or "", required=bool(value.get("required")),
                              choices=choices, multiple=multiple, quotable=quotable))
    return found


# Responding ----------------------------------------------------------------------------------------


def sender_digest(value):
    """A keyed hash of an e-mail or internet address ('' for none): how blocks recognise a sender."""
    return email_digest(value) if value else ""


def is_blocked(email="", ip_address=""):
    digests = Q()
    if email:
        digests |= Q(email_digest=sender_digest(email))
    if ip_address:
        digests |= Q(ip_digest=sender_digest(ip_address))
    return bool(digests) and BlockedSender.objects.filter(digests).exists()


def submit_response(exercise, data, answers, *, equality_answers=None, equality_consent=False,
                    channel=Response.Channel.ONLINE, entered_by=None, ip_address="", source="", now=None,
                    language=None):
    """Store one response and its answers. Returns (response, created).

    `language`: the language the form was read in (base.languages.language_of_request()), kept as
    the person's preferred language: the e-mails they asked for are written in it.
    `data`: locality, email, wants_updates, publish_consent, display_name, submission_token.
    `answers`: {question id: text, chosen label(s) or rating value}; unanswered questions left out.
    Rules: an online response only while the exercise is open (ExerciseNotOpen otherwise); one
    typed in by staff any time after it opened (a paper form can arrive late). The e-mail
    address is kept only with consent to hear back; a name to quote only with consent to be
    quoted by name. A sender staff blocked gets the usual reply, but the response is quarantined.
    """
    now = now or timezone.now()
    start, _ = opening_window(exercise)
    if channel == Response.Channel.ONLINE and not is_open(exercise, now):
        raise ExerciseNotOpen(_not_open_message(exercise, now))
    if channel != Response.Channel.ONLINE and now < start:
        raise ExerciseNotOpen("This engagement has not opened yet, so responses cannot be added.")
    token = data.get("submission_token")
    if token and (existing := Response.objects.filter(submission_token=token).first()):
        return existing, False
    try:
        with transaction.atomic():
            return _create_response(exercise, data, answers, equality_answers or {}, equality_consent, channel,
                                    entered_by, ip_address, source, now, preferred_language(language)), True
    except IntegrityError:
        existing = Response.objects.filter(submission_token=token).first() if token else None
        if existing is None:
            raise
        return existing, False  # the same form, posted twice at once


def _not_open_message(exercise, now):
    if exercise_state(exercise, now) == UPCOMING:
        return gettext("This engagement opens on %(date)s. You cannot respond yet, so nothing was sent. "
                       "Please come back then.") % {"date": date_format(exercise.opens_on, "j F Y")}
    return gettext("This engagement closed on %(date)s, so we could not accept your response. You can still "
                   "contact us to tell us your views.") % {"date": date_format(exercise.closes_on, "j F Y")}


def _create_response(exercise, data, answers, equality_answers, equality_consent, channel, entered_by,
                     ip_address, source, now, language):
    wants_updates = bool(data.get("wants_updates") and data.get("email"))
    email = (data.get("email") or "").strip().lower() if wants_updates else ""
    consent = data.get("publish_consent") or Response.PublishConsent.NO
    blocked = is_blocked(email, ip_address)
    response = Response.objects.create(
        exercise=exercise,
        status=Response.Status.QUARANTINED if blocked else Response.Status.NEW,
        channel=channel,
        locality=data.get("locality") or "",
        publish_consent=consent,
        publish_consent_version=current_wording(PUBLICATION_CONSENT).version,
        display_name=(data.get("display_name") or "").strip() if consent == Response.PublishConsent.NAMED else "",
        email=email,
        wants_updates=wants_updates,
        updates_consent_version=current_wording(UPDATES_CONSENT).version if wants_updates else None,
        ip_digest=sender_digest(ip_address),
        submission_token=data.get("submission_token"),
        submitted_at=now,
        entered_by=entered_by if getattr(entered_by, "pk", None) else None,
        entered_by_label=getattr(entered_by, "email", "") or "",
        language=language,
    )
    Answer.objects.bulk_create(_answers(response, questions(exercise), answers))
    if equality_answers:
        save_equality_answers(response, equality_answers, consent=equality_consent)
    tallies.added([response.pk])
    if wants_updates:
        record_consent(email, UPDATES_CONSENT, source=source, language=language)
        from .loop import stop_url

        queue_email(email, "engagement/email/feedback_acknowledgement",
                    {"exercise": exercise, "exercise_url": _absolute(exercise.url), "stop_url": stop_url(exercise, email)},
                    dedupe_key=f"feedback-ack:{response.pk}", language=language)
    return response


def _answers(response, asked, given):
    rows = []
    for order, question in enumerate(asked):
        value = given.get(question.id)
        if value in (None, "", []):
            continue
        row = Answer(response=response, question_id=question.id, question=question.label[:300], kind=question.kind,
                     sort_order=order)
        if question.kind == Answer.Kind.FREE_TEXT:
            row.text = str(value).strip()
            row.quotable = question.quotable
        elif question.kind == Answer.Kind.CHOICE:
            chosen = list(value) if isinstance(value, (list, tuple)) else [value]
            allowed = [label for label, _ in question.choices]
            row.choices = [choice for choice in chosen if choice in allowed]
            row.text = "; ".join(row.choices)
        else:
            labels = dict(question.choices)
            row.rating = int(value) if str(value) in labels else None
            row.text = labels.get(str(value), "")
        if row.text:
            rows.append(row)
    return rows


def save_equality_answers(response, answers, *, consent):
    """The equality answers given with a response, stored apart with their own consent; answers
    that say something about the person are stored only with it."""
    answers = {name: answers.get(name, "") for name in QUESTION_FIELDS}
    if not any(answers.values()):
        return None
    if reveals_something(answers) and not consent:
        raise ValueError("Equality answers need the person's consent")
    return EqualityMonitoring.objects.create(
        response=response, context=EqualityMonitoring.Context.FEEDBACK, **answers,
        consent_version=current_wording(EQUALITY_CONSENT).version if consent else None)


def _absolute(path):
    from django.conf import settings

    return f"{settings.SITE_URL}{path}" if path and path.startswith("/") else path or settings.SITE_URL


# What public pages may show ------------------------------------------------------------------------


def counted_responses(exercise):
    """The responses that count as taking part (not rejected, not from a blocked sender)."""
    return Response.objects.filter(exercise=exercise).exclude(status__in=NOT_COUNTED)


def quotable_answers():
    """Answers to a quotable question, in a response staff approved, that has no safeguarding
    flag, whose sender agreed to be quoted, that have a `public_text` staff approved: public
    quotes wherever the exercise is live (public_quotes), and what tallies count."""
    return Answer.objects.filter(
        kind=Answer.Kind.FREE_TEXT, quotable=True, response__status=Response.Status.APPROVED,
        response__safeguarding_flagged_at__isnull=True, response__publish_consent__in=PUBLISHABLE_CONSENTS,
    ).exclude(public_text="")


def public_quotes(exercise=None, theme=None):
    """THE rule for anyone's words on a public page: `quotable_answers` of a live exercise; and
    then only the `public_text` staff approved (the redacted version)."""
    quotes = quotable_answers().filter(response__exercise__live=True).select_related("response")
    if exercise is not None:
        quotes = quotes.filter(response__exercise=exercise)
    if theme is not None:
        quotes = quotes.filter(response__themes=theme)
    return quotes.order_by("response__moderated_at", "pk")


def quote_attribution(response):
    """Who a quote is from, within their consent: the name they gave to show, or nobody."""
    if response.publish_consent == Response.PublishConsent.NAMED and response.display_name:
        return response.display_name
    return "Anonymous"


def with_response_counts(themes):
    """Themes annotated with `response_count`: the responses behind each that count (read from
    the theme's tally, services/tallies.py, not counted)."""
    return themes.annotate(response_count=Coalesce(Subquery(ThemeTally.objects.filter(
        theme=OuterRef("pk"), name=tallies.RESPONSES).values("value")[:1]), 0))


def published_actions():
    return Action.objects.filter(is_published=True)


def published_themes():
    return Theme.objects.filter(is_published=True, exercise__live=True)


# How a resident reads an action's status: the same words on every public page and e-mail, in
# the order of how far an action has got.
PUBLIC_STATUS = {
    Action.Status.DONE: "Done",
    Action.Status.IN_PROGRESS: "In progress",
    Action.Status.PLANNED: "Planned, not started yet",
    Action.Status.NOT_POSSIBLE: "Could not be done",
}
FURTHEST_FIRST = list(PUBLIC_STATUS)
UNDECIDED = "undecided"


@dataclass
class Headline:
    """What was done about the things people told us: each published theme counted once, under
    the furthest any of its published actions has got (done, then in progress, then planned,
    then could not be done), or as not decided yet when it has no action, so the rows add up to
    `themes`. The "things" are the published themes, not the actions: `not_possible` lists actions,
    and a theme with one action done and another not possible is counted once, as done."""

    themes: int
    acted_on: int  # done or in progress
    by_status: dict = field(default_factory=dict)  # status (or UNDECIDED) -> themes
    not_possible: list = field(default_factory=list)  # actions that could not be done, with their reason

    @property
    def percent(self):
        return round(100 * self.acted_on / self.themes) if self.themes else None

    @property
    def rows(self):
        """[(status, words, number of themes)] for the statuses that have any, furthest first."""
        rows = [(status, PUBLIC_STATUS[status], self.by_status.get(status, 0)) for status in FURTHEST_FIRST]
        rows.append((UNDECIDED, "Not decided yet", self.by_status.get(UNDECIDED, 0)))
        return [row for row in rows if row[2]]


def furthest_status(statuses):
    """The furthest of an action set's statuses (FURTHEST_FIRST), or UNDECIDED for none."""
    return next((status for status in FURTHEST_FIRST if status in statuses), UNDECIDED)


def headline_figure(themes=None):
    """The headline for `themes` (default: every published theme) in three queries: the themes,
    how far each got, and the published actions that could not be done (shown with why)."""
    themes = published_themes() if themes is None else themes
    theme_ids = list(themes.order_by().values_list("pk", flat=True).distinct())
    statuses = {theme_id: set() for theme_id in theme_ids}
    links = Action.themes.through.objects.filter(theme_id__in=theme_ids, action__is_published=True)
    for theme_id, status in links.values_list("theme_id", "action__status"):
        statuses[theme_id].add(status)
    by_status = {}
    for found in statuses.values():
        furthest = furthest_status(found)
        by_status[furthest] = by_status.get(furthest, 0) + 1
    not_possible = []
    if theme_ids:
        from .loop import action_url

        not_possible = list(published_actions().filter(themes__in=theme_ids, status=Action.Status.NOT_POSSIBLE)
                            .select_related("exercise").distinct().order_by("exercise__path", "sort_order", "pk"))
        for action in not_possible:
            action.url = action_url(action)
    acted = sum(by_status.get(status, 0) for status in ACTED)
    return Headline(themes=len(theme_ids), acted_on=acted, by_status=by_status, not_possible=not_possible)


def has_outcome(exercise):
    return published_themes().filter(exercise=exercise).exists()


@dataclass
class ThemeOutcome:
    theme: Theme
    response_count: int
    quotes: list  # at most QUOTES_PER_THEME
    quote_count: int  # all the quotes that may be shown
    actions: list


@dataclass
class ExerciseOutcome:
    exercise: EngagementExercisePage
    participants: int
    channels: list  # [(label, count)]
    themes: list  # [ThemeOutcome]
    headline: Headline
    quote_count: int


def _public_actions():
    return (published_actions().select_related("partner").prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.order_by("created_at", "pk")),
        Prefetch("evidence_links", queryset=EvidenceLink.objects.select_related("page").order_by("sort_order")),
    ).order_by("sort_order", "pk"))


def exercise_outcome(exercise):
    """Everything the exercise's public "You said, we did" page shows, within the rules above.

    Bounded work however many people responded: the counts are read from the exercise's tallies
    (services/tallies.py, kept as responses change) and each theme shows its first
    QUOTES_PER_THEME quotes (the rest are on the theme's own pages, see theme_quotes), so the
    number of queries, and the rows each reads, depend only on the number of themes.
    """
    counts, theme_counts = tallies.stored(exercise)
    if not exercise.live:  # public_quotes shows nothing of a page that is not live
        counts[tallies.QUOTES] = 0
        theme_counts = {pk: {**found, tallies.QUOTES: 0} for pk, found in theme_counts.items()}
    channels = [(label, counts[tallies.channel_name(value)]) for value, label in Response.Channel.choices
                if counts.get(tallies.channel_name(value))]
    themes = list(published_themes().filter(exercise=exercise).prefetch_related(
        Prefetch("actions", queryset=_public_actions(), to_attr="public_actions")).order_by("sort_order", "pk"))
    from .loop import with_timeline

    first_quotes = {}
    wanted = {theme.pk: min(QUOTES_PER_THEME, theme_counts.get(theme.pk, {}).get(tallies.QUOTES, 0)) for theme in themes}
    for quote in first_quotes_by_theme(exercise, wanted):
        quote.attribution = quote_attribution(quote.response)
        first_quotes.setdefault(quote.quote_theme, []).append(quote)
    outcomes, anchored = [], set()
    for theme in themes:
        for action in theme.public_actions:  # an action answering two themes is shown under each
            action.is_first_shown = action.pk not in anchored
            anchored.add(action.pk)
        found = theme_counts.get(theme.pk, {})
        outcomes.append(ThemeOutcome(theme, found.get(tallies.RESPONSES, 0), first_quotes.get(theme.pk, []),
                                     found.get(tallies.QUOTES, 0), with_timeline(theme.public_actions)))
    return ExerciseOutcome(exercise=exercise, participants=counts.get(tallies.PARTICIPANTS, 0), channels=channels,
                           themes=outcomes, headline=headline_figure(published_themes().filter(exercise=exercise)),
                           quote_count=counts.get(tallies.QUOTES, 0))


def first_quotes_by_theme(exercise, wanted):
    """The first public quotes of each theme, each with `quote_theme`: the theme it is shown under
    (a quote of two themes comes once for each). `wanted`: {theme id: how many to find}, at most
    QUOTES_PER_THEME and never more than the theme's tally of quotes, so the walk can stop.

    The exercise's quotes are read in public_quotes' order, FIRST_QUOTES_BATCH at a time with
    the themes of their responses, until every theme has its few: usually one batch (two
    queries), however many quotes there are. (A LIMIT per theme in one query made PostgreSQL
    sort every quote of every theme: 2 s at 50,000 responses.)"""
    missing = {theme_id: number for theme_id, number in wanted.items() if number}
    found, start = [], 0
    while missing:
        batch = list(public_quotes(exercise)[start:start + FIRST_QUOTES_BATCH])
        themes_of = {}
        for response_id, theme_id in Theme.responses.through.objects.filter(
                response_id__in={quote.response_id for quote in batch}, theme_id__in=list(missing)).values_list(
                "response_id", "theme_id"):
            themes_of.setdefault(response_id, []).append(theme_id)
        for quote in batch:
            for theme_id in sorted(themes_of.get(quote.response_id, [])):
                if missing.get(theme_id):
                    missing[theme_id] -= 1
                    if not missing[theme_id]:
                        del missing[theme_id]
                    found.append(copy.copy(quote))
                    found[-1].quote_theme = theme_id
        if len(batch) < FIRST_QUOTES_BATCH:
            break
        start += FIRST_QUOTES_BATCH
    return found


FIRST_QUOTES_BATCH = 500
QUOTES_PER_PAGE = 20


def theme_quotes(exercise, theme_id, page_number):
    """(theme, a Django Page of its public quotes, QUOTES_PER_PAGE a page) for the page listing
    every quote of one theme; None when the theme is not published on this exercise."""
    from django.core.paginator import Paginator

    theme = published_themes().filter(exercise=exercise, pk=theme_id).first()
    if theme is None:
        return None
    counts = dict(theme.tallies.values_list("name", "value"))
    theme.response_count = counts.get(tallies.RESPONSES, 0)
    paginator = Paginator(public_quotes(exercise, theme), QUOTES_PER_PAGE)
    paginator.count = counts.get(tallies.QUOTES, 0)  # the tally, instead of counting every quote
    page = paginator.get_page(page_number)
    for quote in page.object_list:
        quote.attribution = quote_attribution(quote.response)
    return theme, page


# Listings ------------------------------------------------------------------------------------------


@dataclass
class ExerciseListing:
    form: object
    filters: dict
    open: list
    upcoming: list
    closed: list


def _filter_exercises(exercises, form):
    filters = form.filters()
    for name, topic in filters.items():
        if name in ("pathway", "locality"):
            exercises = exercises.filter(topics=topic)
    return exercises, filters


def exercise_listing(index, params, now=None):
    """The "Have your say" page: open exercises closing soonest first, then upcoming ones opening
    soonest first, then closed ones most recent first; filters `pathway` and `locality` take a
    topic slug (others are ignored)."""
    from ..forms import ExerciseFilterForm

    exercises = EngagementExercisePage.objects.live().public().descendant_of(index)
    form = ExerciseFilterForm(params, topics=_used_topics(exercises))
    exercises, filters = _filter_exercises(exercises, form)
    exercises = list(exercises.prefetch_related("partners", "topics").order_by("closes_on", "pk"))
    grouped = {UPCOMING: [], OPEN: [], CLOSED: []}
    for exercise in exercises:
        grouped[exercise_state(exercise, now)].append(exercise)
    grouped[UPCOMING].sort(key=lambda e: (e.opens_on, e.pk))
    grouped[CLOSED].sort(key=lambda e: (e.closes_on, e.pk), reverse=True)
    return ExerciseListing(form=form, filters=filters, open=grouped[OPEN], upcoming=grouped[UPCOMING],
                           closed=grouped[CLOSED])


def _used_topics(exercises):
    return list(Topic.objects.filter(engagement_exercises__in=exercises, kind__in=[Topic.Kind.PATHWAY,
                                                                                   Topic.Kind.LOCALITY])
                .distinct().order_by("kind", "sort_order", "name"))


def open_exercises(limit=3, now=None):
    """Exercises open today, closing soonest first (for the home page)."""
    day = timezone.localtime(now or timezone.now(), LONDON).date()
    return list(EngagementExercisePage.objects.live().public().filter(opens_on__lte=day, closes_on__gte=day)
                .order_by("closes_on", "pk")[:limit])


@dataclass
class OutcomeCard:
    exercise: EngagementExercisePage
    participants: int
    themes: int
    actions_by_status: list  # [(status, number of actions)], furthest first


@dataclass
class OutcomeListing:
    form: object
    filters: dict
    cards: list
    headline: Headline
    description: str = ""


def outcome_listing(params):
    """The "You said, we did" index: every exercise with published themes, filterable by pathway,
    locality and action status, with the headline figure for what is shown. A fixed number of
    queries, however many exercises there are."""
    from ..forms.feedback import OutcomeFilterForm, describe_filters

    exercises = EngagementExercisePage.objects.live().public().filter(
        Exists(published_themes().filter(exercise=OuterRef("pk"))))
    form = OutcomeFilterForm(params, topics=_used_topics(exercises))
    exercises, filters = _filter_exercises(exercises, form)
    if status := filters.get("status"):
        exercises = exercises.filter(Exists(published_actions().filter(exercise=OuterRef("pk"), status=status)))
    exercises = list(exercises.annotate(participants=Coalesce(Subquery(
        ExerciseTally.objects.filter(exercise=OuterRef("pk"), name=tallies.PARTICIPANTS).values("value")[:1]), 0),
    ).order_by("-closes_on", "pk"))
    ids = [exercise.pk for exercise in exercises]
    theme_counts = dict(published_themes().filter(exercise_id__in=ids).order_by().values("exercise_id")
                        .annotate(n=Count("pk")).values_list("exercise_id", "n"))
    status_counts = {}
    for exercise_id, status, count in (published_actions().filter(exercise_id__in=ids).order_by()
                                       .values("exercise_id", "status").annotate(n=Count("pk"))
                                       .values_list("exercise_id", "status", "n")):
        status_counts.setdefault(exercise_id, {})[status] = count
    cards = [OutcomeCard(exercise, exercise.participants, theme_counts.get(exercise.pk, 0),
                         [(status, status_counts.get(exercise.pk, {}).get(status, 0)) for status in FURTHEST_FIRST
                          if status_counts.get(exercise.pk, {}).get(status)])
             for exercise in exercises]
    headline = headline_figure(published_themes().filter(exercise_id__in=ids))
    return OutcomeListing(form=form, filters=filters, cards=cards, headline=headline,
                          description=describe_filters(filters))


# Retention and erasure -----------------------------------------------------------------------------


def expired_responses(now=None):
    """Responses to exercises that closed more than FEEDBACK_CONTACT_RETENTION_DAYS ago and still
    hold something to remove: an e-mail or internet address, or (rejected and quarantined ones)
    anything at all."""
    from .. import app_settings

    day = timezone.localtime(now or timezone.now(), LONDON).date()
    cutoff = day - datetime.timedelta(days=app_settings.feedback_contact_retention_days())
    old = Response.objects.filter(exercise__closes_on__lt=cutoff)
    return old.filter(Q(status__in=NOT_COUNTED) | (Q(contact_removed_at__isnull=True) & (~Q(email="") | ~Q(ip_digest=""))))


def apply_retention(now=None):
    """Delete rejected and quarantined responses, and remove e-mail and internet addresses from the
    rest, once their retention period is over. What people said stays, without anything that says
    who they are (quotes stay within the consent they gave). Returns how many responses changed."""
    now = now or timezone.now()
    expired = expired_responses(now)
    to_delete = list(expired.filter(status__in=NOT_COUNTED).values_list("pk", flat=True))
    with tallies.track(to_delete):
        Response.objects.filter(pk__in=to_delete).delete()
    cleared = Response.objects.filter(pk__in=expired.exclude(status__in=NOT_COUNTED).values("pk")).update(
        email="", wants_updates=False, ip_digest="", submission_token=None, contact_removed_at=now)
    return len(to_delete) + cleared


def erase_responses(responses):
    """A person asked us to erase their data: their `responses` (with their answers and equality
    answers) are deleted; the themes they were part of count one fewer."""
    ids = list(responses.values_list("pk", flat=True))
    responses = Response.objects.filter(pk__in=ids)
    with tallies.track(ids):
        EqualityMonitoring.objects.filter(response__in=responses).delete()
        Answer.objects.filter(response__in=responses).delete()
        responses.delete()
    return len(ids)
