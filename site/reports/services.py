"""Highlight reports: which exist, how they are listed, filtered and shown."""
import math
from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Paginator

from base.models import Topic

from .forms import HighlightReportFilterForm
from .models import HighlightReportPage

PER_PAGE = 12
FEED_LENGTH = 20
# How the report page and the filter group topics, in this order.
KIND_HEADINGS = {
    Topic.Kind.PROGRAMME_AREA: "Programme areas",
    Topic.Kind.PATHWAY: "Priority pathways",
    Topic.Kind.LOCALITY: "Localities",
}
OTHER_HEADING = "Other updates"


def report_title(month):
    """The title a report gets when editors leave it empty: "Highlight report November 2020"."""
    return f"Highlight report {month:%B %Y}"


def month_is_taken(month, exclude=None):
    """One report per month: is there another report (live or draft) for `month`?"""
    others = HighlightReportPage.objects.filter(month=month.replace(day=1))
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def topics_in(report):
    """The topics the report's decisions, updates, risks and next steps are about."""
    ids = set()
    for stream in (report.key_decisions, report.updates, report.risks, report.next_steps):
        for item in stream.raw_data:
            topic_id = (item.get("value") or {}).get("topic")
            if topic_id:
                ids.add(topic_id)
    return list(Topic.objects.filter(pk__in=ids)) if ids else []


def live_reports(index=None):
    """Reports the public can see, under `index` if given."""
    reports = HighlightReportPage.objects.live().public()
    if index is not None:
        reports = reports.child_of(index)
    return reports


def latest_report():
    """The newest public report on the site (by month), or None."""
    return live_reports().order_by("-month", "-pk").first()


def latest_reports(index, limit=FEED_LENGTH):
    """The newest reports under `index`, for the feed."""
    return list(live_reports(index).select_related("pdf").order_by("-month", "-pk")[:limit])


@dataclass
class ReportListing:
    form: HighlightReportFilterForm
    page: object  # a django.core.paginator.Page of reports
    years: list  # [(year, [reports])] on this page, newest first
    filters: dict = field(default_factory=dict)  # the valid filters applied: {"year": 2020, "topic": Topic}

    @property
    def page_range(self):
        return self.page.paginator.get_elided_page_range(self.page.number, on_each_side=1, on_ends=1)


def report_listing(index, params):
    """The index page's reports: newest first, filtered by the valid `year` and `topic` in
    `params` (others are ignored), `PER_PAGE` a page (a page number past the end shows the
    last page), grouped by year. The number of queries does not grow with the reports."""
    reports = live_reports(index)
    years = [day.year for day in reports.dates("month", "year", order="DESC")]
    topics = list(Topic.objects.filter(highlight_reports__in=reports).distinct())
    form = HighlightReportFilterForm(params, years=years, topic_groups=group_topics(topics))
    filters = form.filters()
    if "year" in filters:
        reports = reports.filter(month__year=filters["year"])
    if "topic" in filters:
        filters["topic"] = next(topic for topic in topics if topic.slug == filters["topic"])
        reports = reports.filter(topics=filters["topic"])
    reports = reports.order_by("-month", "-pk").prefetch_related("topics")
    page = Paginator(reports, PER_PAGE).get_page(params.get("page"))
    by_year = [(year, list(items)) for year, items in groupby(page, key=lambda report: report.month.year)]
    return ReportListing(form=form, page=page, years=by_year, filters=filters)


def group_topics(topics):
    """[(kind heading, [topics])] in KIND_HEADINGS order, leaving out empty kinds."""
    return [
        (heading, [topic for topic in topics if topic.kind == kind])
        for kind, heading in KIND_HEADINGS.items()
        if any(topic.kind == kind for topic in topics)
    ]


@dataclass
class ReportSections:
    decisions: list
    update_groups: list  # [(heading, [update values])], by the kind of topic each is about
    risks: list
    next_steps: list


def report_sections(report):
    """A report's blocks for its page: updates grouped by programme area, priority pathway
    and locality (in the order editors wrote them within each group)."""
    updates = [block.value for block in report.updates]
    groups = [
        (heading, [update for update in updates if update["topic"] and update["topic"].kind == kind])
        for kind, heading in KIND_HEADINGS.items()
    ]
    groups.append((OTHER_HEADING, [update for update in updates if not update["topic"]]))
    return ReportSections(
        decisions=[block.value for block in report.key_decisions],
        update_groups=[(heading, items) for heading, items in groups if items],
        risks=[block.value for block in report.risks],
        next_steps=[block.value for block in report.next_steps],
    )


def document_summary(document):
    """How a download is described next to its link: "PDF, 24 KB"."""
    kind = document.file_extension.upper() or "File"
    size = document.get_file_size()
    if not size:
        return kind
    if size < 1024 * 1024:
        return f"{kind}, {max(1, math.ceil(size / 1024))} KB"
    return f"{kind}, {size / (1024 * 1024):.1f} MB"

