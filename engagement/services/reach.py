"""The User Group reach dashboard: who the group reaches, compared with Walsall's population.

Counts are of people: active members, and people applying (new, contacted or induction booked).
Every count of a group (a locality, an age band...) goes through `suppress_counts`, the one
small-number rule, so that nobody can be picked out of a small group. The totals and the
monthly figures are shown in full: they say how many, never who or what anyone is, and they
keep the dashboard useful while the group is small. Because the totals are shown, the rule
hides a second count whenever a hidden one could be worked out from the total.

The preferred languages (the language people applied, responded or signed up in) are counted
for each source other apps declare through the "reach_dashboard_language_sources" hook: how
many applications, feedback responses and newsletter subscribers there are in each language,
counted in the database and named in English for staff, under the same small-number rule.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from base.languages import english_name
from base.models import Topic

from .. import equality
from ..localities import Locality
from ..models import EqualityMonitoring, ReachTarget, Response, StatusChange, UserGroupApplication
from .user_group import IN_PROGRESS

Status = UserGroupApplication.Status

SUPPRESS_BELOW = 5
SUPPRESSED_TEXT = "fewer than 5"
# A group is under-represented when its share is below this fraction of its target share.
UNDER_REPRESENTED_RATIO = Decimal("0.8")
TREND_MONTHS = 12
CHART_SCALE = 0.6

MEMBERS, APPLICANTS = "members", "applicants"
POPULATIONS = {MEMBERS: [Status.ACTIVE], APPLICANTS: IN_PROGRESS}
NOT_ANSWERED, PREFER_NOT_TO_SAY = "", equality.PREFER_NOT_TO_SAY

# Walsall's population (Census 2021), rounded: APPROXIMATE, edit to match the latest ONS figures.
# Shares are of people who answered. Seeded into ReachTarget, where staff edit them.
TARGETS_NOTE = "Approximate, from Walsall's Census 2021 profile: edit to match the latest ONS figures."
DEFAULT_TARGETS = {
    "locality": {"north": 25, "south": 25, "east": 25, "west": 25},
    "age_band": {"18_24": 11, "25_34": 17, "35_44": 16, "45_54": 16, "55_64": 16, "65_74": 12, "75_plus": 12},
    "sex": {"female": 51, "male": 49},
    "gender_identity_same": {"yes": 99, "no": 1},
    "ethnic_group": {"white": 71, "asian": 19, "black": 4, "mixed": 3, "other": 3},
    "disability": {"yes": 20, "no": 80},
    "sexual_orientation": {"straight": 96, "gay_lesbian": 2, "bisexual": 1, "other": 1},
    "religion": {"christian": 50, "none": 31, "muslim": 10, "sikh": 6, "hindu": 2, "other": 1},
    "unpaid_carer": {"yes": 10, "no": 90},
}


def seed_default_targets(model=ReachTarget):
    """Create the default targets that do not exist yet (a data migration passes its model)."""
    for category, values in DEFAULT_TARGETS.items():
        for value, share in values.items():
            model.objects.get_or_create(category=category, value=value,
                                        defaults={"share": Decimal(share), "note": TARGETS_NOTE})


# The one small-number rule ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: `count` is None when it is suppressed."""

    count: int | None

    @property
    def suppressed(self):
        return self.count is None

    def __str__(self):
        return SUPPRESSED_TEXT if self.count is None else f"{self.count:,}"


def suppress_counts(counts):
    """{key: count} -> {key: Cell}, hiding every count from 1 to 4 as "fewer than 5".

    Zero is shown (it identifies nobody). When only one count in a set is hidden, the next
    smallest is hidden too (a zero when there is no other), so the hidden one cannot be worked
    out by subtracting the others from the total, which is shown. Every view, chart and export
    uses this function.
    """
    hidden = {key for key, count in counts.items() if 0 < count < SUPPRESS_BELOW}
    if len(hidden) == 1:
        shown = sorted((count == 0, count, order) for order, (key, count) in enumerate(counts.items())
                       if key not in hidden)
        if shown:
            hidden.add(list(counts)[shown[0][2]])
    return {key: Cell(None if key in hidden else count) for key, count in counts.items()}


def suppress(count):
    """One count on its own (a total, a month): the same rule."""
    return suppress_counts({"count": count})["count"]


# The dashboard ---------------------------------------------------------------------------------


