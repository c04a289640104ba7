"""The counts "You said, we did" pages show, kept as responses change instead of counted on
every request, so a page costs the same with fifty responses or fifty thousand.

The invariant: the tally rows of every exercise and theme equal what `recount` computes from
scratch with the rules in services/feedback.py:

- exercise "participants": its responses that count (`counted_responses`);
- exercise "channel:<channel>": those of them sent through that channel;
- exercise "quotes": its answers `quotable_answers` allows (public_quotes without the page's
  own live check, which is applied when reading);
- theme "responses" and "quotes": the same, for the responses linked to the theme.

Every service that creates or deletes responses, or changes what they count for (status,
safeguarding flag, publishing consent, published text, themes), does it inside
`track(response ids)`: what those responses add to each count is read before and after, and
the difference is applied in the same transaction with F() updates (two changes at once both
count). The work is proportional to the responses changed, never to all of them. `recount`
is the backfill (migration 0007) and the repair (`manage.py recount_feedback`); data written
straight to the database, as the benchmark and some tests do, needs it.
"""
from collections import Counter
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, F, Q

from base.spreadsheets import batches

from ..models import ExerciseTally, Response, Theme, ThemeTally

PARTICIPANTS, QUOTES, RESPONSES = "participants", "quotes", "responses"
EXERCISE, THEME = "exercise", "theme"
BATCH = 2000


def channel_name(channel):
    return f"channel:{channel}"


@contextmanager
def track(response_ids):
    """Keep the tallies right across a change to these responses (made inside the block). The
    responses are locked before they are read, so a change made to one of them at the same time
    waits and is counted once."""
    response_ids = list(response_ids)
    with transaction.atomic():
        for batch in batches(response_ids, BATCH):  # locked first: a change at the same time waits
            list(Response.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list("pk"))
        before = contributions(response_ids)
        yield
        after = contributions(response_ids)
        after.subtract(before)
        _apply(after)


def added(response_ids):
    """Count new responses (created in the caller's transaction)."""
    _apply(contributions(list(response_ids)))


def contributions(response_ids):
    """Counter {(EXERCISE or THEME, its id, name): what these responses add}, in three queries per
    BATCH responses."""
    from .feedback import NOT_COUNTED, quotable_answers  # feedback's rules; it imports this module

    found = Counter()
    for batch in batches(response_ids, BATCH):
        counted = {}
        for pk, exercise_id, channel in (Response.objects.filter(pk__in=batch).exclude(status__in=NOT_COUNTED)
                                         .values_list("pk", "exercise_id", "channel")):
            counted[pk] = exercise_id
            found[EXERCISE, exercise_id, PARTICIPANTS] += 1
            found[EXERCISE, exercise_id, channel_name(channel)] += 1
        quotes = dict(quotable_answers().filter(response_id__in=batch).order_by().values("response_id")
                      .annotate(n=Count("pk")).values_list("response_id", "n"))
        for response_id, number in quotes.items():
            found[EXERCISE, counted[response_id], QUOTES] += number
        links = Theme.responses.through.objects.filter(response_id__in=counted).values_list("response_id", "theme_id")
        for response_id, theme_id in links:
            found[THEME, theme_id, RESPONSES] += 1
            if quotes.get(response_id):
                found[THEME, theme_id, QUOTES] += quotes[response_id]
    return found


def _apply(changes):
    changes = {key: change for key, change in changes.items() if change}
    for kind, model, owner in ((EXERCISE, ExerciseTally, "exercise_id"), (THEME, ThemeTally, "theme_id")):
        mine = {(key[1], key[2]): change for key, change in changes.items() if key[0] == kind}
        if not mine:
            continue
        model.objects.bulk_create([model(**{owner: owner_id}, name=name) for owner_id, name in mine],
                                  ignore_conflicts=True)
        for (owner_id, name), change in sorted(mine.items()):  # one order, so two changes never deadlock
            model.objects.filter(**{owner: owner_id}, name=name).update(value=F("value") + change)


def recount(exercise):
    """Count the exercise's tallies, and its themes', from scratch (a few queries over all its
    responses: for backfilling and repair, never on a page)."""
    from .feedback import NOT_COUNTED, counted_responses, quotable_answers

    counted = counted_responses(exercise)
    exercise_rows = {PARTICIPANTS: counted.count(), QUOTES: quotable_answers().filter(response__exercise=exercise).count()}
    for channel, number in counted.order_by().values("channel").annotate(n=Count("pk")).values_list("channel", "n"):
        exercise_rows[channel_name(channel)] = number
    theme_rows = {}
    themes = Theme.objects.filter(exercise=exercise).annotate(
        counted=Count("responses", filter=~Q(responses__status__in=NOT_COUNTED), distinct=True))
    theme_ids = []
    for theme_id, number in themes.values_list("pk", "counted"):
        theme_ids.append(theme_id)
        theme_rows[theme_id, RESPONSES] = number
    for theme_id, number in (quotable_answers().filter(response__themes__in=theme_ids).order_by()
                             .values("response__themes").annotate(n=Count("pk", distinct=True))
                             .values_list("response__themes", "n")):
        theme_rows[theme_id, QUOTES] = number
    with transaction.atomic():
        ExerciseTally.objects.filter(exercise=exercise).delete()
        ThemeTally.objects.filter(theme__exercise=exercise).delete()
        ExerciseTally.objects.bulk_create([ExerciseTally(exercise=exercise, name=name, value=value)
                                           for name, value in exercise_rows.items() if value])
        ThemeTally.objects.bulk_create([ThemeTally(theme_id=theme_id, name=name, value=value)
                                        for (theme_id, name), value in theme_rows.items() if value])


def stored(exercise):
    """({name: value} of the exercise, {theme id: {name: value}} of its themes), counts of 0 left
    out: two queries."""
    exercise_counts = dict(ExerciseTally.objects.filter(exercise=exercise).exclude(value=0)
                           .values_list("name", "value"))
    theme_counts = {}
    for theme_id, name, value in ThemeTally.objects.filter(theme__exercise=exercise).exclude(value=0).values_list(
            "theme_id", "name", "value"):
        theme_counts.setdefault(theme_id, {})[name] = value
    return exercise_counts, theme_counts
