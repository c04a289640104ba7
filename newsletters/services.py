"""The newsletter archive: which issues a reader sees, grouped by year, and the latest issue."""
from dataclasses import dataclass, field


@dataclass
class ArchiveYear:
    year: int
    issues: list = field(default_factory=list)


@dataclass
class Archive:
    years: list  # every year with an issue, newest first (for the filter)
    selected_year: int | None  # the year asked for, when it is one of `years`
    groups: list  # [ArchiveYear] newest first, issues newest first within a year


def published_issues(index=None):
    """Live, public issues (below `index` when given), newest first."""
    from .models import NewsletterIssuePage

    issues = NewsletterIssuePage.objects.live().public()
    if index is not None:
        issues = issues.child_of(index)
    return issues.order_by("-date", "-pk")


def selected_year(value, years):
    """The year in a ?year= value, or None when it is missing, not a number or has no issues."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if year in years else None


def newsletter_archive(index, year_value=None):
    """The issues below `index` grouped by year, newest first; only the chosen year's issues
    when `year_value` names a year that has issues (anything else shows every year).

    Two queries however many issues there are.
    """
    issues = published_issues(index)
    years = [day.year for day in published_issues(index).dates("date", "year", order="DESC")]
    year = selected_year(year_value, years)
    if year is not None:
        issues = issues.filter(date__year=year)
    groups = []
    for issue in issues:
        if not groups or groups[-1].year != issue.date.year:
            groups.append(ArchiveYear(issue.date.year))
        groups[-1].issues.append(issue)
    return Archive(years=years, selected_year=year, groups=groups)


def latest_issue():
    return published_issues().first()


def latest_newsletter_section():
    """The home page's "Latest newsletter" section, or None before the first issue."""
    from base.home import HomeSection

    issue = latest_issue()
    if issue is None:
        return None
    return HomeSection("Latest newsletter", [issue], issue.get_parent().url, "All newsletters", order=50)


def issues_awaiting_approval():
    """Issues submitted to the approval workflow and not yet approved or rejected, oldest first."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowState

    from .models import NewsletterIssuePage

    content_type = ContentType.objects.get_for_model(NewsletterIssuePage)
    ids = WorkflowState.objects.active().filter(content_type=content_type).values_list("object_id", flat=True)
    return list(NewsletterIssuePage.objects.filter(pk__in=[int(pk) for pk in ids]).order_by("latest_revision_created_at"))


def draft_issues(limit=10):
    """Issues never published and not submitted for approval, newest first (including pages the
    editor's autosave created for an issue someone started and left)."""
    from .models import NewsletterIssuePage

    waiting = {issue.pk for issue in issues_awaiting_approval()}
    return [issue for issue in NewsletterIssuePage.objects.not_live().order_by("-latest_revision_created_at")[:limit]
            if issue.pk not in waiting]