@dataclass
class Row:
    value: str
    label: str
    cells: dict                 # population -> Cell
    shares: dict                # population -> share (per cent) or None when not shown
    below_target: dict          # population -> True, False or None (too few to tell)
    target: Decimal | None = None
    counts_in_share: bool = True  # False for "Prefer not to say" and "Not answered"

    def text(self, population):
        """What the chart and table say for one population, e.g. "40% (6)" or "fewer than 5"."""
        cell, share = self.cells[population], self.shares[population]
        if cell.suppressed:
            return SUPPRESSED_TEXT
        return f"{share}% ({cell})" if share is not None else str(cell)

    @property
    def chart(self):
        """Per population: bar length and where its text starts (per cent of the chart width).
        Bars use at most 60% of the width, leaving room for the text after them."""
        bars = {}
        target = self.target_position or 0.0
        for population, share in self.shares.items():
            width = float(share) * CHART_SCALE if share is not None else 0.0
            # The text starts after the bar and the target line, so the line never crosses it.
            bars[population] = {"width": width, "text_x": max(width, target) + 1, "text": self.text(population)}
        return bars

    @property
    def target_position(self):
        return float(self.target) * CHART_SCALE if self.target is not None else None

    @property
    def under_represented(self):
        """In words: where this group is below its target, or "" when it is not (or we cannot tell)."""
        below = [name for population, name in ((MEMBERS, "members"), (APPLICANTS, "people applying"))
                 if self.below_target.get(population)]
        return "Yes, among " + " and ".join(below) if below else ""


@dataclass
class Section:
    key: str
    label: str
    rows: list
    special_category: bool = False
    several_answers: bool = False  # people could choose more than one (shares add up to more than 100%)
    answered: dict = field(default_factory=dict)  # population -> Cell of people counted in the shares

    @property
    def chart_rows(self):
        return [row for row in self.rows if row.counts_in_share]

    @property
    def nobody_from(self):
        """Groups with nobody at all yet (a zero is never hidden): useful however small the group."""
        return [row.label for row in self.chart_rows
                if all(cell.count == 0 for cell in row.cells.values())]

    @property
    def all_hidden(self):
        """Every group that has someone is "fewer than 5": only the totals say anything here."""
        return all(cell.suppressed or not cell.count for row in self.rows for cell in row.cells.values())


@dataclass
class LanguageCounts:
    """How many of each source (applications, responses, subscribers) are in each language."""

    sources: list         # the sources' names, one column each
    rows: list            # [(language named in English, [Cell per source])], in settings.LANGUAGES order


@dataclass
class Dashboard:
    totals: dict          # population -> Cell
    sections: list
    trend: list           # [{"month": date, "received": Cell, "joined": Cell, "left": Cell}], in full
    include_equality: bool
    generated_at: datetime.datetime
    languages: LanguageCounts | None = None


def category_label(category):
    labels = {"locality": "Locality", "pathway": "Priority pathway", "heard_about": "How they heard about the group"}
    labels.update({q.field: q.report_label for q in equality.QUESTIONS})
    return labels.get(category, category)


def value_label(category, value):
    if category == "locality":
        return dict(Locality.choices).get(value, value)
    if category == "heard_about":
        return dict(UserGroupApplication.HeardAbout.choices).get(value, value)
    try:
        return dict(equality.question(category).report_values()).get(value, value)
    except StopIteration:
        return value


def build_dashboard(include_equality=False, now=None, language_sources=()):
    """Everything the dashboard shows, already suppressed. Equality sections only when asked
    (the caller checks the permission and logs the access). `language_sources`: see language_counts."""
    now = now or timezone.now()
    people = UserGroupApplication.objects.filter(status__in=[s for group in POPULATIONS.values() for s in group])
    population_of = {status: population for population, statuses in POPULATIONS.items() for status in statuses}
    totals_raw = {population: 0 for population in POPULATIONS}
    for row in people.values("status").annotate(n=Count("pk")):
        totals_raw[population_of[row["status"]]] += row["n"]
    targets = _targets()

    sections = [
        _single_choice_section("locality", people, population_of, totals_raw, targets,
                               list(Locality.choices)),
        _pathway_section(people, population_of, totals_raw),
        _single_choice_section("heard_about", people, population_of, totals_raw, targets,
                               list(UserGroupApplication.HeardAbout.choices)),
    ]
    if include_equality:
        sections += _equality_sections(population_of, totals_raw, targets)
    return Dashboard(
        totals={population: Cell(count) for population, count in totals_raw.items()},
        sections=sections, trend=monthly_trend(now), include_equality=include_equality, generated_at=now,
        languages=language_counts(language_sources) if language_sources else None,
    )


def language_sources():
    """This app's sources for language_counts: every application received, and the responses
    people sent online (staff type in the others, in English)."""
    return [("User Group applications", UserGroupApplication.objects.all()),
            ("Feedback responses sent online", Response.objects.filter(channel=Response.Channel.ONLINE))]


def language_counts(sources):
    """[(name, queryset of a model with a `language` field (base.languages.PreferredLanguageField))]
    -> LanguageCounts: one GROUP BY per source, each source's counts suppressed together."""
    codes = [code for code, _name in settings.LANGUAGES]
    columns = []
    for _name, queryset in sources:
        found = dict(queryset.order_by().values_list("language").annotate(n=Count("pk")))
        columns.append(suppress_counts({code: found.get(code, 0) for code in codes}))
    return LanguageCounts(sources=[name for name, _queryset in sources],
                          rows=[(english_name(code), [cells[code] for cells in columns]) for code in codes])


def _targets():
    targets = {}
    for target in ReachTarget.objects.exclude(share=None):
        targets.setdefault(target.category, {})[target.value] = target.share
    return targets


def _tally(rows, population_of, key):
    """[{"status", key, "n"}] -> {population: {value: n}}."""
    tally = {population: {} for population in POPULATIONS}
    for row in rows:
        counts = tally[population_of[row["status"]]]
        counts[row[key]] = counts.get(row[key], 0) + row["n"]
    return tally


def _single_choice_section(category, people, population_of, totals_raw, targets, choices):
    tally = _tally(people.values("status", category).annotate(n=Count("pk")), population_of, category)
    return _section(category, choices, tally, totals_raw, targets.get(category, {}))


def _pathway_section(people, population_of, totals_raw):
    pathways = list(Topic.objects.filter(kind=Topic.Kind.PATHWAY).values_list("pk", "name"))
    through = UserGroupApplication.interests.through.objects.filter(
        usergroupapplication__in=people, topic__kind=Topic.Kind.PATHWAY)
    rows = through.values("topic_id", status=F("usergroupapplication__status")).annotate(n=Count("pk"))
    tally = _tally(rows, population_of, "topic_id")
    section = _section("pathway", pathways, tally, totals_raw, {}, with_unanswered=False)
    section.several_answers = True
    return section


def _equality_sections(population_of, totals_raw, targets):
    """One GROUP BY per question, counted in the database: the number of queries and the rows
    read do not grow with the number of people."""
    answers = EqualityMonitoring.objects.filter(application__status__in=list(population_of))
    sections = []
    for q in equality.QUESTIONS:
        tally = {population: {} for population in POPULATIONS}
        for row in answers.values("application__status", q.field).annotate(n=Count("pk")).order_by():
            counts = tally[population_of[row["application__status"]]]
            value = q.report_value(row[q.field])
            counts[value] = counts.get(value, 0) + row["n"]
        section = _section(q.field, q.report_values(), tally, totals_raw, targets.get(q.field, {}))
        section.special_category = True
        sections.append(section)
    return sections


def _section(category, choices, tally, totals_raw, targets, with_unanswered=True):
    """Rows for each choice (plus 'Prefer not to say' and 'Not answered'), suppressed per population."""
    values = [(str(value), label) for value, label in choices]
    keys = [value for value, _ in values]
    raw = {}
    for population in POPULATIONS:
        counts = {str(key): n for key, n in tally[population].items() if key is not None}
        population_counts = {key: counts.get(key, 0) for key in keys}
        if with_unanswered:
            population_counts[PREFER_NOT_TO_SAY] = counts.get(PREFER_NOT_TO_SAY, 0)
            answered = sum(population_counts.values())
            population_counts[NOT_ANSWERED] = max(totals_raw[population] - answered, 0)
        raw[population] = population_counts
    if with_unanswered:
        values += [(PREFER_NOT_TO_SAY, "Prefer not to say"), (NOT_ANSWERED, "Not answered")]
    cells = {population: suppress_counts(raw[population]) for population in POPULATIONS}
    if with_unanswered:
        denominators = {population: sum(raw[population][key] for key in keys) for population in POPULATIONS}
    else:
        denominators = dict(totals_raw)
    rows = []
    for value, label in values:
        in_share = value not in (PREFER_NOT_TO_SAY, NOT_ANSWERED)
        target = targets.get(value) if in_share else None
        shares, below = {}, {}
        for population in POPULATIONS:
            cell, count, total = cells[population][value], raw[population][value], denominators[population]
            share = _share(count, total) if in_share and total else None
            shares[population] = None if cell.suppressed or share is None else share
            below[population] = _below_target(count, total, target, cell) if in_share else None
        rows.append(Row(value=value, label=label, cells={p: cells[p][value] for p in POPULATIONS},
                        shares=shares, below_target=below, target=target, counts_in_share=in_share))
    return Section(key=category, label=category_label(category), rows=rows,
                   answered={population: _answered(denominators[population], cells[population], keys)
                             for population in POPULATIONS})


def _answered(count, cells, keys):
    """How many answered: hidden when exactly one answer's count is hidden, which it would give away."""
    hidden = [key for key in keys if cells[key].suppressed]
    return Cell(None) if len(hidden) == 1 else suppress(count)


def _share(count, total):
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("1"))


def _below_target(count, total, target, cell):
    """True or False; None when there is no target, too few people, or it would reveal a hidden count."""
    if target is None or total < SUPPRESS_BELOW:
        return None
    threshold = Decimal(total) * Decimal(target) / 100 * UNDER_REPRESENTED_RATIO
    if cell.suppressed and count < SUPPRESS_BELOW:
        # Say so only when every hidden value (1 to 4) would be below target, which reveals nothing.
        return True if Decimal(SUPPRESS_BELOW - 1) < threshold else None
    return Decimal(count) < threshold


def monthly_trend(now=None, months=TREND_MONTHS):
    """Applications received, people who became members and people who left, per month, in full
    (how many, never who: see the module docstring)."""
    now = timezone.localtime(now or timezone.now())
    first = now.date().replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        starts.insert(0, (starts[0] - datetime.timedelta(days=1)).replace(day=1))
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))

    def per_month(queryset, date_field):
        rows = queryset.filter(**{f"{date_field}__gte": since}).annotate(month=TruncMonth(date_field)).values(
            "month").annotate(n=Count("pk"))
        return {_as_date(row["month"]): row["n"] for row in rows}

    received = per_month(UserGroupApplication.objects.all(), "created_at")
    joined = per_month(StatusChange.objects.filter(to_status=Status.ACTIVE), "changed_at")
    left = per_month(StatusChange.objects.filter(to_status=Status.LEFT), "changed_at")
    trend = [{"month": start, "received": Cell(received.get(start, 0)), "joined": Cell(joined.get(start, 0)),
              "left": Cell(left.get(start, 0))} for start in starts]
    largest = max([month["received"].count or 0 for month in trend] + [1])
    for month in trend:
        month["bar"] = (month["received"].count or 0) / largest * 100 * CHART_SCALE
        month["text_x"] = month["bar"] + 1
    return trend


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# Export -----------------------------------------------------------------------------------------


def dashboard_rows(dashboard):
    """The dashboard as CSV rows: the same cells the page shows, nothing more. Count columns hold
    numbers only (empty when hidden), so a spreadsheet can add them up; whether a count is
    hidden is in its own column."""
    rows = [
        ["User Group reach", f"generated {timezone.localtime(dashboard.generated_at):%d %B %Y %H:%M}"],
        [f"Counts from 1 to 4 are left empty, with '{SUPPRESSED_TEXT}' in the column after them."],
        [],
        ["Section", "Group", "Active members", "Active members hidden", "Members share (%)",
         "People applying", "People applying hidden", "Applying share (%)", "Target share (%)",
         "Members below target", "Applying below target"],
        ["Total", "All", *_count(dashboard.totals[MEMBERS]), "", *_count(dashboard.totals[APPLICANTS]),
         "", "", "", ""],
    ]
    for section in dashboard.sections:
        for row in section.rows:
            rows.append([
                section.label, row.label,
                *_count(row.cells[MEMBERS]), _number(row.shares[MEMBERS]),
                *_count(row.cells[APPLICANTS]), _number(row.shares[APPLICANTS]),
                _number(row.target), _flag(row.below_target[MEMBERS]), _flag(row.below_target[APPLICANTS]),
            ])
    if dashboard.languages:
        rows += [[], ["Preferred language", *[heading for source in dashboard.languages.sources
                                              for heading in (source, f"{source} hidden")]]]
        for language, cells in dashboard.languages.rows:
            rows.append([language, *[value for cell in cells for value in _count(cell)]])
    rows += [[], ["Month", "Applications received", "Became members", "Left"]]
    for month in dashboard.trend:
        rows.append([month["month"].strftime("%B %Y"), month["received"].count, month["joined"].count,
                     month["left"].count])
    return rows


def _count(cell):
    """[number or "", "fewer than 5" or ""]: a count column and its "hidden" column."""
    return ["", SUPPRESSED_TEXT] if cell.suppressed else [cell.count, ""]


def _number(value):
    """A share or target as a plain number (50, 12.5), or "" when there is none."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def _flag(value):
    return {True: "yes", False: "no"}.get(value, "")
